//! Content-addressed files under `<data dir>/blobs`: raw messages and attachments,
//! each stored once however many messages carry it.
//!
//! A blob is written to a temporary file and renamed into place, so a crash never
//! leaves a truncated blob under its final name. Blobs are written before the database
//! rows that point at them are committed; a crash in between leaves an unreferenced
//! blob, which is harmless, never a row pointing at nothing.

use crate::error::{Result, StoreError};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
pub struct Blobs {
    root: PathBuf,
}

impl Blobs {
    pub fn new(root: PathBuf) -> Self {
        Blobs { root }
    }

    /// `blobs/ab/abcdef...`: one level of 256 folders, as git does. A second level
    /// would create a folder for almost every blob of an import, doubling the inode
    /// work that dominates the cost of storing mail.
    pub fn path_of(&self, hash: &str) -> PathBuf {
        let (a, _) = hash.split_at(2.min(hash.len()));
        self.root.join(a).join(hash)
    }

    /// Stores `data` and returns its hash (blake3, hex).
    pub fn put(&self, data: &[u8]) -> Result<String> {
        let hash = blake3::hash(data).to_hex().to_string();
        let path = self.path_of(&hash);
        // A blob of the wrong size (cut short by a power loss) is written again.
        if fs::metadata(&path).is_ok_and(|m| m.len() == data.len() as u64) {
            return Ok(hash);
        }
        let dir = path.parent().unwrap_or(&self.root);
        write_atomically(dir, &path, data).map_err(|cause| StoreError::Blob { path, cause })?;
        Ok(hash)
    }

    pub fn remove(&self, hash: &str) -> Result<()> {
        let path = self.path_of(hash);
        match fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                Err(StoreError::Blob { path, cause: e })
            }
            _ => Ok(()),
        }
    }

    pub fn get(&self, hash: &str) -> Result<Vec<u8>> {
        let path = self.path_of(hash);
        fs::read(&path).map_err(|cause| StoreError::Blob { path, cause })
    }
}

fn write_atomically(dir: &Path, path: &Path, data: &[u8]) -> std::io::Result<()> {
    fs::create_dir_all(dir)?;
    let tmp = dir.join(format!(
        ".tmp-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    let mut file = fs::File::create(&tmp)?;
    file.write_all(data)?;
    drop(file);
    fs::rename(&tmp, path)
}
