//! Golden-file tests for parsing edge cases.
//!
//! Regenerate: `UPDATE_GOLDEN=1 cargo test -p postroom-mail --test golden`, then READ
//! every changed `tests/golden/*.json` and check it is right (RFC 2047/2231/5322,
//! lowercased addresses, punycoded IDN, no script or remote content in `html`) before
//! committing it. `NAME.known-bug.eml` cases are never rewritten: their `.json` holds
//! the correct value our parser does not produce yet. They are skipped (run with
//! `-- --nocapture` to see whether each still differs); drop `.known-bug` once fixed.
//!
//! Each `tests/golden/NAME.eml` is parsed with [`parse_message`] and [`parse_envelope`]
//! (whose result must equal the full parse's envelope) and rendered as a stable JSON
//! snapshot, compared with `tests/golden/NAME.json`: participants (role, address,
//! name), message_id, in_reply_to, references, subject, date (RFC 3339, UTC), text,
//! html, attachments (name, content_type, size, blake3 of the data), or
//! `{"error": "<ParseError Display>"}` when parsing fails.

use postroom_mail::{attachment_data, parse_envelope, parse_message, Attachment, Content};
use serde::Serialize;
use serde_json::Value;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

const KNOWN_BUG: &str = ".known-bug";

#[derive(Serialize)]
struct Snapshot {
    participants: Vec<ParticipantSnap>,
    message_id: Option<String>,
    in_reply_to: Vec<String>,
    references: Vec<String>,
    subject: Option<String>,
    date: Option<String>,
    text: Option<String>,
    html: Option<String>,
    attachments: Vec<AttachmentSnap>,
}

#[derive(Serialize)]
struct ParticipantSnap {
    role: &'static str,
    address: String,
    name: Option<String>,
}

#[derive(Serialize)]
struct AttachmentSnap {
    name: String,
    content_type: String,
    size: usize,
    blake3: String,
}

#[derive(Serialize)]
struct ErrorSnap {
    error: String,
}

/// Seconds since the epoch as `YYYY-MM-DDTHH:MM:SSZ` (proleptic Gregorian, UTC).
fn rfc3339(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3_600,
        rem % 3_600 / 60,
        rem % 60
    )
}

/// The bytes come from `attachment_data`, as a download gets them: the listed size
/// must be what a download returns.
fn attachment_snap(raw: &[u8], position: usize, a: &Attachment) -> AttachmentSnap {
    let data = attachment_data(raw, position).expect("the listed attachment can be read");
    assert_eq!(data.len(), a.size, "{}", a.name);
    AttachmentSnap {
        name: a.name.clone(),
        content_type: a.content_type.clone(),
        size: a.size,
        blake3: blake3::hash(&data).to_hex().to_string(),
    }
}

fn snapshot(raw: &[u8], envelope: &postroom_domain::Envelope, content: &Content) -> Snapshot {
    Snapshot {
        participants: envelope
            .participants
            .iter()
            .map(|p| ParticipantSnap {
                role: p.role.as_str(),
                address: p.address.to_string(),
                name: p.name.clone(),
            })
            .collect(),
        message_id: envelope.message_id.as_ref().map(|m| m.to_string()),
        in_reply_to: envelope.in_reply_to.iter().map(|m| m.to_string()).collect(),
        references: envelope.references.iter().map(|m| m.to_string()).collect(),
        subject: envelope.subject.clone(),
        date: envelope.date.map(rfc3339),
        text: content.text.clone(),
        html: content.html.clone(),
        attachments: content
            .attachments
            .iter()
            .enumerate()
            .map(|(i, a)| attachment_snap(raw, i, a))
            .collect(),
    }
}

/// The pretty JSON snapshot of one message, plus any disagreement between the
/// headers-only parse and the full parse.
fn render(raw: &[u8]) -> (String, Option<String>) {
    let full = parse_message(raw);
    let headers_only = parse_envelope(raw);
    let mismatch = match (&full, &headers_only) {
        (Ok((a, _)), Ok(b)) if a == b => None,
        (Err(a), Err(b)) if a == b => None,
        (a, b) => Some(format!(
            "parse_envelope disagrees with parse_message:\n  parse_message:  {:?}\n  parse_envelope: {b:?}",
            a.as_ref().map(|(e, _)| e)
        )),
    };
    let json = match &full {
        Ok((envelope, content)) => serde_json::to_string_pretty(&snapshot(raw, envelope, content)),
        Err(err) => serde_json::to_string_pretty(&ErrorSnap {
            error: err.to_string(),
        }),
    }
    .expect("a snapshot always serialises");
    (json + "\n", mismatch)
}

