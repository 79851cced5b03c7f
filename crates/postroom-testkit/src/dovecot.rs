//! A private Dovecot process: start, seed, poke, stop.

use crate::config::{self, Layout};
use crate::imap_client::ImapClient;
use crate::system::Identity;
use crate::users::UserDb;
use crate::{free_port, lmtp};
use std::fs;
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::thread;
use std::time::{Duration, Instant};
use tempfile::TempDir;

/// The name of the `\All` folder made by [`Options::all_mail`], as Gmail
/// spells its All Mail folder.
pub const ALL_MAIL: &str = "[Gmail]/All Mail";

const HOST: &str = "127.0.0.1";
const START_TIMEOUT: Duration = Duration::from_secs(20);
const STOP_TIMEOUT: Duration = Duration::from_secs(10);
const POLL: Duration = Duration::from_millis(5);
/// Folder that `reset_uidvalidity` parks messages in.
const PARKING: &str = "postroom-testkit-uidvalidity-reset";

/// How a [`Dovecot`] is set up.
#[derive(Debug, Clone)]
pub struct Options {
    /// Also make [`ALL_MAIL`] (`[Gmail]/All Mail`), a plain folder with the
    /// `\All` special-use flag, auto-created and subscribed. Dovecot does not
    /// fill it: to imitate Gmail, append each message there too.
    pub all_mail: bool,
    /// Advertise `IDLE`. With `false` the capability list lacks `IDLE` (the
    /// command itself still works), to test polling.
    pub idle: bool,
    /// Appended verbatim to the generated `dovecot.conf`.
    pub extra_config: String,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            all_mail: false,
            idle: true,
            extra_config: String::new(),
        }
    }
}

/// A private Dovecot (IMAP + LMTP) for one test. See the crate docs.
///
/// Every user has a Maildir with `Sent`, `Drafts`, `Junk` and `Trash`
/// (special-use, auto-created and subscribed); logins are plaintext
/// (`LOGIN` or `AUTHENTICATE PLAIN`) without TLS. Stopped, and its directory
/// removed, on `Drop`.
pub struct Dovecot {
    dir: Option<TempDir>,
    layout: Layout,
    who: Identity,
    imap_port: u16,
    lmtp_port: u16,
    users: Mutex<UserDb>,
    master: Child,
    /// Kills Dovecot and removes `dir` when we close its stdin (see `spawn`).
    watchdog: Child,
}

impl Dovecot {
    /// Starts a Dovecot with default [`Options`].
    pub fn start() -> Dovecot {
        Dovecot::start_with(Options::default())
    }

