//! people.csv and team.tsv shape.

use postroom_gen::{dataset, write_people_csv, write_team_tsv, Config, Kind};

#[test]
fn csv_header_rows_and_padding() {
    let cfg = Config {
        extra_records: 1234,
        ..Config::default()
    };
    let ds = dataset(&cfg);
    let mut out = Vec::new();
    let rows = write_people_csv(&ds, &cfg, &mut out).unwrap();
    assert_eq!(rows, cfg.people + 1234);
    let text = String::from_utf8(out).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("kind,first_name,last_name,email,other_emails,company,title,phone")
    );
    let body: Vec<&str> = lines.collect();
    assert_eq!(body.len(), rows);
    assert!(body
        .iter()
        .all(|l| l.starts_with("candidate,") || l.starts_with("contact,")));
    assert!(body[cfg.people].contains(",pad000000@records.example,"));
    assert!(body.last().unwrap().contains(",pad001233@records.example,"));
    // Quoted company names with commas survive.
    assert!(text.contains("\"Acme, Inc.\"") || text.contains("\"Smith, Jones & Partners\""));
    // other_emails are ';'-joined and one secondary address is shared.
    let shared: Vec<_> = ds
        .people
        .iter()
        .filter(|p| p.other_emails.iter().any(|e| e.starts_with("jobs@")))
        .collect();
    assert_eq!(shared.len(), 2);
    assert!(shared.iter().all(|p| p.kind == Kind::Contact));
    assert!(ds.people.iter().any(|p| p.kind == Kind::Candidate));
}

#[test]
fn team_tsv_lines() {
    let cfg = Config::default();
    let ds = dataset(&cfg);
    let mut out = Vec::new();
    assert_eq!(write_team_tsv(&ds, &mut out).unwrap(), 3);
    let text = String::from_utf8(out).unwrap();
    for (line, member) in text.lines().zip(&ds.team) {
        let (name, emails) = line.split_once('\t').unwrap();
        assert_eq!(name, member.name);
        assert_eq!(emails.split(' ').count(), member.emails.len());
    }
}
