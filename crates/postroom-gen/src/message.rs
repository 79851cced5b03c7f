//! The lazy message stream: a clock, a bounded set of open conversations,
//! and the assembly of each message's headers around its MIME body.

use rand::seq::SliceRandom;
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use time::{Duration, OffsetDateTime, UtcOffset, Weekday};

use crate::address::{mailbox, wire_addr};
use crate::body::{write_entity, Attachment, BodySpec};
use crate::encode::{b64, encoded_words, header, rfc2822, Charset};
use crate::names::{file_token, idn_ascii, BULK_SENDERS, TEAM_DOMAIN};
use crate::people::{normalize, rng, STREAM_MAIL};
use crate::thread::{intent, start, Cast, Conv, ConvKind, Party};
use crate::{Config, Dataset};

/// Conversations kept open at once; bounds memory whatever the mailbox size.
const MAX_OPEN: usize = 48;
/// Message-IDs kept per conversation for `References`.
const MAX_REFS: usize = 10;

/// One generated message with its envelope data.
pub(crate) struct Generated {
    /// Bare sender address (lowercase ASCII, punycode domain), for the mbox
    /// separator line.
    pub envelope_from: String,
    pub date: OffsetDateTime,
    pub raw: Vec<u8>,
}

/// The iterator behind [`messages`].
pub(crate) struct Stream<'a> {
    cast: Cast<'a>,
    cfg: &'a Config,
    rng: ChaCha8Rng,
    produced: usize,
    now: OffsetDateTime,
    open: Vec<Conv>,
}

/// Raw RFC 5322 messages (LF line endings), generated lazily one at a time.
/// Same dataset and config give the same bytes.
///
/// # Panics
/// If `ds.team` is empty ([`crate::dataset`] always makes at least one member).
pub fn messages<'a>(ds: &'a Dataset, cfg: &'a Config) -> impl Iterator<Item = Vec<u8>> + 'a {
    stream(ds, cfg).map(|g| g.raw)
}

pub(crate) fn stream<'a>(ds: &'a Dataset, cfg: &'a Config) -> Stream<'a> {
    assert!(
        !ds.team.is_empty(),
        "a mailbox needs at least one team member"
    );
    Stream {
        cast: Cast::new(ds),
        cfg,
        rng: rng(cfg.seed, STREAM_MAIL),
        produced: 0,
        now: time::macros::datetime!(2025-01-06 08:30:00 UTC),
        open: Vec::new(),
    }
}

impl Iterator for Stream<'_> {
    type Item = Generated;

    fn next(&mut self) -> Option<Generated> {
        if self.produced >= self.cfg.messages {
            return None;
        }
        self.tick();
        let reply =
            !self.open.is_empty() && (self.open.len() >= MAX_OPEN || self.rng.gen_bool(0.45));
        let (mut conv, first) = if reply {
            let i = self.rng.gen_range(0..self.open.len());
            (self.open.swap_remove(i), false)
        } else {
            (start(&self.cast, &mut self.rng), true)
        };
        let outbound = if first {
            conv.last_outbound
        } else {
            // Mostly alternating; sometimes a follow-up in the same direction.
            conv.last_outbound ^ self.rng.gen_bool(0.85)
        };
        let g = self.render(&mut conv, first, outbound);
        conv.last_outbound = outbound;
        if !first {
            conv.remaining -= 1;
        }
        if conv.remaining > 0 {
            self.open.push(conv);
        }
        self.produced += 1;
        Some(g)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.cfg.messages - self.produced;
        (left, Some(left))
    }
}

const USER_AGENTS: &[&str] = &[
    "Microsoft Outlook 16.0",
    "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Thunderbird/128.3.0",
    "Apple Mail (2.3776.700.51)",
    "Roundcube Webmail/1.6.9",
    "K-9 Mail for Android",
];

