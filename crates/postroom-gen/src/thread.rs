//! Who writes to whom: the cast of a mailbox (indexed from the dataset),
//! conversations and how a new one starts (counterpart, subject, length).

use rand::seq::SliceRandom;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use crate::body::Intent;
use crate::names::{BULK_SENDERS, COMPANIES, JOB_BOARDS, ROLES, TEAM_COMPANY};
use crate::{Dataset, Kind};

/// A participant, by index into the dataset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Party {
    Team(usize),
    Person(usize),
    Outsider(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConvKind {
    /// A team member and a person or individual outsider.
    Direct,
    /// Starts with a job-board notification; the candidate is in Reply-To.
    Application { board: usize },
    /// A newsletter, invoice or notification; never answered.
    Bulk { sender: usize },
    /// Between team members only.
    Internal,
}

/// An open conversation: enough state to write the next reply.
pub struct Conv {
    pub kind: ConvKind,
    pub team: usize,
    /// The person or outsider the team member talks to (the candidate for
    /// applications, the coworker for internal mail).
    pub other: Party,
    /// The counterpart's address in this conversation.
    pub other_addr: String,
    /// A third party copied on some messages, with their address.
    pub cc: Option<(Party, String)>,
    pub subject: String,
    pub role: &'static str,
    pub company: &'static str,
    /// A candidate mentioned in client conversations.
    pub candidate: String,
    /// Message-IDs so far, oldest first (bounded).
    pub refs: Vec<String>,
    /// Whether the last message had a Message-ID (2% do not).
    pub last_had_id: bool,
    /// Whether the last message was sent by the team.
    pub last_outbound: bool,
    pub remaining: u32,
    /// Attribution line and text of the last message, for quoting.
    pub quote: Option<(String, String)>,
}

/// The dataset split into the pools the planner draws from.
pub struct Cast<'a> {
    pub ds: &'a Dataset,
    /// Outsider indices per job board (index into `JOB_BOARDS`).
    pub boards: Vec<(usize, usize)>,
    /// Outsider indices per bulk sender (index into `BULK_SENDERS`).
    pub bulk: Vec<(usize, usize)>,
    /// Outsiders that are individuals.
    pub individuals: Vec<usize>,
    pub candidates: Vec<usize>,
}

impl<'a> Cast<'a> {
    pub fn new(ds: &'a Dataset) -> Self {
        let mut boards = Vec::new();
        let mut bulk = Vec::new();
        let mut individuals = Vec::new();
        for (i, a) in ds.outsiders.iter().enumerate() {
            let a = a.to_lowercase();
            if let Some(b) = JOB_BOARDS
                .iter()
                .position(|(_, d)| a == format!("noreply@{d}"))
            {
                boards.push((i, b));
            } else if let Some(b) = BULK_SENDERS
                .iter()
                .position(|(_, l, d)| a == format!("{l}@{d}"))
            {
                bulk.push((i, b));
            } else {
                individuals.push(i);
            }
        }
        let candidates = (0..ds.people.len())
            .filter(|&i| ds.people[i].kind == Kind::Candidate)
            .collect();
        Cast {
            ds,
            boards,
            bulk,
            individuals,
            candidates,
        }
    }

    /// A person or individual outsider, uniformly over both pools, so the
    /// share of known addresses in mail follows the dataset's proportions.
    pub fn someone(&self, rng: &mut ChaCha8Rng) -> Option<Party> {
        let n = self.ds.people.len() + self.individuals.len();
        if n == 0 {
            return None;
        }
        let i = rng.gen_range(0..n);
        Some(if i < self.ds.people.len() {
            Party::Person(i)
        } else {
            Party::Outsider(self.individuals[i - self.ds.people.len()])
        })
    }

    /// A candidate on records or an individual outsider.
    fn applicant(&self, rng: &mut ChaCha8Rng) -> Option<Party> {
        let n = self.candidates.len() + self.individuals.len();
        if n == 0 {
            return None;
        }
        let i = rng.gen_range(0..n);
        Some(if i < self.candidates.len() {
            Party::Person(self.candidates[i])
        } else {
            Party::Outsider(self.individuals[i - self.candidates.len()])
        })
    }

    /// The address a party uses in a new conversation: people sometimes
    /// write from a secondary address.
    pub fn address(&self, rng: &mut ChaCha8Rng, p: Party) -> String {
        match p {
            Party::Team(t) => self.ds.team[t].emails[0].clone(),
            Party::Person(i) => {
                let person = &self.ds.people[i];
                match person.other_emails.choose(rng) {
                    Some(o) if rng.gen_bool(0.3) => o.clone(),
                    _ => person.email.clone(),
                }
            }
            Party::Outsider(i) => self.ds.outsiders[i].clone(),
        }
    }

