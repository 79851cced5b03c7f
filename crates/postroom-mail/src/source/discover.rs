//! Finding the mail files under the paths an admin passed, and their formats.

use super::SourceError;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    /// Many messages separated by `From ` lines.
    Mbox,
    /// One message per file: `.eml`, or a Maildir entry.
    Message,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    pub path: PathBuf,
    pub kind: SourceKind,
    pub size: u64,
}

/// Expands files and folders into the list of mail files, in a stable order (sorted
/// names), so that two runs over the same tree see the same sequence.
pub fn discover(paths: &[PathBuf]) -> Result<Vec<SourceFile>, SourceError> {
    let mut out = Vec::new();
    for path in paths {
        let meta = fs::metadata(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => SourceError::Missing { path: path.clone() },
            _ => SourceError::read(path, e),
        })?;
        if meta.is_dir() {
            walk(path, &mut out)?;
        } else {
            out.push(classify(path, meta.len())?);
        }
    }
    Ok(out)
}

fn is_maildir(dir: &Path) -> bool {
    dir.join("cur").is_dir() && dir.join("new").is_dir()
}

/// A folder's entries, sorted. An entry whose metadata cannot be read (a dangling
/// symlink, a permission problem) comes back without it: it is still listed, so that
/// reading it fails later as one bad message instead of failing the whole import.
fn sorted_entries(dir: &Path) -> Result<Vec<(PathBuf, Option<fs::Metadata>)>, SourceError> {
    let mut entries = Vec::new();
    for entry in fs::read_dir(dir).map_err(|e| SourceError::read(dir, e))? {
        let entry = entry.map_err(|e| SourceError::read(dir, e))?;
        let path = entry.path();
        let meta = fs::metadata(&path).ok();
        entries.push((path, meta));
    }
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(entries)
}

fn walk(dir: &Path, out: &mut Vec<SourceFile>) -> Result<(), SourceError> {
    if is_maildir(dir) {
        // A Maildir's messages live in cur/ and new/; tmp/ holds half-delivered mail and
        // the root holds server index files. Subfolders (Maildir++ `.Sent`) recurse.
        for sub in ["cur", "new"] {
            for (path, meta) in sorted_entries(&dir.join(sub))? {
                if hidden(&path) {
                    continue;
                }
                match meta {
                    Some(m) if m.is_file() => out.push(SourceFile {
                        path,
                        kind: SourceKind::Message,
                        size: m.len(),
                    }),
                    Some(_) => {}
                    None => out.push(unreadable(path)),
                }
            }
        }
        for (path, meta) in sorted_entries(dir)? {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if meta.is_some_and(|m| m.is_dir()) && !matches!(name, "cur" | "new" | "tmp") {
                walk(&path, out)?;
            }
        }
        return Ok(());
    }
    for (path, meta) in sorted_entries(dir)? {
        match meta {
            Some(m) if m.is_dir() => walk(&path, out)?,
            _ if hidden(&path) => {}
            Some(m) if m.is_file() => {
                out.push(classify(&path, m.len()).unwrap_or_else(|_| unreadable(path)))
            }
            Some(_) => {}
            None => out.push(unreadable(path)),
        }
    }
    Ok(())
}

fn unreadable(path: PathBuf) -> SourceFile {
    SourceFile {
        path,
        kind: SourceKind::Message,
        size: 0,
    }
}

fn hidden(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.'))
}

fn classify(path: &Path, size: u64) -> Result<SourceFile, SourceError> {
    let mut head = [0u8; 512];
    let mut file = fs::File::open(path).map_err(|e| SourceError::read(path, e))?;
    let mut filled = 0;
    while filled < head.len() {
        match file
            .read(&mut head[filled..])
            .map_err(|e| SourceError::read(path, e))?
        {
            0 => break,
            n => filled += n,
        }
    }
    // Some tools write blank lines before the first separator.
    let start = head[..filled]
        .iter()
        .position(|b| !matches!(b, b'\r' | b'\n'))
        .unwrap_or(filled);
    let kind = if head[start..filled].starts_with(b"From ") {
        SourceKind::Mbox
    } else {
        SourceKind::Message
    };
    Ok(SourceFile {
        path: path.to_path_buf(),
        kind,
        size,
    })
}