    /// Starts a Dovecot and returns once its IMAP port sends a greeting.
    pub fn start_with(opts: Options) -> Dovecot {
        let dir = tempfile::Builder::new()
            .prefix("postroom-dovecot-")
            .tempdir()
            .expect("create the Dovecot directory");
        let who = Identity::detect(dir.path());
        let layout = Layout::new(dir.path());
        fs::create_dir(&layout.mail_root).expect("create the mail directory");
        fs::create_dir(&layout.state_dir).expect("create the state directory");
        if who.root {
            // Mail processes run as `nobody`: let them through to their mail.
            fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o711))
                .expect("chmod the Dovecot directory");
            std::os::unix::fs::chown(&layout.mail_root, Some(who.mail_uid), Some(who.mail_gid))
                .expect("chown the mail directory");
        }
        fs::write(&layout.dict_conf, config::dict_conf(&layout)).expect("write auth-dict.conf.ext");
        let users = UserDb::create(
            layout.users.clone(),
            layout.mail_root.clone(),
            who.mail_uid,
            who.mail_gid,
        );

        static INSTANCES: AtomicUsize = AtomicUsize::new(0);
        let name = format!(
            "postroom-test-{}-{}",
            std::process::id(),
            INSTANCES.fetch_add(1, Ordering::SeqCst)
        );
        let mut attempt = 0;
        loop {
            attempt += 1;
            let imap_port = free_port();
            let lmtp_port = free_port();
            let conf = config::dovecot_conf(&layout, &who, &name, imap_port, lmtp_port, &opts);
            fs::write(&layout.conf, conf).expect("write dovecot.conf");
            let (mut master, mut watchdog) = spawn(&layout);
            match wait_for_greeting(imap_port, &mut master) {
                Ok(()) => {
                    return Dovecot {
                        dir: Some(dir),
                        layout,
                        who,
                        imap_port,
                        lmtp_port,
                        users: Mutex::new(users),
                        master,
                        watchdog,
                    };
                }
                Err(why) => {
                    stop(&mut master, &mut watchdog, Keep::Directory);
                    let logs = logs(&layout);
                    // Another process may have taken a port we picked.
                    if attempt < 5 && logs.contains("Address already in use") {
                        continue;
                    }
                    panic!("Dovecot did not start: {why}\n{logs}");
                }
            }
        }
    }

    /// The IMAP port.
    pub fn port(&self) -> u16 {
        self.imap_port
    }

    /// The LMTP port.
    pub fn lmtp_port(&self) -> u16 {
        self.lmtp_port
    }

    /// `"127.0.0.1"`.
    pub fn host(&self) -> &str {
        HOST
    }

    /// Adds a user, or replaces its password. Takes effect at once, no
    /// restart (see `users.rs` for why this is not a passwd-file).
    pub fn add_user(&self, user: &str, password: &str) {
        self.users().set(user, password);
    }

    /// Changes the password of an existing user; the old one stops working
    /// at once. Open sessions stay logged in.
    pub fn set_password(&self, user: &str, password: &str) {
        let mut users = self.users();
        assert!(users.password(user).is_some(), "no test user {user:?}");
        users.set(user, password);
    }

    /// A new IMAP connection, logged in as `user`.
    pub fn imap(&self, user: &str) -> ImapClient {
        let password = self.password(user);
        let mut client = ImapClient::connect(HOST, self.imap_port)
            .unwrap_or_else(|e| self.fail(&format!("connect to IMAP: {e}")));
        client
            .login(user, &password)
            .unwrap_or_else(|e| self.fail(&format!("log in as {user}: {e}")));
        client
    }

    /// APPENDs a raw RFC 5322 message to `folder` as `user`; returns its UID.
    pub fn append(&self, user: &str, folder: &str, raw: &[u8]) -> u32 {
        let mut client = self.imap(user);
        let uid = client
            .append(folder, raw)
            .unwrap_or_else(|e| self.fail(&format!("APPEND to {folder}: {e}")));
        client.logout();
        uid
    }

    /// APPENDs many messages over one connection (MULTIAPPEND batches).
    pub fn append_many(&self, user: &str, folder: &str, raws: &[Vec<u8>]) {
        let mut client = self.imap(user);
        client
            .append_many(folder, raws)
            .unwrap_or_else(|e| self.fail(&format!("APPEND to {folder}: {e}")));
        client.logout();
    }

    /// Delivers a message to `user`'s INBOX over LMTP, as an MTA would.
    pub fn deliver_lmtp(&self, user: &str, raw: &[u8]) {
        lmtp::deliver(HOST, self.lmtp_port, user, raw)
            .unwrap_or_else(|e| self.fail(&format!("LMTP delivery to {user}: {e}")));
    }

    /// Gives `folder` a new UIDVALIDITY, keeping its messages (contents,
    /// flags, dates and order) but not their UIDs: every message gets a new
    /// UID above the old `UIDNEXT`, so a client that ignores UIDVALIDITY
    /// sees wrong UIDs. Open sessions on the folder are disconnected by
    /// Dovecot. Returns the new UIDVALIDITY.
    pub fn reset_uidvalidity(&self, user: &str, folder: &str) -> u32 {
        let old = self.uidvalidity(user, folder);
        let new = old.wrapping_add(1).max(1);
        self.doveadm(&["mailbox", "create", "-u", user, PARKING]);
        self.doveadm(&["move", "-u", user, PARKING, "mailbox", folder, "all"]);
        self.doveadm(&[
            "mailbox",
            "update",
            "-u",
            user,
            "--uid-validity",
            &new.to_string(),
            folder,
        ]);
        self.doveadm(&["move", "-u", user, folder, "mailbox", PARKING, "all"]);
        self.doveadm(&["mailbox", "delete", "-u", user, PARKING]);
        let now = self.uidvalidity(user, folder);
        assert_eq!(now, new, "UIDVALIDITY of {user}/{folder} did not change");
        now
    }

    /// The root of `user`'s Maildir (Maildir++: INBOX is the root itself,
    /// folder `A/B` is `.A.B`). Created on the user's first login or
    /// delivery. As root, mail is owned by `nobody`: put files in with
    /// [`Dovecot::import_maildir`], which fixes the owner.
    pub fn maildir(&self, user: &str) -> PathBuf {
        self.layout.mail_root.join(user)
    }

    /// Copies the Maildir at `src` (its `cur`/`new`/`tmp` and `.Folder`
    /// subdirectories) into `user`'s Maildir, merging with what is there,
    /// and hands the files to the mail owner. Dovecot picks them up on the
    /// next access.
    pub fn import_maildir(&self, user: &str, src: &Path) {
        let dest = self.maildir(user);
        copy_tree(src, &dest, &self.who)
            .unwrap_or_else(|e| panic!("import {} into {}: {e}", src.display(), dest.display()));
    }

    /// Runs `doveadm -c <this instance's config> <args>`; returns stdout.
    /// Panics, with Dovecot's log, if it fails.
    pub fn doveadm(&self, args: &[&str]) -> String {
        let output = Command::new("doveadm")
            .arg("-c")
            .arg(&self.layout.conf)
            .args(args)
            .stdin(Stdio::null())
            .output()
            .unwrap_or_else(|e| panic!("run doveadm (is dovecot-core installed?): {e}"));
        if !output.status.success() {
            self.fail(&format!(
                "doveadm {} failed ({}): {}",
                args.join(" "),
                output.status,
                String::from_utf8_lossy(&output.stderr).trim_end()
            ));
        }
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// This instance's directory (config, log, sockets, mail).
    pub fn dir(&self) -> &Path {
        self.dir
            .as_ref()
            .expect("directory exists until drop")
            .path()
    }

    /// This instance's `dovecot.conf`.
    pub fn config_path(&self) -> &Path {
        &self.layout.conf
    }

    /// What Dovecot logged so far (and printed on stderr).
    pub fn log(&self) -> String {
        logs(&self.layout)
    }

    fn uidvalidity(&self, user: &str, folder: &str) -> u32 {
        let out = self.doveadm(&[
            "-f",
            "flow",
            "mailbox",
            "status",
            "-u",
            user,
            "uidvalidity",
            folder,
        ]);
        out.split_whitespace()
            .find_map(|field| field.strip_prefix("uidvalidity="))
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("no uidvalidity in doveadm output {out:?}"))
    }

    fn users(&self) -> MutexGuard<'_, UserDb> {
        self.users.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn password(&self, user: &str) -> String {
        self.users()
            .password(user)
            .unwrap_or_else(|| panic!("no test user {user:?}; add_user it first"))
            .to_owned()
    }

    fn fail(&self, what: &str) -> ! {
        panic!("{what}\n--- Dovecot log ---\n{}", self.log())
    }
}

