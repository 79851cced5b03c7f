//! A webhook receiver for the tests that check what `postroom serve` announces:
//! one copy, so every such test reads deliveries the same way.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::mpsc;

/// What one delivery carried: its headers (names lowercased) and its body.
pub type Delivery = (Vec<(String, String)>, String);

/// A webhook receiver: answers `status` to every POST and hands over the headers
/// and body of each.
pub fn receiver(listener: TcpListener, status: u16) -> mpsc::Receiver<Delivery> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for conn in listener.incoming() {
            let Ok(mut conn) = conn else { return };
            let mut reader = BufReader::new(conn.try_clone().unwrap());
            let mut headers = Vec::new();
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            loop {
                line.clear();
                reader.read_line(&mut line).unwrap();
                let l = line.trim_end();
                if l.is_empty() {
                    break;
                }
                if let Some((k, v)) = l.split_once(':') {
                    headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
                }
            }
            let len: usize = headers
                .iter()
                .find(|(k, _)| k == "content-length")
                .map_or(0, |(_, v)| v.parse().unwrap());
            let mut body = vec![0; len];
            reader.read_exact(&mut body).unwrap();
            let _ = write!(
                conn,
                "HTTP/1.1 {status} X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
            if tx
                .send((headers, String::from_utf8(body).unwrap()))
                .is_err()
            {
                return;
            }
        }
    });
    rx
}

/// A receiver answering 200 on a free local port; the port and its deliveries.
pub fn listen() -> (u16, mpsc::Receiver<Delivery>) {
    let listener = TcpListener::bind(("127.0.0.1", 0)).unwrap();
    let port = listener.local_addr().unwrap().port();
    (port, receiver(listener, 200))
}

/// The value of a header that must be there.
pub fn header<'a>(headers: &'a [(String, String)], name: &str) -> &'a str {
    headers
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("no {name} header in {headers:?}"))
}
