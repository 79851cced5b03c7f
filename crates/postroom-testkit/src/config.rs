//! The configuration of a private Dovecot (2.3, as packaged by Debian 12).
//!
//! Every path lives in the instance's own directory, so instances never share
//! a socket, a pid file or a log with each other or with a system Dovecot.

use crate::dovecot::{Options, ALL_MAIL};
use crate::system::Identity;
use std::path::{Path, PathBuf};

/// Dovecot 2.3's own post-login capability list without `IDLE`, for
/// [`Options::idle`] = false. Setting `imap_capability` to an explicit list
/// replaces the default one entirely (`LITERAL+` included, so it is listed).
const CAPABILITIES_WITHOUT_IDLE: &str = "IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE SORT \
    SORT=DISPLAY THREAD=REFERENCES THREAD=REFS THREAD=ORDEREDSUBJECT MULTIAPPEND URL-PARTIAL \
    CATENATE UNSELECT CHILDREN NAMESPACE UIDPLUS LIST-EXTENDED I18NLEVEL=1 CONDSTORE QRESYNC \
    ESEARCH ESORT SEARCHRES WITHIN CONTEXT=SEARCH LIST-STATUS BINARY MOVE SNIPPET=FUZZY \
    PREVIEW=FUZZY PREVIEW STATUS=SIZE SAVEDATE LITERAL+ NOTIFY SPECIAL-USE";

/// Where an instance keeps its files, all under one temporary directory.
pub(crate) struct Layout {
    pub conf: PathBuf,
    pub base_dir: PathBuf,
    pub state_dir: PathBuf,
    pub log: PathBuf,
    pub stderr: PathBuf,
    pub mail_root: PathBuf,
    pub users: PathBuf,
    pub dict_conf: PathBuf,
}

impl Layout {
    pub fn new(root: &Path) -> Layout {
        let root_str = root.to_str().expect("UTF-8 temp path");
        assert!(
            !root_str.contains(|c: char| c.is_whitespace() || c == '"' || c == '#'),
            "temp path {root_str:?} cannot go into a Dovecot config unquoted"
        );
        Layout {
            conf: root.join("dovecot.conf"),
            base_dir: root.join("run"),
            state_dir: root.join("state"),
            log: root.join("dovecot.log"),
            stderr: root.join("stderr.log"),
            mail_root: root.join("mail"),
            users: root.join("users.dict"),
            dict_conf: root.join("auth-dict.conf.ext"),
        }
    }
}

/// The `auth-dict` file: users come from the `file:` dict at `layout.users`.
pub(crate) fn dict_conf(layout: &Layout) -> String {
    format!(
        "uri = file:{users}\n\
         default_pass_scheme = PLAIN\n\
         iterate_disable = yes\n\
         key passdb {{\n  key = passdb/%u\n  format = json\n}}\n\
         key userdb {{\n  key = userdb/%u\n  format = json\n}}\n\
         passdb_objects = passdb\n\
         userdb_objects = userdb\n",
        users = layout.users.display(),
    )
}

/// `dovecot.conf` for one instance.
pub(crate) fn dovecot_conf(
    layout: &Layout,
    who: &Identity,
    name: &str,
    imap_port: u16,
    lmtp_port: u16,
    opts: &Options,
) -> String {
    let mut conf = format!(
        r#"# A private Dovecot for one Postroom test (postroom-testkit).
instance_name = {name}
base_dir = {base_dir}
state_dir = {state_dir}
log_path = {log}
protocols = imap lmtp
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_username_format = %u
auth_failure_delay = 0
default_internal_user = {internal_user}
default_internal_group = {internal_group}
default_login_user = {login_user}
first_valid_uid = 0
mail_location = maildir:{mail_root}/%u
mail_fsync = never
postmaster_address = postmaster@localhost

passdb {{
  driver = dict
  args = {dict_conf}
}}
userdb {{
  driver = dict
  args = {dict_conf}
}}

namespace inbox {{
  inbox = yes
  separator = /
  prefix =
  mailbox Sent {{
    special_use = \Sent
    auto = subscribe
  }}
  mailbox Drafts {{
    special_use = \Drafts
    auto = subscribe
  }}
  mailbox Junk {{
    special_use = \Junk
    auto = subscribe
  }}
  mailbox Trash {{
    special_use = \Trash
    auto = subscribe
  }}
{all_mail}}}

protocol imap {{
  mail_max_userip_connections = 1000
}}

service imap-login {{
{chroot}  inet_listener imap {{
    address = 127.0.0.1
    port = {imap_port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service lmtp {{
  inet_listener lmtp {{
    address = 127.0.0.1
    port = {lmtp_port}
  }}
}}
# No auth penalty: tests log in with wrong passwords on purpose, and anvil
# would delay every following login from 127.0.0.1 by up to 15 s. Mode 0
# means the socket is never created, so auth does not even try it.
service anvil {{
{chroot}  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
}}
"#,
        base_dir = layout.base_dir.display(),
        state_dir = layout.state_dir.display(),
        log = layout.log.display(),
        internal_user = who.internal_user,
        internal_group = who.internal_group,
        login_user = who.login_user,
        mail_root = layout.mail_root.display(),
        dict_conf = layout.dict_conf.display(),
        // Without root there is no chroot.
        chroot = if who.root { "" } else { "  chroot =\n" },
        all_mail = if opts.all_mail {
            format!("  mailbox \"{ALL_MAIL}\" {{\n    special_use = \\All\n    auto = subscribe\n  }}\n")
        } else {
            String::new()
        },
    );
    if !who.root {
        // Without root there is no chroot and no switching to root.
        conf.push_str(
            "service imap-urlauth-login {\n  chroot =\n}\n\
             service auth-worker {\n  user = $default_internal_user\n}\n",
        );
    }
    if !opts.idle {
        conf.push_str(&format!("imap_capability = {CAPABILITIES_WITHOUT_IDLE}\n"));
    }
    conf.push_str(&opts.extra_config);
    conf.push('\n');
    conf
}