impl Drop for Dovecot {
    fn drop(&mut self) {
        stop(&mut self.master, &mut self.watchdog, Keep::Nothing);
        // The watchdog removed the directory; make sure, in case it could not.
        if let Some(dir) = self.dir.take() {
            let path = dir.keep();
            let deadline = Instant::now() + STOP_TIMEOUT;
            while fs::remove_dir_all(&path).is_err() && path.exists() && Instant::now() < deadline {
                thread::sleep(POLL);
            }
        }
    }
}

/// The watchdog: waits for its stdin to close, then kills Dovecot's process
/// group ($1) and removes the instance's directory ($2) unless it was told
/// `keep` first. bash, not dash: dash's `kill` cannot signal a group.
const WATCHDOG: &str = r#"read -r order
kill -KILL -- "-$1" 2>/dev/null
[ "$order" = keep ] && exit 0
for _ in 1 2 3 4 5 6 7 8 9 10; do
  rm -rf -- "$2" 2>/dev/null
  [ -e "$2" ] || exit 0
  sleep 0.1
done"#;

/// Starts `dovecot -F` in a process group of its own, and its watchdog.
///
/// The watchdog holds the read end of a pipe whose write end is ours: when
/// we close it (drop, or the test process dies, even by SIGKILL) it kills the
/// whole group, Dovecot and everything it started, and removes the
/// directory. Both sit outside the tests' process group, so a Ctrl-C meant
/// for the tests leaves the clean-up to the watchdog. SIGKILL rather than a
/// clean SIGTERM: the master takes a second to shut down cleanly, and
/// nothing of an instance is kept anyway.
fn spawn(layout: &Layout) -> (Child, Child) {
    let stderr = fs::File::create(&layout.stderr).expect("create stderr.log");
    // /usr/sbin is not on every user's PATH.
    let binary = if Path::new("/usr/sbin/dovecot").exists() {
        "/usr/sbin/dovecot"
    } else {
        "dovecot"
    };
    let master = Command::new(binary)
        .arg("-F")
        .arg("-c")
        .arg(&layout.conf)
        .process_group(0)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(stderr)
        .spawn()
        .unwrap_or_else(|e| panic!("run {binary} (install dovecot-imapd and dovecot-lmtpd): {e}"));
    let watchdog = Command::new("bash")
        .arg("-c")
        .arg(WATCHDOG)
        .arg("postroom-dovecot-watchdog")
        .arg(master.id().to_string())
        .arg(layout.base_dir.parent().expect("instance directory"))
        .process_group(0)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("run the Dovecot watchdog (bash)");
    (master, watchdog)
}

