//! Reading the people CSV: a header row, then one person per row. Rows stream, so a
//! million-row file costs one row of memory; a bad row is an item of its own (with
//! its line number and every reason it is bad), never the end of the file.

use postroom_domain::{EmailAddress, RecordType};
use postroom_store::PersonInput;
use std::io::Read;

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RowError {
    pub line: u64,
    pub reason: String,
}

struct Columns {
    kind: usize,
    first_name: usize,
    last_name: usize,
    email: usize,
    other_emails: Option<usize>,
    company: Option<usize>,
    title: Option<usize>,
    phone: Option<usize>,
}

pub struct PeopleReader<R> {
    records: csv::StringRecordsIntoIter<R>,
    columns: Columns,
}

impl<R: Read> PeopleReader<R> {
    pub fn new(input: R) -> anyhow::Result<Self> {
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(input);
        let header = reader.headers()?.clone();
        let find = |name: &str| {
            header.iter().position(|h| {
                h.trim_start_matches('\u{feff}')
                    .trim()
                    .eq_ignore_ascii_case(name)
            })
        };
        let missing: Vec<&str> = ["kind", "first_name", "last_name", "email"]
            .into_iter()
            .filter(|c| find(c).is_none())
            .collect();
        if !missing.is_empty() {
            anyhow::bail!(
                "cannot read the header row: missing column(s) {}",
                missing.join(", ")
            );
        }
        let required = |name: &str| find(name).unwrap_or_default();
        let columns = Columns {
            kind: required("kind"),
            first_name: required("first_name"),
            last_name: required("last_name"),
            email: required("email"),
            other_emails: find("other_emails"),
            company: find("company"),
            title: find("title"),
            phone: find("phone"),
        };
        Ok(PeopleReader {
            records: reader.into_records(),
            columns,
        })
    }
}

impl<R: Read> Iterator for PeopleReader<R> {
    type Item = Result<PersonInput, RowError>;

    fn next(&mut self) -> Option<Self::Item> {
        let record = self.records.next()?;
        Some(match record {
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(0);
                Err(RowError {
                    line,
                    reason: format!("cannot read the row: {e}"),
                })
            }
            Ok(record) => {
                let line = record.position().map(|p| p.line()).unwrap_or(0);
                parse_row(&self.columns, &record).map_err(|reason| RowError { line, reason })
            }
        })
    }
}

fn parse_row(c: &Columns, row: &csv::StringRecord) -> Result<PersonInput, String> {
    let get = |i: usize| row.get(i).unwrap_or("").trim();
    // Outer None: the file has no such column (keep the record's value).
    let opt =
        |i: Option<usize>| i.map(|i| Some(get(i)).filter(|v| !v.is_empty()).map(String::from));
    let mut reasons = Vec::new();
    let kind = get(c.kind);
    let record_type = RecordType::parse(kind);
    if record_type.is_none() {
        reasons.push(format!("kind {kind:?} is not candidate or contact"));
    }
    let (first_name, last_name) = (get(c.first_name), get(c.last_name));
    if first_name.is_empty() && last_name.is_empty() {
        reasons.push("first_name and last_name are both empty".to_string());
    }
    let email = match get(c.email) {
        "" => {
            reasons.push("email is empty".to_string());
            None
        }
        e => EmailAddress::parse(e)
            .map_err(|err| reasons.push(format!("email: {err}")))
            .ok(),
    };
    let mut other_emails = Vec::new();
    for part in opt(c.other_emails)
        .flatten()
        .unwrap_or_default()
        .split(';')
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        match EmailAddress::parse(part) {
            Ok(e) if Some(&e) != email.as_ref() && !other_emails.contains(&e) => {
                other_emails.push(e)
            }
            Ok(_) => {}
            Err(err) => reasons.push(format!("other_emails: {err}")),
        }
    }
    match (record_type, email) {
        (Some(record_type), Some(email)) if reasons.is_empty() => Ok(PersonInput {
            record_type,
            first_name: first_name.to_string(),
            last_name: last_name.to_string(),
            email,
            other_emails: c.other_emails.map(|_| other_emails),
            company: opt(c.company),
            title: opt(c.title),
            phone: opt(c.phone),
        }),
        _ => Err(reasons.join("; ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(csv: &str) -> Vec<Result<PersonInput, RowError>> {
        PeopleReader::new(csv.as_bytes()).unwrap().collect()
    }

    #[test]
    fn rows_parse_with_line_numbers_for_errors() {
        let rows = read(
            "kind,first_name,last_name,email,other_emails,company\n\
             candidate,Jane,Doe,Jane@X.com,jd@y.com; jane@x.com ,Acme\n\
             robot,Bad,Kind,bad@x.com,,\n\
             contact,,,nope,,\n\
             contact,Bob,Lee,bob@z.com,not-an-address,\n",
        );
        let jane = rows[0].as_ref().unwrap();
        assert_eq!(jane.email.as_str(), "jane@x.com");
        assert_eq!(jane.other_emails.as_ref().map(Vec::len), Some(1));
        assert_eq!(jane.company, Some(Some("Acme".to_string())));
        assert_eq!(jane.title, None, "no title column: keep the record's");
        let err = rows[1].as_ref().unwrap_err();
        assert_eq!(err.line, 3);
        assert!(err.reason.contains("robot"), "{}", err.reason);
        let err = rows[2].as_ref().unwrap_err();
        assert_eq!(err.line, 4);
        assert!(
            err.reason.contains("both empty") && err.reason.contains("no '@'"),
            "{}",
            err.reason
        );
        assert_eq!(rows[3].as_ref().unwrap_err().line, 5);
    }

    #[test]
    fn missing_columns_are_named() {
        let err = PeopleReader::new("kind,name\n".as_bytes())
            .err()
            .unwrap()
            .to_string();
        assert!(err.contains("first_name, last_name, email"), "{err}");
    }
}
