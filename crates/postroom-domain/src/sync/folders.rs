//! Which folders of a mailbox Postroom reads.
//!
//! Mail with a candidate arrives in INBOX and leaves through the Sent folder; on Gmail
//! "All Mail" also holds what was archived straight away. Junk, Trash and Drafts are
//! never read: spam would match nobody but costs a download, and a draft was never
//! sent. Duplicates between INBOX, Sent and All Mail are harmless: the ingest path
//! stores a message once by its Message-ID.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FolderRole {
    Inbox,
    Sent,
    AllMail,
}

impl FolderRole {
    pub fn as_str(self) -> &'static str {
        match self {
            FolderRole::Inbox => "inbox",
            FolderRole::Sent => "sent",
            FolderRole::AllMail => "all",
        }
    }

    pub fn parse(s: &str) -> Option<FolderRole> {
        match s {
            "inbox" => Some(FolderRole::Inbox),
            "sent" => Some(FolderRole::Sent),
            "all" => Some(FolderRole::AllMail),
            _ => None,
        }
    }
}

impl fmt::Display for FolderRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A folder as LIST reports it: its name and attributes (`\Sent`, `\Noselect`...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedFolder {
    pub name: String,
    pub attributes: Vec<String>,
}

impl ListedFolder {
    pub fn new(name: &str, attributes: &[&str]) -> Self {
        ListedFolder {
            name: name.to_string(),
            attributes: attributes.iter().map(|a| a.to_string()).collect(),
        }
    }

    fn has(&self, attribute: &str) -> bool {
        self.attributes
            .iter()
            .any(|a| a.eq_ignore_ascii_case(attribute))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WatchedFolder {
    pub name: String,
    pub role: FolderRole,
}

/// Names servers without SPECIAL-USE give their Sent folder, most common first.
const SENT_NAMES: &[&str] = &[
    "Sent",
    "Sent Items",
    "Sent Messages",
    "Sent Mail",
    "[Gmail]/Sent Mail",
    "INBOX.Sent",
    "INBOX/Sent",
    "INBOX.Sent Items",
    "INBOX.Sent Messages",
];

/// INBOX, the Sent folder and All Mail, in that order, each at most once.
pub fn choose_folders(listed: &[ListedFolder]) -> Vec<WatchedFolder> {
    let selectable: Vec<&ListedFolder> = listed
        .iter()
        .filter(|f| !f.has("\\Noselect") && !f.has("\\NonExistent"))
        .collect();
    let mut out = Vec::new();
    if let Some(inbox) = selectable
        .iter()
        .find(|f| f.name.eq_ignore_ascii_case("INBOX"))
    {
        out.push(WatchedFolder {
            name: inbox.name.clone(),
            role: FolderRole::Inbox,
        });
    }
    let sent = selectable.iter().find(|f| f.has("\\Sent")).or_else(|| {
        SENT_NAMES.iter().find_map(|n| {
            selectable
                .iter()
                .find(|f| f.name.eq_ignore_ascii_case(n) && !excluded(f))
        })
    });
    if let Some(sent) = sent {
        out.push(WatchedFolder {
            name: sent.name.clone(),
            role: FolderRole::Sent,
        });
    }
    if let Some(all) = selectable.iter().find(|f| f.has("\\All")) {
        out.push(WatchedFolder {
            name: all.name.clone(),
            role: FolderRole::AllMail,
        });
    }
    out
}

fn excluded(f: &ListedFolder) -> bool {
    ["\\Junk", "\\Trash", "\\Drafts"].iter().any(|a| f.has(a))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(listed: &[ListedFolder]) -> Vec<(String, FolderRole)> {
        choose_folders(listed)
            .into_iter()
            .map(|w| (w.name, w.role))
            .collect()
    }

    #[test]
    fn special_use_sent_wins_over_names() {
        let listed = [
            ListedFolder::new("INBOX", &[]),
            ListedFolder::new("Sent", &[]),
            ListedFolder::new("Gesendet", &["\\Sent"]),
            ListedFolder::new("Junk", &["\\Junk"]),
            ListedFolder::new("Trash", &["\\Trash"]),
            ListedFolder::new("Drafts", &["\\Drafts"]),
        ];
        assert_eq!(
            names(&listed),
            vec![
                ("INBOX".into(), FolderRole::Inbox),
                ("Gesendet".into(), FolderRole::Sent)
            ]
        );
    }

    #[test]
    fn sent_found_by_usual_name_without_special_use() {
        let listed = [
            ListedFolder::new("INBOX", &[]),
            ListedFolder::new("INBOX.Sent Items", &[]),
        ];
        assert_eq!(
            names(&listed)[1],
            ("INBOX.Sent Items".into(), FolderRole::Sent)
        );
    }

    #[test]
    fn gmail_all_mail_is_watched_and_noselect_parents_are_not() {
        let listed = [
            ListedFolder::new("INBOX", &["\\HasNoChildren"]),
            ListedFolder::new("[Gmail]", &["\\Noselect", "\\HasChildren"]),
            ListedFolder::new("[Gmail]/All Mail", &["\\All", "\\HasNoChildren"]),
            ListedFolder::new("[Gmail]/Sent Mail", &["\\Sent"]),
            ListedFolder::new("[Gmail]/Spam", &["\\Junk"]),
        ];
        assert_eq!(
            names(&listed),
            vec![
                ("INBOX".into(), FolderRole::Inbox),
                ("[Gmail]/Sent Mail".into(), FolderRole::Sent),
                ("[Gmail]/All Mail".into(), FolderRole::AllMail),
            ]
        );
    }

    #[test]
    fn a_folder_named_sent_but_marked_trash_is_not_the_sent_folder() {
        let listed = [
            ListedFolder::new("INBOX", &[]),
            ListedFolder::new("Sent", &["\\Trash"]),
        ];
        assert_eq!(names(&listed), vec![("INBOX".into(), FolderRole::Inbox)]);
    }

    #[test]
    fn role_round_trips() {
        for r in [FolderRole::Inbox, FolderRole::Sent, FolderRole::AllMail] {
            assert_eq!(FolderRole::parse(r.as_str()), Some(r));
        }
        assert_eq!(FolderRole::parse("junk"), None);
    }
}
