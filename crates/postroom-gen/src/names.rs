//! Static vocabulary: names, companies, domains, roles and the small helpers
//! that turn a display name into the ASCII pieces of an address or filename.

/// First names, with a deliberate share of non-ASCII ones (Latin-1 and beyond).
pub const FIRST_NAMES: &[&str] = &[
    "James",
    "Olivia",
    "Liam",
    "Emma",
    "Noah",
    "Ava",
    "Ethan",
    "Sophia",
    "Lucas",
    "Mia",
    "Amir",
    "Priya",
    "Wei",
    "Yuki",
    "Kwame",
    "Aisha",
    "Mateo",
    "Sofia",
    "Hannah",
    "Daniel",
    "Grace",
    "Omar",
    "Fatima",
    "Arjun",
    "Chloe",
    "Samuel",
    "Ingrid",
    "Tomas",
    "Elena",
    "Marcus",
    "Ngozi",
    "Rachel",
    "David",
    "Laura",
    "Peter",
    "Nadia",
    "Kenji",
    "Maya",
    "Victor",
    "Alice",
    "José",
    "Zoë",
    "Søren",
    "François",
    "Łukasz",
    "Inés",
    "Renée",
    "Jürgen",
    "Björn",
    "Chloé",
    "Ümit",
    "Anne-Marie",
    "Jean-Luc",
    "Małgorzata",
    "Çağla",
    "Håkon",
    "Noémie",
    "Iñaki",
    "Dóra",
];

/// Last names; some contain spaces, apostrophes or characters outside Latin-1.
pub const LAST_NAMES: &[&str] = &[
    "Smith",
    "Johnson",
    "Patel",
    "Nguyen",
    "Kim",
    "Garcia",
    "Okafor",
    "Rossi",
    "Schmidt",
    "Novak",
    "Cohen",
    "Silva",
    "Tanaka",
    "Andersen",
    "Murphy",
    "O'Brien",
    "Martin",
    "Dubois",
    "Kowalski",
    "Haddad",
    "Singh",
    "Walker",
    "Lopez",
    "Fischer",
    "Bennett",
    "Chen",
    "Ahmed",
    "Jones",
    "Taylor",
    "Brown",
    "Wilson",
    "Evans",
    "Mensah",
    "Ivanova",
    "Moreau",
    "Rahman",
    "Müller",
    "Núñez",
    "García",
    "Çelik",
    "Jäger",
    "Lindström",
    "Dvořák",
    "Sørensen",
    "Lefèvre",
    "van der Berg",
    "Ó Briain",
    "Wójcik",
    "Østergaard",
    "Gómez",
    "Šimić",
];

/// A company: display name (some with commas or ampersands) and mail domain.
pub struct Company {
    pub name: &'static str,
    pub domain: &'static str,
}

const fn co(name: &'static str, domain: &'static str) -> Company {
    Company { name, domain }
}

/// Employers and clients. A few use internationalised domains.
pub const COMPANIES: &[Company] = &[
    co("Northwind Traders", "northwind.example"),
    co("Globex Corporation", "globex.example"),
    co("Initech", "initech.example"),
    co("Umbrella Health", "umbrella-health.example"),
    co("Stark Logistics", "starklogistics.example"),
    co("Acme, Inc.", "acme.example"),
    co("Smith, Jones & Partners", "smithjones.example"),
    co("Blue Fjord Analytics", "bluefjord.example"),
    co("Hooli", "hooli.example"),
    co("Vandelay Industries", "vandelay.example"),
    co("Pied Piper", "piedpiper.example"),
    co("Soylent Foods", "soylent.example"),
    co("Wayne Enterprises", "wayne.example"),
    co("Cyberdyne Systems", "cyberdyne.example"),
    co("Tyrell Biotech", "tyrell.example"),
    co("Massive Dynamic", "massivedynamic.example"),
    co("Oceanic Airlines", "oceanic.example"),
    co("Gringotts Bank", "gringotts.example"),
    co("Bücher & Söhne Verlag", "bücher.example"),
    co("Stadtwerke München", "münchen.example"),
    co("Zürich Data AG", "zürich.example"),
    co("Café Numérique", "café.example"),
];

/// Internationalised domains used above, with their ASCII (punycode) form.
pub const IDN_DOMAINS: &[(&str, &str)] = &[
    ("bücher.example", "xn--bcher-kva.example"),
    ("münchen.example", "xn--mnchen-3ya.example"),
    ("zürich.example", "xn--zrich-kva.example"),
    ("café.example", "xn--caf-dma.example"),
];

/// The punycode form of `domain` when it is one of ours, else `None`.
pub fn idn_ascii(domain: &str) -> Option<&'static str> {
    IDN_DOMAINS
        .iter()
        .find(|(u, _)| u.eq_ignore_ascii_case(domain))
        .map(|(_, a)| *a)
}