impl Stream<'_> {
    /// Advance the clock: minutes between messages, nights and most
    /// weekends skipped.
    fn tick(&mut self) {
        let step = Duration::minutes(self.rng.gen_range(1..=40))
            + Duration::seconds(self.rng.gen_range(0..60));
        self.now += step;
        if self.now.hour() >= 19 {
            let next = self.now.date().next_day().expect("date in range");
            self.now = next
                .with_hms(7, self.rng.gen_range(0..60), 0)
                .expect("valid time")
                .assume_utc();
            while matches!(self.now.weekday(), Weekday::Saturday | Weekday::Sunday)
                && self.rng.gen_bool(0.85)
            {
                self.now += Duration::days(1);
            }
        }
    }

    /// A sender's local time zone for this message.
    fn local(&mut self, p: Party) -> OffsetDateTime {
        let minutes = match p {
            Party::Team(_) => 0,
            _ => *[0, 0, 0, 60, 120, -300, -480, 330]
                .choose(&mut self.rng)
                .expect("offsets"),
        };
        let off = UtcOffset::from_whole_seconds(minutes * 60).expect("valid offset");
        self.now.to_offset(off)
    }

    /// A team member's address: usually their first.
    fn team_addr(&mut self, t: usize) -> String {
        let emails = &self.cast.ds.team[t].emails;
        if self.rng.gen_bool(0.85) {
            emails[0].clone()
        } else {
            emails.choose(&mut self.rng).expect("emails").clone()
        }
    }

    fn party_mailbox(&mut self, p: Party, addr: &str) -> String {
        let name = self.cast.name(p);
        let last_first = self.cast.last_first(p);
        mailbox(&mut self.rng, name.as_deref(), last_first.as_deref(), addr)
    }

    fn message_id(&mut self, sender_addr: &str) -> String {
        let domain = sender_addr
            .rsplit('@')
            .next()
            .unwrap_or(TEAM_DOMAIN)
            .to_lowercase();
        let domain = idn_ascii(&domain).map_or(domain, str::to_string);
        let seq = self.produced;
        let r: u64 = self.rng.gen();
        match self.rng.gen_range(0..3) {
            0 => format!("<{seq:x}.{r:016x}@{domain}>"),
            1 => {
                let bytes: [u8; 18] = self.rng.gen();
                let token = b64(&bytes).replace('/', "_");
                format!("<CA{seq:x}{token}@mail.{domain}>")
            }
            _ => format!(
                "<{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}@{domain}>",
                r >> 32,
                (r >> 16) & 0xffff,
                r & 0xfff,
                0x8000 | (seq & 0x3fff),
                seq
            ),
        }
    }

    /// The Subject value: `Re: ` for replies, RFC 2047 words (B or Q,
    /// UTF-8 or Latin-1) or raw UTF-8 when not ASCII.
    fn subject(&mut self, base: &str, first: bool) -> String {
        let prefix = match (first, self.rng.gen_range(0..100)) {
            (true, _) => "",
            (false, 0..=9) => "RE: ",
            (false, _) => "Re: ",
        };
        if base.is_ascii() {
            return format!("{prefix}{base}");
        }
        let enc = match self.rng.gen_range(0..20) {
            0..=8 => encoded_words(base, false, Charset::Utf8),
            9..=15 => encoded_words(base, true, Charset::Utf8),
            16..=17 => encoded_words(base, false, Charset::Latin1),
            _ => base.to_string(),
        };
        format!("{prefix}{enc}")
    }

    /// The recipient list when a team member receives mail: usually one
    /// address, sometimes a group, sometimes undisclosed recipients.
    fn team_recipients(&mut self, t: usize, jobs_inbox: bool, bulk: bool) -> String {
        let team = &self.cast.ds.team;
        if bulk && self.rng.gen_bool(0.2) {
            return "undisclosed-recipients:;".to_string();
        }
        if self.rng.gen_bool(0.04) {
            let members: Vec<String> = team.iter().take(3).map(|m| m.emails[0].clone()).collect();
            return format!("Recruiting: {};", members.join(", "));
        }
        let addr = match team[t].emails.iter().find(|e| e.starts_with("jobs@")) {
            Some(jobs) if jobs_inbox => jobs.clone(),
            _ => self.team_addr(t),
        };
        self.party_mailbox(Party::Team(t), &addr)
    }

    fn attachment(&mut self, conv: &Conv, from: Party, first: bool) -> Option<Attachment> {
        let ratio = self.cfg.attachment_ratio.clamp(0.0, 1.0);
        if !self.rng.gen_bool(ratio) {
            return None;
        }
        let (lo, hi) = (
            self.cfg.attachment_min.min(self.cfg.attachment_max),
            self.cfg.attachment_min.max(self.cfg.attachment_max),
        );
        let size = self.rng.gen_range(lo..=hi);
        let docx = self.rng.gen_bool(0.3);
        let ext = if docx { "docx" } else { "pdf" };
        let cv_of = match (conv.kind, from) {
            (ConvKind::Application { .. }, _) if first => Some(conv.candidate.clone()),
            (_, Party::Person(_) | Party::Outsider(_)) => self.cast.name(from),
            _ => None,
        };
        let n: u32 = self.rng.gen_range(1000..9999);
        let filename = match cv_of {
            Some(name) if !matches!(conv.kind, ConvKind::Bulk { .. }) => {
                match self.rng.gen_range(0..4) {
                    0 | 1 => format!("CV_{}.{ext}", file_token(&name)),
                    2 => format!("CV {name}.{ext}"),
                    _ => format!("Resume - {name}.{ext}"),
                }
            }
            _ => match self.rng.gen_range(0..4) {
                0 => format!("Job_Description_{}.{ext}", file_token(conv.role)),
                1 => format!("Shortlist_{}.{ext}", file_token(conv.role)),
                2 => format!("CV_{}.{ext}", file_token(&conv.candidate)),
                _ => format!("Invoice_{n}.{ext}"),
            },
        };
        Some(Attachment {
            filename,
            docx,
            size,
            seed: self.rng.gen(),
        })
    }

    fn render(&mut self, conv: &mut Conv, first: bool, outbound: bool) -> Generated {
        let me = Party::Team(conv.team);
        let application_notice = first && matches!(conv.kind, ConvKind::Application { .. });
        let bulk = matches!(conv.kind, ConvKind::Bulk { .. });
        let (from, to) = if outbound {
            (me, conv.other)
        } else {
            (conv.other, me)
        };

        // Sender.
        let (from_party, from_addr) = match conv.kind {
            ConvKind::Application { board } if application_notice => {
                let o = self.cast.boards[board].0;
                (Party::Outsider(o), self.cast.ds.outsiders[o].clone())
            }
            _ => match from {
                Party::Team(t) => (from, self.team_addr(t)),
                p if self.rng.gen_bool(0.9) => (p, conv.other_addr.clone()),
                p => (p, self.cast.address(&mut self.rng, p)),
            },
        };
        let from_wire = wire_addr(&mut self.rng, &from_addr);
        let from_hdr = self.party_mailbox(from_party, &from_wire);
        let envelope_from = normalize(&from_wire);

        // Recipients.
        let to_hdr = match to {
            Party::Team(t) if !outbound || conv.kind == ConvKind::Internal => {
                self.team_recipients(t, application_notice, bulk)
            }
            p => {
                let addr = match p {
                    Party::Team(t) => self.team_addr(t),
                    _ => conv.other_addr.clone(),
                };
                self.party_mailbox(p, &addr)
            }
        };
        let cc_hdr = match conv.cc.clone() {
            Some((p, addr)) if self.rng.gen_bool(0.7) => {
                let mut list = vec![self.party_mailbox(p, &addr)];
                if self.rng.gen_bool(0.2) {
                    if let Some(q) = self.cast.someone(&mut self.rng) {
                        let qa = self.cast.address(&mut self.rng, q);
                        list.push(self.party_mailbox(q, &qa));
                    }
                }
                Some(list.join(", "))
            }
            _ => None,
        };
        let bcc_hdr = if outbound && conv.kind != ConvKind::Internal && self.rng.gen_bool(0.08) {
            let p = if self.cast.ds.team.len() > 1 && self.rng.gen_bool(0.5) {
                Some(Party::Team((conv.team + 1) % self.cast.ds.team.len()))
            } else {
                self.cast.someone(&mut self.rng)
            };
            p.map(|p| {
                let a = self.cast.address(&mut self.rng, p);
                self.party_mailbox(p, &a)
            })
        } else {
            None
        };
        let reply_to = if application_notice {
            let addr = conv.other_addr.clone();
            Some(self.party_mailbox(conv.other, &addr))
        } else {
            None
        };

        let date = self.local(from);
        let subject = self.subject(&conv.subject.clone(), first);
        let id = (!self.rng.gen_bool(0.02)).then(|| self.message_id(&from_addr));
        let in_reply_to = match conv.refs.last() {
            Some(last) if !first && conv.last_had_id => Some(last.clone()),
            _ => None,
        };
        let references = (!first && !conv.refs.is_empty() && self.rng.gen_bool(0.95))
            .then(|| conv.refs.join(" "));

        let mut out = Vec::with_capacity(6 * 1024);
        if !outbound {
            let rcpt = self.cast.ds.team[conv.team].emails[0].clone();
            self.transport_headers(&mut out, &rcpt, &envelope_from, date);
        }
        if let Some(r) = &reply_to {
            header(&mut out, "Reply-To", r);
        }
        header(&mut out, "From", &from_hdr);
        header(&mut out, "To", &to_hdr);
        if let Some(cc) = &cc_hdr {
            header(&mut out, "Cc", cc);
        }
        if let Some(bcc) = &bcc_hdr {
            header(&mut out, "Bcc", bcc);
        }
        header(&mut out, "Subject", &subject);
        header(&mut out, "Date", &rfc2822(date));
        if let Some(id) = &id {
            header(&mut out, "Message-ID", id);
        }
        if let Some(r) = &in_reply_to {
            header(&mut out, "In-Reply-To", r);
        }
        if let Some(r) = &references {
            header(&mut out, "References", r);
        }
        header(&mut out, "MIME-Version", "1.0");
        if bulk {
            let domain = from_addr
                .rsplit('@')
                .next()
                .unwrap_or(TEAM_DOMAIN)
                .to_string();
            header(
                &mut out,
                "List-Unsubscribe",
                &format!(
                    "<https://{domain}/unsubscribe?u={:x}>, <mailto:unsubscribe@{domain}>",
                    self.produced
                ),
            );
            header(&mut out, "Precedence", "bulk");
        } else if self.rng.gen_bool(0.6) {
            let ua = *USER_AGENTS.choose(&mut self.rng).expect("agents");
            let name = if self.rng.gen_bool(0.5) {
                "User-Agent"
            } else {
                "X-Mailer"
            };
            header(&mut out, name, ua);
        }

        // Body.
        let attachment = self.attachment(conv, from_party, first);
        let greet = self.cast.greeting(to);
        let signature = self.cast.signature(from_party);
        let brand = match conv.kind {
            ConvKind::Application { board } => {
                let (name, domain) = crate::names::JOB_BOARDS[self.cast.boards[board].1];
                (name, domain)
            }
            ConvKind::Bulk { sender } => {
                let (name, _, domain) = BULK_SENDERS[self.cast.bulk[sender].1];
                (name, domain)
            }
            _ => (crate::names::TEAM_COMPANY, TEAM_DOMAIN),
        };
        let quote = conv.quote.take();
        let spec = BodySpec {
            intent: intent(&self.cast, conv, outbound, first),
            greet: &greet,
            signature: &signature,
            role: conv.role,
            company: conv.company,
            candidate: &conv.candidate,
            brand,
            quote: quote.as_ref().map(|(a, t)| (a.as_str(), t.as_str())),
        };
        let text = write_entity(&mut self.rng, &mut out, &spec, attachment.as_ref());

        // Remember what the next reply needs.
        let own = text.split("\n\nOn ").next().unwrap_or(&text);
        let own = &own[..own.floor_char_boundary(1200)];
        let name = self
            .cast
            .name(from_party)
            .unwrap_or_else(|| from_addr.clone());
        conv.quote = Some((
            format!("On {}, {name} <{from_addr}> wrote:", rfc2822(date)),
            own.to_string(),
        ));
        conv.last_had_id = id.is_some();
        if let Some(id) = id {
            if conv.refs.len() >= MAX_REFS {
                conv.refs.remove(1);
            }
            conv.refs.push(id);
        }
        Generated {
            envelope_from,
            date,
            raw: out,
        }
    }

    /// Return-Path, Received and sometimes DKIM-Signature, as an MTA adds
    /// them to mail arriving in the mailbox.
    fn transport_headers(
        &mut self,
        out: &mut Vec<u8>,
        rcpt: &str,
        envelope: &str,
        date: OffsetDateTime,
    ) {
        let domain = envelope.rsplit('@').next().unwrap_or("example").to_string();
        let domain = idn_ascii(&domain).map_or(domain, str::to_string);
        header(out, "Return-Path", &format!("<{envelope}>"));
        let id: u64 = self.rng.gen();
        let utc = date.to_offset(UtcOffset::UTC);
        header(
            out,
            "Received",
            &format!(
                "from mail-{}.{domain} (mail-{}.{domain} [198.51.100.{}]) by mx1.{TEAM_DOMAIN} with ESMTPS id {id:016X} for <{}>; {}",
                id % 97,
                id % 97,
                id % 250 + 1,
                rcpt,
                rfc2822(utc + Duration::seconds(3))
            ),
        );
        header(
            out,
            "Received",
            &format!(
                "from smtp.{domain} (localhost [127.0.0.1]) by mail-{}.{domain} (Postfix) with ESMTP id {:X}; {}",
                id % 97,
                id >> 24,
                rfc2822(utc + Duration::seconds(1))
            ),
        );
        if self.rng.gen_bool(0.6) {
            let bh: [u8; 32] = self.rng.gen();
            let mut sig = [0u8; 256];
            self.rng.fill(&mut sig[..]);
            let b = b64(&sig);
            let folded: Vec<&str> = b
                .as_bytes()
                .chunks(64)
                .map(|c| std::str::from_utf8(c).expect("ascii"))
                .collect();
            header(
                out,
                "DKIM-Signature",
                &format!(
                    "v=1; a=rsa-sha256; c=relaxed/relaxed; d={domain}; s=s2024; h=from:to:subject:date:message-id:mime-version; bh={}; b={}",
                    b64(&bh),
                    folded.join(" ")
                ),
            );
        }
    }
}
