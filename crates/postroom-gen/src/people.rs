//! Building the [`Dataset`]: the team, the people on records and the
//! outsiders, with addresses unique after normalisation.

use std::collections::HashSet;

use rand::seq::SliceRandom;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use crate::names::{
    idn_ascii, local_token, Company, BULK_SENDERS, COMPANIES, CONTACT_TITLES, FIRST_NAMES,
    JOB_BOARDS, LAST_NAMES, PERSONAL_DOMAINS, ROLES, TEAM_DOMAIN,
};
use crate::{Config, Dataset, Kind, Person, TeamMember};

/// Outsiders that are always generated first when room allows: one
/// `noreply@` per job board and one address per bulk sender.
pub(crate) const FIXED_OUTSIDERS: usize = JOB_BOARDS.len() + BULK_SENDERS.len();

/// RNG stream numbers, so people, mail and padding never share draws.
pub(crate) const STREAM_PEOPLE: u64 = 1;
pub(crate) const STREAM_MAIL: u64 = 2;
pub(crate) const STREAM_PADDING: u64 = 3;

/// A ChaCha8 generator for `seed` on one of the streams above.
pub(crate) fn rng(seed: u64, stream: u64) -> ChaCha8Rng {
    use rand::SeedableRng;
    let mut r = ChaCha8Rng::seed_from_u64(seed);
    r.set_stream(stream);
    r
}

/// Lowercase, with an internationalised domain in its punycode form: the
/// identity of an address as the importer should see it.
pub(crate) fn normalize(addr: &str) -> String {
    let lower = addr.to_lowercase();
    match lower.rsplit_once('@') {
        Some((local, domain)) => match idn_ascii(domain) {
            Some(ascii) => format!("{local}@{ascii}"),
            None => lower,
        },
        None => lower,
    }
}

/// Generate the dataset described by `cfg`.
pub fn dataset(cfg: &Config) -> Dataset {
    let mut rng = rng(cfg.seed, STREAM_PEOPLE);
    let mut taken = HashSet::new();
    let team = team(cfg.team.max(1), &mut rng, &mut taken);
    let mut people: Vec<Person> = (0..cfg.people)
        .map(|_| person(&mut rng, &mut taken))
        .collect();
    share_jobs_address(&mut people, &mut rng, &mut taken);
    let outsiders = outsiders(cfg.outsiders, &mut rng, &mut taken);
    Dataset {
        team,
        people,
        outsiders,
    }
}

/// Reserve `addr` if free (after normalisation).
fn claim(taken: &mut HashSet<String>, addr: &str) -> bool {
    taken.insert(normalize(addr))
}

/// `base@domain`, or `base2@domain`, `base3@domain`... whichever is free.
fn unique_addr(taken: &mut HashSet<String>, base: &str, domain: &str) -> String {
    let mut n = 1;
    loop {
        let addr = if n == 1 {
            format!("{base}@{domain}")
        } else {
            format!("{base}{n}@{domain}")
        };
        if claim(taken, &addr) {
            return addr;
        }
        n += 1;
    }
}

fn pick<'a, T>(rng: &mut ChaCha8Rng, items: &'a [T]) -> &'a T {
    items.choose(rng).expect("non-empty vocabulary")
}

fn team(n: usize, rng: &mut ChaCha8Rng, taken: &mut HashSet<String>) -> Vec<TeamMember> {
    (0..n)
        .map(|i| {
            let first = pick(rng, FIRST_NAMES);
            let last = pick(rng, LAST_NAMES);
            let (f, l) = (local_token(first), local_token(last));
            let mut emails = vec![unique_addr(taken, &f, TEAM_DOMAIN)];
            emails.push(unique_addr(taken, &format!("{f}.{l}"), TEAM_DOMAIN));
            if i == 0 {
                // The shared inbox job boards write to belongs to the lead.
                emails.push(unique_addr(taken, "jobs", TEAM_DOMAIN));
            } else if rng.gen_bool(0.5) {
                emails.push(unique_addr(taken, &format!("{}.{l}", &f[..1]), TEAM_DOMAIN));
            }
            TeamMember {
                name: format!("{first} {last}"),
                emails,
            }
        })
        .collect()
}

fn phone(rng: &mut ChaCha8Rng) -> String {
    match rng.gen_range(0..4) {
        0 => format!("+1 202-555-01{:02}", rng.gen_range(0..100)),
        1 => format!("+44 7700 900{:03}", rng.gen_range(0..1000)),
        2 => format!(
            "+33 6 12 34 {:02} {:02}",
            rng.gen_range(0..100),
            rng.gen_range(0..100)
        ),
        _ => format!("+49 30 {:08}", rng.gen_range(0..100_000_000)),
    }
}