/// A line diff (longest common subsequence) with three lines of context:
/// `-` only in the expected file, `+` only in the actual output.
fn diff(expected: &str, actual: &str) -> String {
    const CONTEXT: usize = 3;
    let e: Vec<&str> = expected.lines().collect();
    let a: Vec<&str> = actual.lines().collect();
    let mut lcs = vec![vec![0usize; a.len() + 1]; e.len() + 1];
    for i in (0..e.len()).rev() {
        for j in (0..a.len()).rev() {
            lcs[i][j] = if e[i] == a[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut ops) = (0, 0, Vec::new());
    while i < e.len() || j < a.len() {
        if i < e.len() && j < a.len() && e[i] == a[j] {
            ops.push((' ', e[i]));
            i += 1;
            j += 1;
        } else if i < e.len() && (j == a.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            ops.push(('-', e[i]));
            i += 1;
        } else {
            ops.push(('+', a[j]));
            j += 1;
        }
    }
    let changed: Vec<usize> = (0..ops.len()).filter(|&k| ops[k].0 != ' ').collect();
    let near = |k: usize| changed.iter().any(|&c| c.abs_diff(k) <= CONTEXT);
    let mut out = String::new();
    let mut skipped = false;
    for (k, (tag, line)) in ops.iter().enumerate() {
        if near(k) {
            if skipped {
                out += "    ...\n";
                skipped = false;
            }
            out += &format!("  {tag} {line}\n");
        } else {
            skipped = true;
        }
    }
    out
}

struct Case {
    eml: PathBuf,
    json: PathBuf,
    known_bug: bool,
}

fn cases() -> Vec<Case> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let mut cases: Vec<Case> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.expect("readable directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "eml"))
        .map(|eml| {
            let stem = eml.file_stem().unwrap().to_string_lossy().into_owned();
            Case {
                json: eml.with_extension("json"),
                known_bug: stem.ends_with(KNOWN_BUG),
                eml,
            }
        })
        .collect();
    cases.sort_by(|a, b| a.eml.cmp(&b.eml));
    cases
}

/// Expected files whose input is gone (renamed or deleted `.eml`).
fn orphans() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let mut orphans: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.expect("readable directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .filter(|p| !p.with_extension("eml").exists())
        .map(|p| format!("{}: has no matching .eml; delete it", p.display()))
        .collect();
    orphans.sort();
    orphans
}

/// What is wrong with one case, if anything.
fn check(case: &Case, update: bool) -> Result<(), String> {
    let raw = std::fs::read(&case.eml).map_err(|e| format!("cannot read it: {e}"))?;
    let (actual, mismatch) = catch_unwind(AssertUnwindSafe(|| render(&raw)))
        .map_err(|_| "parsing panicked".to_string())?;
    let mut problems = Vec::new();
    if let Some(m) = mismatch {
        problems.push(m);
    }
    if update && !case.known_bug {
        std::fs::write(&case.json, &actual).map_err(|e| format!("cannot write json: {e}"))?;
    } else {
        match std::fs::read_to_string(&case.json) {
            Err(e) => problems.push(format!(
                "cannot read {} ({e}); run with UPDATE_GOLDEN=1 to create it",
                case.json.display()
            )),
            Ok(expected_text) => {
                let expected: Value = serde_json::from_str(&expected_text)
                    .map_err(|e| format!("{} is not JSON: {e}", case.json.display()))?;
                let actual_value: Value = serde_json::from_str(&actual).expect("own output");
                if expected != actual_value {
                    // Both sides re-rendered the same way (keys sorted), so only
                    // real differences show.
                    let pretty = |v: &Value| serde_json::to_string_pretty(v).unwrap();
                    problems.push(format!(
                        "snapshot differs from {} (- expected, + actual):\n{}",
                        case.json.display(),
                        diff(&pretty(&expected), &pretty(&actual_value))
                    ));
                }
            }
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

#[test]
fn golden_files() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1");
    let cases = cases();
    assert!(
        cases.len() >= 20,
        "expected at least 20 golden cases, found {}",
        cases.len()
    );
    let mut failures = orphans();
    let mut known = Vec::new();
    for case in &cases {
        let name = case.eml.file_name().unwrap().to_string_lossy().into_owned();
        let result = check(case, update);
        if case.known_bug {
            known.push(match result {
                Err(problem) => format!(
                    "  {name}: still differs from the expected (correct) output:\n    {}",
                    problem.replace('\n', "\n    ")
                ),
                Ok(()) => format!("  {name}: NOW PASSES: rename it without `{KNOWN_BUG}`"),
            });
        } else if let Err(problem) = result {
            failures.push(format!("{name}: {problem}"));
        }
    }
    if !known.is_empty() {
        println!(
            "skipped {} known-bug golden case(s):\n{}",
            known.len(),
            known.join("\n")
        );
    }
    if update {
        println!(
            "UPDATE_GOLDEN=1: rewrote {} golden .json file(s); review them before committing",
            cases.iter().filter(|c| !c.known_bug).count()
        );
    }
    assert!(
        failures.is_empty(),
        "{} of {} golden case(s) failed:\n\n{}",
        failures.len(),
        cases.len() - known.len(),
        failures.join("\n\n")
    );
}

#[test]
fn rfc3339_renders_utc_dates() {
    assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
    assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
    assert_eq!(rfc3339(1_709_632_800), "2024-03-05T10:00:00Z");
    assert_eq!(rfc3339(253_402_300_799), "9999-12-31T23:59:59Z");
}
