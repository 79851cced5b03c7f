//! A minimal LMTP client (RFC 2033): deliver one message to one recipient,
//! the way an MTA hands mail to Dovecot.

use std::io::{self, BufRead, BufReader, Write};
use std::net::TcpStream;
use std::time::Duration;

/// Delivers `raw` to `recipient` over LMTP at `host:port`.
pub fn deliver(host: &str, port: u16, recipient: &str, raw: &[u8]) -> io::Result<()> {
    let stream = TcpStream::connect((host, port))?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut writer = stream.try_clone()?;
    let mut reader = BufReader::new(stream);

    expect(&mut reader, 220, "greeting")?;
    let mut step = |command: String, code: u16| -> io::Result<()> {
        writer.write_all(command.as_bytes())?;
        expect(&mut reader, code, command.trim_end())
    };
    step("LHLO localhost\r\n".into(), 250)?;
    step("MAIL FROM:<postroom-testkit@localhost>\r\n".into(), 250)?;
    step(format!("RCPT TO:<{recipient}>\r\n"), 250)?;
    step("DATA\r\n".into(), 354)?;
    // LMTP answers DATA once per accepted recipient: one here.
    writer.write_all(&data_payload(raw))?;
    expect(&mut reader, 250, "end of DATA")?;
    writer.write_all(b"QUIT\r\n")?;
    expect(&mut reader, 221, "QUIT")
}

/// Reads one (possibly multi-line) reply and checks its code.
fn expect(reader: &mut impl BufRead, code: u16, what: &str) -> io::Result<()> {
    let mut text = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 {
            return Err(io::Error::other(format!(
                "LMTP server closed during {what}: {text}"
            )));
        }
        text.push_str(&line);
        // "250-more follows" vs "250 last line".
        if line.as_bytes().get(3) != Some(&b'-') {
            break;
        }
    }
    if text.get(..3).and_then(|c| c.parse::<u16>().ok()) == Some(code) {
        Ok(())
    } else {
        Err(io::Error::other(format!(
            "LMTP {what}: expected {code}, got: {}",
            text.trim_end()
        )))
    }
}

/// The message as DATA: CRLF line ends, dot-stuffed, ending in `CRLF.CRLF`.
fn data_payload(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len() + raw.len() / 32 + 5);
    let mut line_start = true;
    let mut prev = 0u8;
    for &b in raw {
        if line_start && b == b'.' {
            out.push(b'.');
        }
        if b == b'\n' && prev != b'\r' {
            out.push(b'\r');
        }
        out.push(b);
        line_start = b == b'\n';
        prev = b;
    }
    if !out.is_empty() && !out.ends_with(b"\r\n") {
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b".\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::data_payload;

    #[test]
    fn payload_is_dot_stuffed_with_crlf() {
        assert_eq!(data_payload(b"a\n.b\r\n..c"), b"a\r\n..b\r\n...c\r\n.\r\n");
        assert_eq!(data_payload(b".x\r\n"), b"..x\r\n.\r\n");
    }
}
