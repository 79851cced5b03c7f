//! Headers to [`Envelope`]: the participants and thread links the rules need.

use mail_parser::{Address, HeaderName, HeaderValue, Message, MessageParser};
use postroom_domain::{EmailAddress, Envelope, MessageId, Participant, Role};
use std::sync::LazyLock;

#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum ParseError {
    #[error("cannot parse message: no header section found")]
    NoHeaders,
    #[error("cannot parse message: no From, Reply-To, To, Cc or Bcc address in it")]
    NoParticipants,
    #[error("cannot parse message: it is larger than {} MiB", crate::source::MAX_MESSAGE_BYTES >> 20)]
    TooLarge,
}

/// The parser every Postroom parse uses: structured parsing only for the headers
/// Postroom reads (addresses, date, subject, ids, MIME); every other header is kept
/// raw. By default mail-parser also tokenises every `Received:` line, a few percent
/// of the CPU of an import for nothing.
pub(crate) static PARSER: LazyLock<MessageParser> = LazyLock::new(|| {
    MessageParser::new()
        .with_minimal_headers()
        .with_message_ids()
});

/// Parses only the header section (cheap: bodies are skipped).
pub fn parse_envelope(raw: &[u8]) -> Result<Envelope, ParseError> {
    let message = PARSER.parse_headers(raw).ok_or(ParseError::NoHeaders)?;
    envelope_of(&message)
}

const ROLES: [(HeaderName<'static>, Role); 5] = [
    (HeaderName::From, Role::From),
    (HeaderName::ReplyTo, Role::ReplyTo),
    (HeaderName::To, Role::To),
    (HeaderName::Cc, Role::Cc),
    (HeaderName::Bcc, Role::Bcc),
];

/// Builds the envelope from an already parsed message.
pub fn envelope_of(message: &Message<'_>) -> Result<Envelope, ParseError> {
    // mail-parser reads anything up to a blank line as headers, so binary garbage
    // comes back as one "header" with a garbage name: require a real field name.
    if !message
        .root_part()
        .headers()
        .iter()
        .any(|h| is_field_name(h.name()))
    {
        return Err(ParseError::NoHeaders);
    }
    let mut participants = Vec::new();
    for (header, role) in ROLES {
        for value in message.header_values(header) {
            if let HeaderValue::Address(address) = value {
                push_addresses(address, role, &mut participants);
            }
        }
    }
    if participants.is_empty() {
        return Err(ParseError::NoParticipants);
    }
    Ok(Envelope {
        participants,
        message_id: message.message_id().and_then(|m| MessageId::parse(m).ok()),
        in_reply_to: message_ids(message.in_reply_to()),
        references: message_ids(message.references()),
        subject: subject(message),
        date: message
            .date()
            .filter(|d| d.is_valid() && (1970..=9999).contains(&d.year))
            .map(|d| d.to_timestamp()),
    })
}

fn push_addresses(address: &Address<'_>, role: Role, out: &mut Vec<Participant>) {
    for addr in address.iter() {
        let Some(raw) = addr.address.as_deref() else {
            continue;
        };
        match EmailAddress::parse(raw) {
            Ok(parsed) => out.push(Participant {
                role,
                address: parsed,
                name: addr
                    .name
                    .as_deref()
                    .map(str::trim)
                    .filter(|n| !n.is_empty())
                    .map(String::from),
            }),
            // An unusable address cannot match anyone; the rest of the message still counts.
            Err(err) => tracing::debug!(%err, "skipping address"),
        }
    }
}

fn message_ids(value: &HeaderValue<'_>) -> Vec<MessageId> {
    value
        .as_text_list()
        .unwrap_or_default()
        .iter()
        .filter_map(|id| MessageId::parse(id).ok())
        .collect()
}

/// RFC 5322 field names are printable ASCII without colon or space.
fn is_field_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| (33..=126).contains(&b) && b != b':')
}

fn subject(message: &Message<'_>) -> Option<String> {
    let decoded = message.subject()?.trim().to_string();
    if decoded.contains('\u{FFFD}') {
        if let Some(joined) = message
            .header_raw("Subject")
            .and_then(crate::encoded_words::decode_joined)
        {
            if !joined.contains('\u{FFFD}') {
                return Some(joined);
            }
        }
    }
    Some(decoded)
}
