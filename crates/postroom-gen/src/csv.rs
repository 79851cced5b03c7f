//! Records files: `people.csv` (with optional padding records, streamed) and
//! `team.tsv`.

use std::io::{self, BufWriter, Write};

use rand::Rng;

use crate::names::{COMPANIES, CONTACT_TITLES, FIRST_NAMES, LAST_NAMES, ROLES};
use crate::people::{rng, STREAM_PADDING};
use crate::{Config, Dataset, Kind};

/// The CSV header line, without the newline.
const PEOPLE_CSV_HEADER: &str = "kind,first_name,last_name,email,other_emails,company,title,phone";

/// Write one CSV field, quoting it when it holds a comma, quote or newline.
fn field(w: &mut impl Write, s: &str) -> io::Result<()> {
    if s.contains([',', '"', '\n', '\r']) {
        write!(w, "\"{}\"", s.replace('"', "\"\""))
    } else {
        w.write_all(s.as_bytes())
    }
}

fn row(w: &mut impl Write, fields: [&str; 8]) -> io::Result<()> {
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            w.write_all(b",")?;
        }
        field(w, f)?;
    }
    w.write_all(b"\n")
}

/// Write `people.csv`: a header, one row per person on records, then
/// `cfg.extra_records` padding rows with addresses `padNNNNNN@records.example`
/// that never appear in mail. Rows are produced one at a time, so a million
/// padding records cost no memory. Returns the number of data rows.
pub fn write_people_csv(ds: &Dataset, cfg: &Config, w: impl Write) -> io::Result<usize> {
    let mut w = BufWriter::with_capacity(1 << 16, w);
    writeln!(w, "{PEOPLE_CSV_HEADER}")?;
    for p in &ds.people {
        let others = p.other_emails.join(";");
        row(
            &mut w,
            [
                p.kind.as_str(),
                &p.first_name,
                &p.last_name,
                &p.email,
                &others,
                &p.company,
                &p.title,
                &p.phone,
            ],
        )?;
    }
    let mut rng = rng(cfg.seed, STREAM_PADDING);
    for i in 0..cfg.extra_records {
        let kind = if rng.gen_bool(0.7) {
            Kind::Candidate
        } else {
            Kind::Contact
        };
        let first = FIRST_NAMES[rng.gen_range(0..FIRST_NAMES.len())];
        let last = LAST_NAMES[rng.gen_range(0..LAST_NAMES.len())];
        let company = COMPANIES[rng.gen_range(0..COMPANIES.len())].name;
        let title = match kind {
            Kind::Candidate => ROLES[rng.gen_range(0..ROLES.len())],
            Kind::Contact => CONTACT_TITLES[rng.gen_range(0..CONTACT_TITLES.len())],
        };
        let email = format!("pad{i:06}@records.example");
        let phone = format!("+1 202-555-{:04}", rng.gen_range(0..10_000));
        row(
            &mut w,
            [
                kind.as_str(),
                first,
                last,
                &email,
                "",
                company,
                title,
                &phone,
            ],
        )?;
    }
    w.flush()?;
    Ok(ds.people.len() + cfg.extra_records)
}

/// Write `team.tsv`: one line per member, `Name<TAB>email1 email2 ...`.
/// Returns the number of lines.
pub fn write_team_tsv(ds: &Dataset, w: impl Write) -> io::Result<usize> {
    let mut w = BufWriter::new(w);
    for t in &ds.team {
        writeln!(w, "{}\t{}", t.name, t.emails.join(" "))?;
    }
    w.flush()?;
    Ok(ds.team.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting() {
        let mut v = Vec::new();
        field(&mut v, "Acme, Inc.").unwrap();
        field(&mut v, "say \"hi\"").unwrap();
        field(&mut v, "plain").unwrap();
        assert_eq!(
            String::from_utf8(v).unwrap(),
            "\"Acme, Inc.\"\"say \"\"hi\"\"\"plain"
        );
    }
}