    /// Display name of a party, if it has one.
    pub fn name(&self, p: Party) -> Option<String> {
        match p {
            Party::Team(t) => Some(self.ds.team[t].name.clone()),
            Party::Person(i) => Some(self.ds.people[i].full_name()),
            Party::Outsider(i) => {
                if let Some(&(_, b)) = self.boards.iter().find(|(o, _)| *o == i) {
                    return Some(JOB_BOARDS[b].0.to_string());
                }
                if let Some(&(_, b)) = self.bulk.iter().find(|(o, _)| *o == i) {
                    return Some(BULK_SENDERS[b].0.to_string());
                }
                name_from_local(&self.ds.outsiders[i])
            }
        }
    }

    /// First name for a greeting.
    pub fn greeting(&self, p: Party) -> String {
        match p {
            Party::Person(i) => self.ds.people[i].first_name.clone(),
            _ => self
                .name(p)
                .and_then(|n| n.split(' ').next().map(str::to_string))
                .unwrap_or_else(|| "there".to_string()),
        }
    }

    /// "Last, First" for people on records.
    pub fn last_first(&self, p: Party) -> Option<String> {
        match p {
            Party::Person(i) => {
                let person = &self.ds.people[i];
                Some(format!("{}, {}", person.last_name, person.first_name))
            }
            _ => None,
        }
    }

    /// Signature lines.
    pub fn signature(&self, p: Party) -> Vec<String> {
        match p {
            Party::Team(t) => vec![
                self.ds.team[t].name.clone(),
                format!("Senior Recruiter | {TEAM_COMPANY}"),
                "+44 20 7946 0958".to_string(),
            ],
            Party::Person(i) => {
                let x = &self.ds.people[i];
                vec![
                    x.full_name(),
                    format!("{}, {}", x.title, x.company),
                    x.phone.clone(),
                ]
            }
            Party::Outsider(_) => self.name(p).into_iter().collect(),
        }
    }
}

/// "anna.kowalski77@x" -> "Anna Kowalski"; `None` for one-word local parts.
fn name_from_local(addr: &str) -> Option<String> {
    let local = addr.split('@').next()?;
    let parts: Vec<&str> = local
        .split(['.', '_'])
        .map(|p| p.trim_end_matches(|c: char| c.is_ascii_digit()))
        .filter(|p| p.len() > 1)
        .collect();
    if parts.len() < 2 {
        return None;
    }
    let cap = |p: &str| {
        let mut c = p.chars();
        c.next()
            .map(|f| f.to_uppercase().chain(c).collect::<String>())
            .unwrap_or_default()
    };
    Some(parts.iter().map(|p| cap(p)).collect::<Vec<_>>().join(" "))
}

/// How many replies follow a first message.
fn replies(rng: &mut ChaCha8Rng) -> u32 {
    match rng.gen_range(0..100) {
        0..=29 => 0,
        30..=54 => 1,
        55..=74 => 2,
        75..=86 => 3,
        87..=94 => 4,
        _ => rng.gen_range(5..=9),
    }
}

fn subject(rng: &mut ChaCha8Rng, templates: &[&str], c: &Conv, n: u32) -> String {
    templates
        .choose(rng)
        .expect("templates")
        .replace("{role}", c.role)
        .replace("{company}", c.company)
        .replace("{candidate}", &c.candidate)
        .replace("{n}", &n.to_string())
}

const TO_CANDIDATE: &[&str] = &[
    "Interview for {role}",
    "Opportunity: {role} at {company}",
    "{role} role - quick chat?",
    "Next steps for the {role} position",
    "Your application for {role}",
    "Offer details – {role}",
    "Entrevista para {role} – ¿disponible el jueves?",
    "Following up",
];
const FROM_CANDIDATE: &[&str] = &[
    "Question about the {role} role",
    "Application: {role}",
    "Availability for interview",
    "Résumé – {candidate}",
    "Thank you!",
    "Interview for {role}",
];
const CLIENT: &[&str] = &[
    "Shortlist for {role}",
    "Candidates for your {role} opening",
    "Interview feedback: {candidate}",
    "New vacancy: {role}",
    "Invoice {n} – placement fee",
    "Catch-up next week?",
    "Interview for {role}",
    "Vorstellungsgespräch {role}: Rückmeldung von {company}",
    "A very long subject line about the {role} search at {company}, including the updated timeline, budget and interview panel",
];
const BULK: &[&str] = &[
    "Recruiter Weekly #{n}: hiring trends",
    "Your invoice #{n} is available",
    "Payslips are ready to view",
    "Webinar: sourcing engineers in 2025 🚀",
    "Your weekly digest – {n} new profiles",
    "Order confirmation #{n}",
    "Reminder: your booking #{n}",
    "[Ticket #{n}] Password reset request",
];
const INTERNAL: &[&str] = &[
    "Pipeline update: {role}",
    "Cover for Tuesday?",
    "Team meeting notes",
    "{company} account – handover",
];

