//! Which system users a private Dovecot runs as.
//!
//! Dovecot refuses to run its login processes as root and refuses mail access
//! for UID 0, so a root test run (CI) cannot simply run everything as itself:
//! as root, the internal processes stay root, logins run as `dovenull` (or
//! `nobody`) and mail is owned by `nobody`. As any other user, everything runs
//! as that user.

use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

#[derive(Debug, Clone)]
pub(crate) struct Identity {
    pub root: bool,
    pub internal_user: String,
    pub internal_group: String,
    pub login_user: String,
    pub mail_uid: u32,
    pub mail_gid: u32,
}

impl Identity {
    /// Works out who we are from the owner of `probe`, a directory this
    /// process just created (std has no `geteuid`).
    pub fn detect(probe: &Path) -> Identity {
        let meta = fs::metadata(probe).expect("stat the test directory");
        let users = read_db("/etc/passwd");
        let by_name = |name: &str| users.iter().find(|u| u[0] == name);
        if meta.uid() == 0 {
            let login_user = if by_name("dovenull").is_some() {
                "dovenull"
            } else {
                "nobody"
            };
            let (mail_uid, mail_gid) = by_name("nobody")
                .and_then(|u| Some((u[2].parse().ok()?, u[3].parse().ok()?)))
                .unwrap_or((65534, 65534));
            return Identity {
                root: true,
                internal_user: "root".into(),
                internal_group: "root".into(),
                login_user: login_user.into(),
                mail_uid,
                mail_gid,
            };
        }
        let uid = meta.uid().to_string();
        let gid = meta.gid().to_string();
        let user = users
            .iter()
            .find(|u| u[2] == uid)
            .map(|u| u[0].clone())
            .unwrap_or_else(|| {
                panic!("uid {uid} has no /etc/passwd entry; Dovecot needs a user name")
            });
        let group = read_db("/etc/group")
            .into_iter()
            .find(|g| g[2] == gid)
            .map(|g| g[0].clone())
            .unwrap_or_else(|| {
                panic!("gid {gid} has no /etc/group entry; Dovecot needs a group name")
            });
        Identity {
            root: false,
            internal_user: user.clone(),
            internal_group: group,
            login_user: user,
            mail_uid: meta.uid(),
            mail_gid: meta.gid(),
        }
    }
}

/// The colon-separated records of `/etc/passwd` or `/etc/group`, each with
/// at least four fields.
fn read_db(path: &str) -> Vec<Vec<String>> {
    fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .map(|line| line.split(':').map(str::to_owned).collect::<Vec<_>>())
        .filter(|fields| fields.len() >= 4)
        .collect()
}
