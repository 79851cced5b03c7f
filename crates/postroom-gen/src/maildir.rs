//! Maildir output: `cur/`, `new/` and `tmp/`, one file per message in `cur/`.

use std::fs;
use std::io::{self, Write};
use std::path::Path;

use crate::message::stream;
use crate::{Config, Dataset};

/// Write the mailbox as a Maildir under `dir` (created if missing). Each
/// message goes to `cur/` as `<unix time>.M<index>.postroom-gen:2,S`, a
/// deterministic and unique name. Returns the number of messages written.
pub fn write_maildir(ds: &Dataset, cfg: &Config, dir: &Path) -> io::Result<usize> {
    for sub in ["cur", "new", "tmp"] {
        fs::create_dir_all(dir.join(sub))?;
    }
    let cur = dir.join("cur");
    let mut n = 0;
    for (i, g) in stream(ds, cfg).enumerate() {
        let name = format!("{}.M{i:07}.postroom-gen:2,S", g.date.unix_timestamp());
        let mut f = io::BufWriter::new(fs::File::create(cur.join(name))?);
        f.write_all(&g.raw)?;
        f.flush()?;
        n += 1;
    }
    Ok(n)
}
