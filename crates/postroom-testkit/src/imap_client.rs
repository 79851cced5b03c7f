//! A minimal blocking IMAP client, to seed and inspect a test mailbox.
//!
//! It knows just enough IMAP for that: tagged commands, untagged responses
//! (with any literals they carry folded into the line), quoted strings and
//! `LITERAL+` uploads. Folder names must be ASCII (no modified UTF-7).

use std::collections::BTreeMap;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

/// How long any single read may block before the client gives up.
const READ_TIMEOUT: Duration = Duration::from_secs(30);

/// At most this many messages, or about this many bytes, per MULTIAPPEND.
const APPEND_BATCH_MESSAGES: usize = 1000;
const APPEND_BATCH_BYTES: usize = 32 << 20;

/// The outcome of one command that ended in `OK`.
#[derive(Debug, Clone, Default)]
pub struct Response {
    /// Untagged lines, without the leading `* ` and the line end. Literals
    /// are inlined (lossily, as UTF-8) after their `{n}` marker.
    pub untagged: Vec<String>,
    /// The tagged completion without its tag, e.g. `OK [APPENDUID 7 1] ...`.
    pub status: String,
}

/// A connection to an IMAP server.
pub struct ImapClient {
    reader: BufReader<TcpStream>,
    writer: TcpStream,
    next_tag: u32,
    greeting: String,
}

impl ImapClient {
    /// Connects and reads the greeting.
    pub fn connect(host: &str, port: u16) -> io::Result<ImapClient> {
        let stream = TcpStream::connect((host, port))?;
        stream.set_read_timeout(Some(READ_TIMEOUT))?;
        stream.set_nodelay(true)?;
        let mut client = ImapClient {
            reader: BufReader::new(stream.try_clone()?),
            writer: stream,
            next_tag: 1,
            greeting: String::new(),
        };
        let greeting = client.read_response_line()?;
        if !greeting.starts_with("* OK") {
            return Err(io::Error::other(format!("unexpected greeting: {greeting}")));
        }
        client.greeting = greeting;
        Ok(client)
    }

    /// The server's greeting line, e.g. `* OK [CAPABILITY ...] Dovecot ready.`.
    pub fn greeting(&self) -> &str {
        &self.greeting
    }

    /// `LOGIN`; a rejected login is an `Err` whose text holds the `NO` line.
    pub fn login(&mut self, user: &str, password: &str) -> io::Result<Response> {
        self.command(&format!("LOGIN {} {}", quote(user), quote(password)))
    }

    /// Sends `command` (without tag or line end) and reads through its
    /// completion. `NO` and `BAD` completions are errors.
    pub fn command(&mut self, command: &str) -> io::Result<Response> {
        let tag = self.tag();
        self.writer
            .write_all(format!("{tag} {command}\r\n").as_bytes())?;
        self.finish(&tag)
    }

    /// The `CAPABILITY` list, as the server spells it.
    pub fn capabilities(&mut self) -> io::Result<Vec<String>> {
        let response = self.command("CAPABILITY")?;
        Ok(response
            .untagged
            .iter()
            .find_map(|line| line.strip_prefix("CAPABILITY "))
            .map(|caps| caps.split_whitespace().map(str::to_owned).collect())
            .unwrap_or_default())
    }

    /// `STATUS folder (items)`, e.g. `status("INBOX", "MESSAGES UIDVALIDITY")`.
    pub fn status(&mut self, folder: &str, items: &str) -> io::Result<BTreeMap<String, u64>> {
        let response = self.command(&format!("STATUS {} ({items})", quote(folder)))?;
        let line = response
            .untagged
            .iter()
            .find(|line| line.starts_with("STATUS "))
            .ok_or_else(|| io::Error::other("no STATUS response"))?;
        let list = line
            .rsplit_once('(')
            .and_then(|(_, rest)| rest.strip_suffix(')'))
            .ok_or_else(|| io::Error::other(format!("malformed STATUS: {line}")))?;
        let words: Vec<&str> = list.split_whitespace().collect();
        words
            .chunks(2)
            .map(|pair| match pair {
                [name, value] => value
                    .parse()
                    .map(|v| (name.to_ascii_uppercase(), v))
                    .map_err(|_| io::Error::other(format!("malformed STATUS: {line}"))),
                _ => Err(io::Error::other(format!("malformed STATUS: {line}"))),
            })
            .collect()
    }