/// The first intent of a conversation and of its replies.
pub fn intent(cast: &Cast, c: &Conv, outbound: bool, first: bool) -> Intent {
    let is_contact = matches!(c.other, Party::Person(i) if cast.ds.people[i].kind == Kind::Contact);
    match c.kind {
        ConvKind::Bulk { .. } => Intent::Bulk,
        ConvKind::Internal => Intent::Internal,
        ConvKind::Application { .. } if first => Intent::Application,
        _ if is_contact => {
            if c.subject.contains("feedback") {
                Intent::Feedback
            } else {
                Intent::Client
            }
        }
        _ if outbound && !first && c.last_outbound => Intent::Followup,
        _ if outbound && first => Intent::Outreach,
        _ if outbound => Intent::Interview,
        _ => Intent::CandidateReply,
    }
}

/// Start a conversation. Returns it with `last_outbound` set to the
/// direction of its first message.
pub fn start(cast: &Cast, rng: &mut ChaCha8Rng) -> Conv {
    let ds = cast.ds;
    let team = rng.gen_range(0..ds.team.len());
    let roll = rng.gen_range(0..100);
    let mut kind = match roll {
        0..=11 if !cast.boards.is_empty() => ConvKind::Application {
            board: rng.gen_range(0..cast.boards.len()),
        },
        12..=25 if !cast.bulk.is_empty() => ConvKind::Bulk {
            sender: rng.gen_range(0..cast.bulk.len()),
        },
        26..=28 if ds.team.len() > 1 => ConvKind::Internal,
        _ => ConvKind::Direct,
    };
    // Job boards mostly write to the shared jobs@ inbox of the first member.
    let team = match kind {
        ConvKind::Application { .. } if rng.gen_bool(0.7) => 0,
        _ => team,
    };
    let other = match kind {
        ConvKind::Bulk { sender } => Some(Party::Outsider(cast.bulk[sender].0)),
        ConvKind::Internal => Some(Party::Team((team + 1) % ds.team.len())),
        ConvKind::Application { .. } => cast.applicant(rng),
        ConvKind::Direct => cast.someone(rng),
    };
    let other = other.unwrap_or_else(|| {
        kind = ConvKind::Internal;
        Party::Team((team + 1) % ds.team.len())
    });
    let other_addr = cast.address(rng, other);
    let candidate = match other {
        Party::Person(i) if ds.people[i].kind == Kind::Candidate => ds.people[i].full_name(),
        _ => match cast.candidates.choose(rng) {
            Some(&i) => ds.people[i].full_name(),
            None => "Sam Taylor".to_string(),
        },
    };
    let company = match other {
        Party::Person(i) => {
            COMPANIES
                .iter()
                .find(|c| c.name == ds.people[i].company)
                .unwrap_or(&COMPANIES[0])
                .name
        }
        _ => COMPANIES.choose(rng).expect("companies").name,
    };
    let cc = if matches!(kind, ConvKind::Direct) && rng.gen_bool(0.2) {
        let p = if ds.team.len() > 1 && rng.gen_bool(0.5) {
            Some(Party::Team((team + 1) % ds.team.len()))
        } else {
            cast.someone(rng).filter(|&p| p != other)
        };
        p.map(|p| (p, cast.address(rng, p)))
    } else {
        None
    };
    let outbound = match kind {
        ConvKind::Direct => rng.gen_bool(0.55),
        ConvKind::Internal => true,
        _ => false,
    };
    let remaining = match kind {
        ConvKind::Bulk { .. } => 0,
        ConvKind::Internal => rng.gen_range(0..=2),
        _ => replies(rng),
    };
    let mut c = Conv {
        kind,
        team,
        other,
        other_addr,
        cc,
        subject: String::new(),
        role: ROLES.choose(rng).expect("roles"),
        company,
        candidate,
        refs: Vec::new(),
        last_had_id: false,
        last_outbound: outbound,
        remaining,
        quote: None,
    };
    let n = rng.gen_range(1000..99999);
    let is_contact = matches!(other, Party::Person(i) if ds.people[i].kind == Kind::Contact);
    c.subject = match kind {
        ConvKind::Application { board } => format!(
            "New application: {} – {} via {}",
            c.role, c.candidate, JOB_BOARDS[cast.boards[board].1].0
        ),
        ConvKind::Bulk { .. } => subject(rng, BULK, &c, n),
        ConvKind::Internal => subject(rng, INTERNAL, &c, n),
        ConvKind::Direct if is_contact => subject(rng, CLIENT, &c, n),
        ConvKind::Direct if outbound => subject(rng, TO_CANDIDATE, &c, n),
        ConvKind::Direct => subject(rng, FROM_CANDIDATE, &c, n),
    };
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_from_local_parts() {
        assert_eq!(
            name_from_local("anna.kowalski77@x.example").as_deref(),
            Some("Anna Kowalski")
        );
        assert_eq!(name_from_local("news@x.example"), None);
        assert_eq!(name_from_local("j.smith@x.example"), None);
    }
}