/// Free-mail style domains for personal addresses.
pub const PERSONAL_DOMAINS: &[&str] = &[
    "inbox.example",
    "mailhaus.example",
    "postbox.example",
    "fastpost.example",
    "hey.example",
    "zürich.example",
];

/// Job boards: (brand, domain). Applications arrive from `noreply@domain`.
pub const JOB_BOARDS: &[(&str, &str)] = &[
    ("JobBoardly", "jobboardly.example"),
    ("HireHub", "hirehub.example"),
    ("TalentList", "talentlist.example"),
    ("StackJobs", "stackjobs.example"),
];

/// Senders of bulk mail: (display name, local part, domain).
pub const BULK_SENDERS: &[(&str, &str, &str)] = &[
    ("Recruiter Weekly", "news", "recruiterweekly.example"),
    ("SaaSly Billing", "billing", "saasly.example"),
    ("CloudPayroll", "no-reply", "cloudpayroll.example"),
    ("EventSphere", "events", "eventsphere.example"),
    ("LinkedOut", "digest", "linkedout.example"),
    ("Office Supplies Direct", "orders", "officesupplies.example"),
    ("HR Tech Digest", "newsletter", "hrtech.example"),
    ("Calendly-ish", "notifications", "meetslot.example"),
    ("Travel Desk", "bookings", "traveldesk.example"),
    ("IT Helpdesk", "helpdesk", "itservices.example"),
];

/// The recruiting agency that owns the mailbox.
pub const TEAM_COMPANY: &str = "TalentBridge";
pub const TEAM_DOMAIN: &str = "talentbridge.example";

/// Roles advertised; a short list so subjects repeat across people.
pub const ROLES: &[&str] = &[
    "Senior Engineer",
    "Backend Developer",
    "Product Manager",
    "Data Scientist",
    "Engineering Manager",
    "UX Designer",
    "DevOps Engineer",
    "Sales Director",
    "Head of Finance",
    "QA Analyst",
    "Staff Engineer, Platform",
    "Développeur Full-Stack",
];

/// Job titles for contacts (hiring side).
pub const CONTACT_TITLES: &[&str] = &[
    "Head of Talent",
    "CTO",
    "VP Engineering",
    "HR Business Partner",
    "Hiring Manager",
    "Founder & CEO",
    "Talent Acquisition Lead",
    "Directeur Général",
];

/// Lowercase ASCII rendering of one character, for addresses and filenames.
fn fold_lower(c: char) -> &'static str {
    match c {
        'á' | 'à' | 'â' | 'ä' | 'å' | 'ã' => "a",
        'ç' | 'č' | 'ć' => "c",
        'é' | 'è' | 'ê' | 'ë' => "e",
        'í' | 'ì' | 'î' | 'ï' | 'ı' => "i",
        'ñ' => "n",
        'ó' | 'ò' | 'ô' | 'ö' | 'ø' | 'õ' => "o",
        'ú' | 'ù' | 'û' | 'ü' => "u",
        'ß' => "ss",
        'ł' => "l",
        'ř' => "r",
        'š' => "s",
        'ğ' => "g",
        'ż' | 'ź' => "z",
        _ => "",
    }
}

/// ASCII-fold a name keeping case; drops characters that have no mapping
/// (spaces, apostrophes) unless `keep` accepts them.
pub fn ascii_fold(s: &str, keep: impl Fn(char) -> bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii_alphanumeric() || (c.is_ascii() && keep(c)) {
            out.push(c);
        } else if !c.is_ascii() {
            let lower: String = c.to_lowercase().collect();
            let folded = lower.chars().next().map(fold_lower).unwrap_or("");
            if c.is_uppercase() {
                out.push_str(&folded.to_ascii_uppercase());
            } else {
                out.push_str(folded);
            }
        }
    }
    out
}

/// Lowercase local-part token for a name: "Jean-Luc" -> "jean-luc", "O'Brien" -> "obrien".
pub fn local_token(name: &str) -> String {
    ascii_fold(name, |c| c == '-').to_ascii_lowercase()
}

/// Filename token: "José Müller" -> "Jose_Muller".
pub fn file_token(name: &str) -> String {
    ascii_fold(&name.replace(' ', "_"), |c| c == '_' || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding() {
        assert_eq!(local_token("Łukasz"), "lukasz");
        assert_eq!(local_token("O'Brien"), "obrien");
        assert_eq!(local_token("van der Berg"), "vanderberg");
        assert_eq!(file_token("José Müller"), "Jose_Muller");
        assert_eq!(file_token("Ümit Çelik"), "Umit_Celik");
        for n in FIRST_NAMES.iter().chain(LAST_NAMES) {
            assert!(!local_token(n).is_empty(), "{n}");
        }
    }
}