    /// APPENDs one message and returns its UID (from `APPENDUID`).
    pub fn append(&mut self, folder: &str, message: &[u8]) -> io::Result<u32> {
        let tag = self.tag();
        let mut out =
            format!("{tag} APPEND {} {{{}+}}\r\n", quote(folder), message.len()).into_bytes();
        out.extend_from_slice(message);
        out.extend_from_slice(b"\r\n");
        self.writer.write_all(&out)?;
        let response = self.finish(&tag)?;
        appended_uid(&response.status)
            .ok_or_else(|| io::Error::other(format!("no APPENDUID in: {}", response.status)))
    }

    /// APPENDs many messages with as few round trips as possible (MULTIAPPEND
    /// with non-synchronising literals, in batches).
    pub fn append_many(&mut self, folder: &str, messages: &[Vec<u8>]) -> io::Result<()> {
        let mut rest = messages;
        while !rest.is_empty() {
            let mut count = 0;
            let mut bytes = 0;
            while count < rest.len()
                && count < APPEND_BATCH_MESSAGES
                && (count == 0 || bytes + rest[count].len() <= APPEND_BATCH_BYTES)
            {
                bytes += rest[count].len();
                count += 1;
            }
            let (batch, tail) = rest.split_at(count);
            let tag = self.tag();
            let mut out = Vec::with_capacity(bytes + 32 * count + 64);
            out.extend_from_slice(format!("{tag} APPEND {}", quote(folder)).as_bytes());
            for message in batch {
                out.extend_from_slice(format!(" {{{}+}}\r\n", message.len()).as_bytes());
                out.extend_from_slice(message);
            }
            out.extend_from_slice(b"\r\n");
            self.writer.write_all(&out)?;
            self.finish(&tag)?;
            rest = tail;
        }
        Ok(())
    }

    /// `LOGOUT`, ignoring how the server says goodbye.
    pub fn logout(mut self) {
        let _ = self.command("LOGOUT");
    }

    fn tag(&mut self) -> String {
        let tag = format!("t{}", self.next_tag);
        self.next_tag += 1;
        tag
    }

    /// Reads responses until the one tagged `tag`.
    fn finish(&mut self, tag: &str) -> io::Result<Response> {
        let mut response = Response::default();
        loop {
            let line = self.read_response_line()?;
            if let Some(untagged) = line.strip_prefix("* ") {
                response.untagged.push(untagged.to_owned());
            } else if let Some(status) = line
                .strip_prefix(tag)
                .and_then(|rest| rest.strip_prefix(' '))
            {
                response.status = status.to_owned();
                return if status.starts_with("OK") {
                    Ok(response)
                } else {
                    Err(io::Error::other(format!("{tag} {status}")))
                };
            }
            // Continuation requests ("+ ...") are not expected with LITERAL+.
        }
    }

    /// One response line without its CRLF, with literals inlined.
    fn read_response_line(&mut self) -> io::Result<String> {
        let mut line = Vec::new();
        loop {
            let start = line.len();
            self.reader.read_until(b'\n', &mut line)?;
            if line.last() != Some(&b'\n') {
                return Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "server closed the connection",
                ));
            }
            while line.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
                line.pop();
            }
            match literal_len(&line[start..]) {
                Some(n) => {
                    let mut literal = vec![0; n];
                    self.reader.read_exact(&mut literal)?;
                    line.extend_from_slice(b"\r\n");
                    line.extend_from_slice(&literal);
                }
                None => return Ok(String::from_utf8_lossy(&line).into_owned()),
            }
        }
    }
}

/// The length of a literal announced at the end of `line` (`... {123}`).
fn literal_len(line: &[u8]) -> Option<usize> {
    let inner = line.strip_suffix(b"}")?;
    let open = inner.iter().rposition(|b| *b == b'{')?;
    std::str::from_utf8(&inner[open + 1..]).ok()?.parse().ok()
}

/// The UID from `OK [APPENDUID <validity> <uid>] ...`.
fn appended_uid(status: &str) -> Option<u32> {
    let rest = &status[status.find("[APPENDUID ")? + "[APPENDUID ".len()..];
    let code = &rest[..rest.find(']')?];
    code.split_whitespace().nth(1)?.parse().ok()
}

/// `s` as an IMAP quoted string.
fn quote(s: &str) -> String {
    assert!(!s.contains(['\r', '\n']), "cannot quote {s:?}");
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_appenduid_and_literals() {
        assert_eq!(
            appended_uid("OK [APPENDUID 1795614364 42] Append completed."),
            Some(42)
        );
        assert_eq!(appended_uid("OK Append completed."), None);
        assert_eq!(literal_len(b"* 1 FETCH (BODY[] {310}"), Some(310));
        assert_eq!(literal_len(b"* OK done"), None);
        assert_eq!(quote(r#"a"b\c"#), r#""a\"b\\c""#);
    }
}
