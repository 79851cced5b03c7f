//! Mail files as a stream of raw messages.
//!
//! [`discover`] walks the paths an admin gave and detects each file's format (mbox if
//! it starts with a `From ` line, a Maildir if a folder has `cur` and `new`, a single
//! message otherwise), so the total size is known up front for the progress bar.
//! [`Messages`] then yields one [`RawMessage`] at a time; nothing reads a whole file.

mod discover;
mod mbox;

pub use discover::{discover, SourceFile, SourceKind};
pub use mbox::{MboxMessage, MboxReader, MAX_MESSAGE_BYTES};

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Where a message came from, for error reports: the file and the byte offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub path: PathBuf,
    pub offset: u64,
}

impl Origin {
    /// A message in an IMAP folder, named as an RFC 5092 IMAP URL
    /// (`imap://login@host/INBOX;UID=42`): `offset` holds the UID.
    pub fn imap(folder_url: &str, uid: u32) -> Origin {
        Origin {
            path: PathBuf::from(folder_url),
            offset: uid as u64,
        }
    }
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.path.starts_with("imap:") {
            write!(f, "{};UID={}", self.path.display(), self.offset)
        } else {
            write!(f, "{} at byte {}", self.path.display(), self.offset)
        }
    }
}

#[derive(Debug)]
pub struct RawMessage {
    /// Empty when `too_large`.
    pub bytes: Vec<u8>,
    /// Over [`MAX_MESSAGE_BYTES`]: skipped without being read whole.
    pub too_large: bool,
    /// Only the header section is here (a header-first source such as IMAP): the
    /// ingest path may match it and find it stored, but never stores it as new.
    pub headers_only: bool,
    pub origin: Origin,
    /// Bytes of the source file this message accounts for (progress reporting).
    pub source_bytes: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot find {path}: no such file or directory")]
    Missing { path: PathBuf },
}

impl SourceError {
    pub(crate) fn read(path: &Path, source: std::io::Error) -> Self {
        SourceError::Read {
            path: path.to_path_buf(),
            source,
        }
    }
}

/// Every message of every file, in order. A file that cannot be read is reported as
/// an error item and skipped; the stream goes on with the next file.
pub struct Messages {
    files: std::vec::IntoIter<SourceFile>,
    current: Option<(PathBuf, MboxReader<File>)>,
}

impl Messages {
    pub fn new(files: Vec<SourceFile>) -> Self {
        Messages {
            files: files.into_iter(),
            current: None,
        }
    }
}

impl Iterator for Messages {
    type Item = Result<RawMessage, SourceError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some((path, reader)) = &mut self.current {
                match reader.next_message() {
                    Ok(Some(m)) => {
                        return Some(Ok(RawMessage {
                            too_large: m.bytes.is_none(),
                            headers_only: false,
                            bytes: m.bytes.unwrap_or_default(),
                            origin: Origin {
                                path: path.clone(),
                                offset: m.offset,
                            },
                            source_bytes: m.consumed,
                        }));
                    }
                    Ok(None) => self.current = None,
                    Err(e) => {
                        let err = SourceError::read(path, e);
                        self.current = None;
                        return Some(Err(err));
                    }
                }
            }
            let file = self.files.next()?;
            match file.kind {
                SourceKind::Mbox => match File::open(&file.path) {
                    Ok(f) => self.current = Some((file.path, MboxReader::new(f))),
                    Err(e) => return Some(Err(SourceError::read(&file.path, e))),
                },
                SourceKind::Message => return Some(read_whole(&file.path)),
            }
        }
    }
}

fn read_whole(path: &Path) -> Result<RawMessage, SourceError> {
    let mut file = File::open(path).map_err(|e| SourceError::read(path, e))?;
    let len = file
        .metadata()
        .map_err(|e| SourceError::read(path, e))?
        .len();
    let origin = Origin {
        path: path.to_path_buf(),
        offset: 0,
    };
    if len > MAX_MESSAGE_BYTES as u64 {
        return Ok(RawMessage {
            bytes: Vec::new(),
            too_large: true,
            headers_only: false,
            origin,
            source_bytes: len,
        });
    }
    let mut bytes = Vec::with_capacity(len as usize);
    file.read_to_end(&mut bytes)
        .map_err(|e| SourceError::read(path, e))?;
    Ok(RawMessage {
        bytes,
        too_large: false,
        headers_only: false,
        origin,
        source_bytes: len,
    })
}
