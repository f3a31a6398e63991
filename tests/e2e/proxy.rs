//! A fault-injecting HTTP proxy on loopback, in front of moto. Each request is matched by its
//! operation (the `X-Amz-Target` header) against rules that can drop the reply after moto has
//! acted on the request (a lost reply: the write happened, the client never hears of it), answer
//! with throttling or a 500 without forwarding, or pass it through. Every operation seen is
//! recorded, in order.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

/// What to do to a matching request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Forward it, let moto act, then close the connection without a reply.
    DropReply,
    /// Answer 400 TooManyRequestsException without forwarding.
    Throttle,
    /// Answer 500 InternalErrorException without forwarding.
    ServerError,
    /// Wait this many milliseconds, then forward as usual.
    Delay(u64),
    /// Answer 400 InvalidParameterException without forwarding (a refused filter, say).
    Invalid,
    /// Answer 400 AccessDeniedException without forwarding (a read the policy lacks).
    Denied,
}

#[derive(Debug, Clone)]
struct Rule {
    operation: &'static str,
    /// Matching requests to let through before the fault applies.
    skip: usize,
    /// How many matching requests get the fault (after `skip`).
    times: usize,
    fault: Fault,
}

#[derive(Clone)]
pub struct Proxy {
    pub endpoint: String,
    rules: Arc<Mutex<Vec<Rule>>>,
    seen: Arc<Mutex<Vec<String>>>,
    applied: Arc<std::sync::atomic::AtomicUsize>,
}

impl Proxy {
    /// Starts a proxy to `upstream` (`http://127.0.0.1:PORT`) on a free loopback port.
    pub fn start(upstream: &str) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let endpoint = format!("http://{}", listener.local_addr().expect("addr"));
        let upstream = upstream.trim_start_matches("http://").to_owned();
        let proxy = Proxy {
            endpoint,
            rules: Arc::default(),
            seen: Arc::default(),
            applied: Arc::default(),
        };
        let shared = proxy.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { return };
                let p = shared.clone();
                let up = upstream.clone();
                std::thread::spawn(move || p.serve(stream, &up));
            }
        });
        proxy
    }

    /// The fault for matching requests `skip + 1` to `skip + times`.
    pub fn fault(&self, operation: &'static str, skip: usize, times: usize, fault: Fault) {
        self.rules.lock().unwrap().push(Rule {
            operation,
            skip,
            times,
            fault,
        });
    }

    /// How many requests got a fault.
    pub fn faults_applied(&self) -> usize {
        self.applied.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// The operations seen so far, in order.
    pub fn seen(&self) -> Vec<String> {
        self.seen.lock().unwrap().clone()
    }

    fn decide(&self, operation: &str) -> Option<Fault> {
        self.seen.lock().unwrap().push(operation.to_owned());
        let mut rules = self.rules.lock().unwrap();
        for r in rules.iter_mut().filter(|r| r.operation == operation) {
            if r.skip > 0 {
                r.skip -= 1;
                return None;
            }
            if r.times > 0 {
                r.times -= 1;
                self.applied
                    .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                return Some(r.fault);
            }
        }
        None
    }

    fn serve(&self, client: TcpStream, upstream: &str) {
        let mut reader = BufReader::new(client.try_clone().expect("clone"));
        let mut client = client;
        loop {
            let Some((head, body, operation)) = read_request(&mut reader) else {
                return;
            };
            let answer = |client: &mut TcpStream, status: &str, kind: &str| {
                let body =
                    format!(r#"{{"__type":"{kind}","message":"injected by the test proxy"}}"#);
                let _ = client.write_all(
                    format!(
                        "HTTP/1.1 {status}\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: {}\r\n\r\n{body}",
                        body.len()
                    )
                    .as_bytes(),
                );
            };
            match self.decide(&operation) {
                Some(Fault::Throttle) => {
                    answer(&mut client, "400 Bad Request", "TooManyRequestsException")
                }
                Some(Fault::Invalid) => {
                    answer(&mut client, "400 Bad Request", "InvalidParameterException")
                }
                Some(Fault::Denied) => {
                    answer(&mut client, "400 Bad Request", "AccessDeniedException")
                }
                Some(Fault::ServerError) => answer(
                    &mut client,
                    "500 Internal Server Error",
                    "InternalErrorException",
                ),
                Some(Fault::Delay(ms)) => {
                    std::thread::sleep(std::time::Duration::from_millis(ms));
                    match forward(upstream, &head, &body) {
                        Some(reply) if client.write_all(&reply).is_ok() => {}
                        _ => return,
                    }
                }
                Some(Fault::DropReply) => {
                    let _ = forward(upstream, &head, &body);
                    let _ = client.shutdown(std::net::Shutdown::Both);
                    return;
                }
                None => match forward(upstream, &head, &body) {
                    Some(reply) => {
                        if client.write_all(&reply).is_err() {
                            return;
                        }
                    }
                    None => return,
                },
            }
        }
    }
}

/// One request: its head (with `Connection: close` for the upstream), body and operation.
fn read_request(reader: &mut BufReader<TcpStream>) -> Option<(String, Vec<u8>, String)> {
    let mut head = String::new();
    let mut length = 0usize;
    let mut operation = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        if line == "\r\n" {
            break;
        }
        let lower = line.to_ascii_lowercase();
        if let Some(v) = lower.strip_prefix("content-length:") {
            length = v.trim().parse().unwrap_or(0);
        }
        if lower.starts_with("x-amz-target:") {
            operation = line
                .trim()
                .rsplit('.')
                .next()
                .unwrap_or_default()
                .to_owned();
        }
        if lower.starts_with("connection:") {
            continue;
        }
        head.push_str(&line);
    }
    head.push_str("Connection: close\r\n\r\n");
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    Some((head, body, operation))
}

/// Sends the request to moto and returns its whole reply (moto closes after it).
fn forward(upstream: &str, head: &str, body: &[u8]) -> Option<Vec<u8>> {
    let mut up = TcpStream::connect(upstream).ok()?;
    up.write_all(head.as_bytes()).ok()?;
    up.write_all(body).ok()?;
    let mut reply = Vec::new();
    up.read_to_end(&mut reply).ok()?;
    // The client keeps its connection: drop moto's `Connection: close`.
    let text = String::from_utf8_lossy(&reply);
    Some(text.replacen("Connection: close\r\n", "", 1).into_bytes())
}
