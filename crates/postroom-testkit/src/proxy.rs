//! A TCP proxy that breaks connections on request, to test reconnects.

use std::collections::{HashMap, VecDeque};
use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::{self, JoinHandle};

/// A TCP proxy on a free `127.0.0.1` port, forwarding to `127.0.0.1:target`.
///
/// Each accepted connection gets its own connection to the target and two
/// threads copying bytes. Breaking a connection shuts down both of its
/// sockets in both directions at once: the client sees the end of the stream
/// (or a reset) with no goodbye from the server, as when a network drops.
/// The proxy stops, and drops every connection, on `Drop`.
pub struct Proxy {
    port: u16,
    shared: Arc<Shared>,
    acceptor: Option<JoinHandle<()>>,
}

#[derive(Default)]
struct Shared {
    stop: AtomicBool,
    accepted: AtomicUsize,
    next_id: AtomicU64,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    open: HashMap<u64, (TcpStream, TcpStream)>,
    /// Byte budgets for the next connections, one each, in order.
    next_budgets: VecDeque<u64>,
    /// A budget for every connection after those, until `heal`.
    every_budget: Option<u64>,
    /// Bumped by `cut`, so a connection set up during a cut is cut too.
    cuts: u64,
}

impl Proxy {
    /// Starts a proxy to `127.0.0.1:target_port`.
    pub fn start(target_port: u16) -> Proxy {
        let listener = TcpListener::bind(("127.0.0.1", 0)).expect("bind the proxy");
        let port = listener.local_addr().expect("proxy address").port();
        let shared = Arc::new(Shared::default());
        let acceptor = {
            let shared = Arc::clone(&shared);
            thread::spawn(move || accept_loop(listener, target_port, shared))
        };
        Proxy {
            port,
            shared,
            acceptor: Some(acceptor),
        }
    }

    /// The port clients connect to.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Drops every open connection at once, both sides. New connections are
    /// accepted as usual afterwards.
    pub fn cut(&self) {
        let mut state = self.shared.lock();
        state.cuts += 1;
        for (_, (client, server)) in state.open.drain() {
            close(&client, &server);
        }
    }

    /// Makes the next accepted connection drop once `n` bytes went from the
    /// server to the client (the client gets exactly `n` bytes). Call it
    /// several times to arm the next several connections; the ones after
    /// them are healthy again. Connections already open are not affected.
    pub fn cut_after_bytes(&self, n: u64) {
        self.shared.lock().next_budgets.push_back(n);
    }

    /// Like [`Proxy::cut_after_bytes`], for every connection accepted from
    /// now on (after any armed by `cut_after_bytes`), until [`Proxy::heal`].
    pub fn cut_every_after_bytes(&self, n: u64) {
        self.shared.lock().every_budget = Some(n);
    }

    /// Disarms `cut_after_bytes` and `cut_every_after_bytes`.
    pub fn heal(&self) {
        let mut state = self.shared.lock();
        state.next_budgets.clear();
        state.every_budget = None;
    }

    /// How many connections the proxy accepted so far.
    pub fn connections(&self) -> usize {
        self.shared.accepted.load(Ordering::SeqCst)
    }

    /// How many connections are open right now.
    pub fn open_connections(&self) -> usize {
        self.shared.lock().open.len()
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        // Wake the acceptor up so it sees `stop`.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        if let Some(acceptor) = self.acceptor.take() {
            let _ = acceptor.join();
        }
        self.cut();
    }
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Forgets connection `id` and shuts it down, if still open.
    fn close(&self, id: u64) {
        if let Some((client, server)) = self.lock().open.remove(&id) {
            close(&client, &server);
        }
    }
}

fn close(client: &TcpStream, server: &TcpStream) {
    let _ = client.shutdown(Shutdown::Both);
    let _ = server.shutdown(Shutdown::Both);
}

fn accept_loop(listener: TcpListener, target_port: u16, shared: Arc<Shared>) {
    for client in listener.incoming() {
        if shared.stop.load(Ordering::SeqCst) {
            return;
        }
        let Ok(client) = client else { continue };
        shared.accepted.fetch_add(1, Ordering::SeqCst);
        let cuts_at_accept = shared.lock().cuts;
        let Ok(server) = TcpStream::connect(("127.0.0.1", target_port)) else {
            let _ = client.shutdown(Shutdown::Both);
            continue;
        };
        let _ = client.set_nodelay(true);
        let _ = server.set_nodelay(true);
        let (Ok(client_read), Ok(server_read)) = (client.try_clone(), server.try_clone()) else {
            close(&client, &server);
            continue;
        };
        let id = shared.next_id.fetch_add(1, Ordering::SeqCst);
        let budget = {
            let mut state = shared.lock();
            if state.cuts != cuts_at_accept {
                close(&client, &server);
                continue;
            }
            let budget = state.next_budgets.pop_front().or(state.every_budget);
            state.open.insert(id, (client, server));
            budget
        };
        let (Ok(client_write), Ok(server_write)) =
            (client_read.try_clone(), server_read.try_clone())
        else {
            shared.close(id);
            continue;
        };
        let up = Arc::clone(&shared);
        thread::spawn(move || {
            pump(client_read, server_write, None);
            up.close(id);
        });
        let down = Arc::clone(&shared);
        thread::spawn(move || {
            pump(server_read, client_write, budget);
            down.close(id);
        });
    }
}

/// Copies `from` to `to` until either side ends or `budget` bytes went by.
fn pump(mut from: TcpStream, mut to: TcpStream, budget: Option<u64>) {
    let mut left = budget.unwrap_or(u64::MAX);
    let mut buf = [0u8; 16 * 1024];
    while left > 0 {
        let n = match from.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => n,
        };
        let n = n.min(usize::try_from(left).unwrap_or(usize::MAX));
        if to.write_all(&buf[..n]).is_err() {
            return;
        }
        left -= n as u64;
    }
}
