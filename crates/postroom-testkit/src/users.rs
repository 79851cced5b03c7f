//! The user database of a private Dovecot: a `dict` file.
//!
//! Dovecot's `passwd-file` driver looks at its file at most once per second
//! (`passwd_file_sync()` returns early when it already synced in the current
//! second), so a password changed right after a login can be ignored for up
//! to a second. The `file:` dict driver instead re-reads its file whenever the
//! path points to a new inode, so every change here is written to a temporary
//! file and renamed over the old one: the next lookup sees it, always.
//!
//! The file alternates key lines and JSON value lines:
//!
//! ```text
//! shared/passdb/alice
//! {"password":"{PLAIN}secret"}
//! shared/userdb/alice
//! {"uid":"65534","gid":"65534","home":"/tmp/.../mail/alice"}
//! ```

use std::collections::BTreeMap;
use std::fs;
use std::path::PathBuf;

pub(crate) struct UserDb {
    path: PathBuf,
    mail_root: PathBuf,
    uid: u32,
    gid: u32,
    passwords: BTreeMap<String, String>,
}

impl UserDb {
    /// An empty database at `path`, for users whose Maildir is
    /// `mail_root/<user>`, owned by `uid:gid`.
    pub fn create(path: PathBuf, mail_root: PathBuf, uid: u32, gid: u32) -> UserDb {
        let db = UserDb {
            path,
            mail_root,
            uid,
            gid,
            passwords: BTreeMap::new(),
        };
        db.write();
        db
    }

    /// Adds the user, or changes the password of an existing one.
    pub fn set(&mut self, user: &str, password: &str) {
        assert!(
            !user.is_empty() && !user.contains(['\r', '\n', '/', '\0']),
            "unusable test user name {user:?}"
        );
        self.passwords.insert(user.to_owned(), password.to_owned());
        self.write();
    }

    pub fn password(&self, user: &str) -> Option<&str> {
        self.passwords.get(user).map(String::as_str)
    }

    fn write(&self) {
        let mut text = String::new();
        for (user, password) in &self.passwords {
            let home = self.mail_root.join(user);
            let home = home.to_str().expect("UTF-8 temp path");
            text.push_str(&format!("shared/passdb/{user}\n"));
            text.push_str(&format!(
                "{{\"password\":{}}}\n",
                json_string(&format!("{{PLAIN}}{password}"))
            ));
            text.push_str(&format!("shared/userdb/{user}\n"));
            text.push_str(&format!(
                "{{\"uid\":\"{}\",\"gid\":\"{}\",\"home\":{}}}\n",
                self.uid,
                self.gid,
                json_string(home)
            ));
        }
        let tmp = self.path.with_extension("tmp");
        fs::write(&tmp, text).expect("write the user database");
        fs::rename(&tmp, &self.path).expect("replace the user database");
    }
}

/// `s` as a JSON string literal.
fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::json_string;

    #[test]
    fn json_strings_are_escaped() {
        assert_eq!(json_string(r#"a"b\c"#), r#""a\"b\\c""#);
        assert_eq!(json_string("tab\there"), r#""tab\u0009here""#);
    }
}