/// A local part in one of the shapes people actually use.
fn local_part(rng: &mut ChaCha8Rng, first: &str, last: &str) -> String {
    let (f, l) = (local_token(first), local_token(last));
    match rng.gen_range(0..6) {
        0 | 1 => format!("{f}.{l}"),
        2 => format!("{f}{l}"),
        3 => format!("{}.{l}", &f[..1]),
        4 => format!("{f}_{l}"),
        _ => format!("{f}.{l}{}", rng.gen_range(70..100)),
    }
}

/// Mixed case as a person might type it into a CRM: `Jose.Muller@Acme.example`.
pub(crate) fn mixed_case(addr: &str) -> String {
    let mut out = String::with_capacity(addr.len());
    let mut start = true;
    for c in addr.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        start = matches!(c, '.' | '@' | '_');
    }
    out
}

fn person(rng: &mut ChaCha8Rng, taken: &mut HashSet<String>) -> Person {
    let kind = if rng.gen_bool(0.65) {
        Kind::Candidate
    } else {
        Kind::Contact
    };
    let first = pick(rng, FIRST_NAMES).to_string();
    let last = pick(rng, LAST_NAMES).to_string();
    let company: &Company = pick(rng, COMPANIES);
    let title = match kind {
        Kind::Candidate => {
            let role = pick(rng, ROLES);
            if rng.gen_bool(0.3) {
                format!("Lead {role}")
            } else {
                role.to_string()
            }
        }
        Kind::Contact => pick(rng, CONTACT_TITLES).to_string(),
    };
    let personal = *pick(rng, PERSONAL_DOMAINS);
    let (main_domain, alt_domain) = match kind {
        Kind::Candidate => (personal, company.domain),
        Kind::Contact => (company.domain, personal),
    };
    let base = local_part(rng, &first, &last);
    let mut email = unique_addr(taken, &base, main_domain);
    if rng.gen_bool(0.03) {
        email = mixed_case(&email);
    }
    let mut other_emails = Vec::new();
    if rng.gen_bool(0.25) {
        let base = local_part(rng, &first, &last);
        other_emails.push(unique_addr(taken, &base, alt_domain));
    }
    Person {
        kind,
        first_name: first,
        last_name: last,
        email,
        other_emails,
        company: company.name.to_string(),
        title,
        phone: phone(rng),
    }
}

/// Two contacts at one company both list `jobs@company` as a secondary
/// address: the one intentional duplicate on records.
fn share_jobs_address(people: &mut [Person], rng: &mut ChaCha8Rng, taken: &mut HashSet<String>) {
    if people.len() < 4 {
        return;
    }
    let company = pick(rng, COMPANIES);
    let shared = format!("jobs@{}", company.domain);
    if !claim(taken, &shared) {
        return;
    }
    // The last two people become contacts at that company.
    let n = people.len();
    for p in &mut people[n - 2..] {
        p.kind = Kind::Contact;
        p.company = company.name.to_string();
        p.title = pick(rng, CONTACT_TITLES).to_string();
        p.other_emails.push(shared.clone());
    }
}

fn outsiders(n: usize, rng: &mut ChaCha8Rng, taken: &mut HashSet<String>) -> Vec<String> {
    let fixed = JOB_BOARDS
        .iter()
        .map(|(_, d)| format!("noreply@{d}"))
        .chain(BULK_SENDERS.iter().map(|(_, l, d)| format!("{l}@{d}")));
    let mut out: Vec<String> = fixed.take(n).collect();
    for a in &out {
        claim(taken, a);
    }
    while out.len() < n {
        let first = pick(rng, FIRST_NAMES);
        let last = pick(rng, LAST_NAMES);
        let domain = if rng.gen_bool(0.5) {
            *pick(rng, PERSONAL_DOMAINS)
        } else {
            pick(rng, COMPANIES).domain
        };
        let base = local_part(rng, first, last);
        out.push(unique_addr(taken, &base, domain));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_unique_except_shared_jobs() {
        let cfg = Config {
            people: 500,
            outsiders: 1000,
            ..Config::default()
        };
        let ds = dataset(&cfg);
        let mut seen = HashSet::new();
        let mut dups = Vec::new();
        let all = ds
            .team
            .iter()
            .flat_map(|t| t.emails.iter())
            .chain(
                ds.people
                    .iter()
                    .flat_map(|p| std::iter::once(&p.email).chain(p.other_emails.iter())),
            )
            .chain(ds.outsiders.iter());
        for a in all {
            if !seen.insert(normalize(a)) {
                dups.push(a.clone());
            }
        }
        assert_eq!(dups.len(), 1, "{dups:?}");
        assert!(dups[0].starts_with("jobs@"));
        assert_eq!(ds.outsiders.len(), 1000);
        assert_eq!(ds.team.len(), 3);
    }

    #[test]
    fn normalize_punycodes() {
        assert_eq!(
            normalize("Anna@Bücher.example"),
            "anna@xn--bcher-kva.example"
        );
        assert_eq!(
            mixed_case("jose.muller@acme.example"),
            "Jose.Muller@Acme.Example"
        );
    }
}