/// Polls the IMAP port until a greeting arrives or the master exits.
fn wait_for_greeting(port: u16, master: &mut Child) -> Result<(), String> {
    let deadline = Instant::now() + START_TIMEOUT;
    loop {
        if let Ok(Some(status)) = master.try_wait() {
            return Err(format!("dovecot exited with {status}"));
        }
        if let Ok(client) = ImapClient::connect(HOST, port) {
            client.logout();
            return Ok(());
        }
        if Instant::now() > deadline {
            return Err(format!(
                "no IMAP greeting on port {port} within {START_TIMEOUT:?}"
            ));
        }
        thread::sleep(POLL);
    }
}

#[derive(PartialEq, Eq)]
enum Keep {
    Nothing,
    Directory,
}

/// Kills Dovecot's process group through the watchdog, then reaps the master.
fn stop(master: &mut Child, watchdog: &mut Child, keep: Keep) {
    if let Some(mut stdin) = watchdog.stdin.take() {
        if keep == Keep::Directory {
            let _ = stdin.write_all(b"keep\n");
        }
    }
    let _ = watchdog.wait();
    let deadline = Instant::now() + STOP_TIMEOUT;
    while matches!(master.try_wait(), Ok(None)) {
        if Instant::now() > deadline {
            let _ = master.kill();
            let _ = master.wait();
            return;
        }
        thread::sleep(POLL);
    }
}

fn logs(layout: &Layout) -> String {
    let log = fs::read_to_string(&layout.log).unwrap_or_default();
    let stderr = fs::read_to_string(&layout.stderr).unwrap_or_default();
    format!("{log}{stderr}")
}

/// Copies `src` into `dest` recursively, owned by the mail user.
fn copy_tree(src: &Path, dest: &Path, who: &Identity) -> std::io::Result<()> {
    let own = |path: &Path| {
        if who.root {
            std::os::unix::fs::chown(path, Some(who.mail_uid), Some(who.mail_gid))
        } else {
            Ok(())
        }
    };
    fs::create_dir_all(dest)?;
    own(dest)?;
    for entry in fs::read_dir(src)? {
        let entry = entry?;
        let target = dest.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_tree(&entry.path(), &target, who)?;
        } else {
            fs::copy(entry.path(), &target)?;
            own(&target)?;
        }
    }
    Ok(())
}
