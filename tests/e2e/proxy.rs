//! A fault-injecting HTTP proxy on loopback, in front of moto. Each request is matched by its
//! operation (the `X-Amz-Target` header; for REST services such as SES v2, `METHOD /path`)
//! against rules that can drop the reply after moto has acted on the request (a lost reply: the
//! write happened, the client never hears of it), answer with throttling or a 500 without
//! forwarding, or pass it through. Every operation seen is recorded, in order, with its request
//! body.
//!
//! moto lacks a few reads the tool makes (SES v2 GetAccount and the suppression list, Cognito
//! GetLogDeliveryConfiguration, ListUserImportJobs and DescribeRiskConfiguration, CloudTrail
//! LookupEvents). Every proxy answers those itself, with the shapes the AWS API reference gives
//! (see `supplement`); a test can answer them otherwise with [`Proxy::answer`].

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
    /// Answer 400 with the request's own head (its `Authorization` and `X-Amz-Security-Token`
    /// headers included) in the error message, line by line, as a misconfigured proxy or
    /// endpoint that echoes requests does.
    EchoRequest,
    /// Answer 200 with a body of this many bytes, streamed in small chunks (never whole in
    /// memory), with its `Content-Length` (`chunked` false) or as a chunked stream of unknown
    /// length. It stops when the client stops reading.
    HugeBody { bytes: u64, chunked: bool },
}

#[derive(Debug, Clone)]
struct Rule {
    operation: String,
    /// Matching requests to let through before the fault applies.
    skip: usize,
    /// How many matching requests get the fault (after `skip`).
    times: usize,
    fault: Fault,
}

/// An answer given without forwarding: status, `x-amzn-ErrorType` (for an error), body.
pub type Answer = (u16, Option<&'static str>, String);

type Answerer = Arc<dyn Fn(&[u8]) -> Answer + Send + Sync>;

/// A request seen: its operation and body.
type Request = (String, Vec<u8>);

/// `GET /v2/email/account` (SES v2 GetAccount) of an account with production access, healthy,
/// its quota unused: the response syntax of the SES v2 API reference (GetAccount) with the
/// values of a production account (50,000 a day, 14 a second).
pub const PRODUCTION_ACCOUNT: &str = r#"{"DedicatedIpAutoWarmupEnabled":false,"EnforcementStatus":"HEALTHY","ProductionAccessEnabled":true,"SendQuota":{"Max24HourSend":50000.0,"MaxSendRate":14.0,"SentLast24Hours":0.0},"SendingEnabled":true,"SuppressionAttributes":{"SuppressedReasons":["BOUNCE","COMPLAINT"]}}"#;

/// What every proxy answers for the reads moto lacks, unless a test answers them otherwise.
fn supplement(operation: &str, body: &[u8]) -> Option<Answer> {
    Some(match operation {
        "GET /v2/email/account" => (200, None, PRODUCTION_ACCOUNT.to_owned()),
        // ListSuppressedDestinations of an account whose list is empty.
        "GET /v2/email/suppression/addresses" => (
            200,
            None,
            r#"{"SuppressedDestinationSummaries":[]}"#.to_owned(),
        ),
        // GetSuppressedDestination of an address not on the list: NotFoundException, HTTP 404
        // (SES v2 API reference, GetSuppressedDestination errors).
        op if op.starts_with("GET /v2/email/suppression/addresses/") => (
            404,
            Some("NotFoundException"),
            r#"{"message":"Email address is not on the suppression list."}"#.to_owned(),
        ),
        // A pool without import jobs (the response syntax of the Cognito API reference,
        // ListUserImportJobs).
        "ListUserImportJobs" => (200, None, r#"{"UserImportJobs":[]}"#.to_owned()),
        // An account whose event history holds no Cognito event in the window (the response
        // syntax of the CloudTrail API reference, LookupEvents).
        "LookupEvents" => (200, None, r#"{"Events":[]}"#.to_owned()),
        // A pool without a risk configuration of its own (the response syntax of the Cognito
        // API reference, DescribeRiskConfiguration).
        "DescribeRiskConfiguration" => {
            let pool = serde_json::from_slice::<serde_json::Value>(body)
                .ok()
                .and_then(|v| v["UserPoolId"].as_str().map(str::to_owned))
                .unwrap_or_default();
            (
                200,
                None,
                serde_json::json!({"RiskConfiguration": {"UserPoolId": pool}}).to_string(),
            )
        }
        // A pool that exports no logs: LogConfigurations empty (the response syntax of the
        // Cognito API reference, GetLogDeliveryConfiguration).
        "GetLogDeliveryConfiguration" => {
            let pool = serde_json::from_slice::<serde_json::Value>(body)
                .ok()
                .and_then(|v| v["UserPoolId"].as_str().map(str::to_owned))
                .unwrap_or_default();
            (
                200,
                None,
                serde_json::json!({"LogDeliveryConfiguration": {"UserPoolId": pool, "LogConfigurations": []}})
                    .to_string(),
            )
        }
        _ => return None,
    })
}

#[derive(Clone)]
pub struct Proxy {
    pub endpoint: String,
    rules: Arc<Mutex<Vec<Rule>>>,
    answers: Arc<Mutex<Vec<(String, Answerer)>>>,
    seen: Arc<Mutex<Vec<String>>>,
    bodies: Arc<Mutex<Vec<Request>>>,
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
            answers: Arc::default(),
            seen: Arc::default(),
            bodies: Arc::default(),
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
    pub fn fault(&self, operation: &str, skip: usize, times: usize, fault: Fault) {
        self.rules.lock().unwrap().push(Rule {
            operation: operation.to_owned(),
            skip,
            times,
            fault,
        });
    }

    /// Answers every request for `operation` (as [`Proxy::fault`] names it; one ending in `/`
    /// matches every path below it) with `answer(request body)`, without forwarding. The
    /// latest answer given for an operation wins.
    pub fn answer(
        &self,
        operation: &str,
        answer: impl Fn(&[u8]) -> Answer + Send + Sync + 'static,
    ) {
        self.answers
            .lock()
            .unwrap()
            .insert(0, (operation.to_owned(), Arc::new(answer)));
    }

    fn answer_for(&self, operation: &str, body: &[u8]) -> Option<Answer> {
        let answers = self.answers.lock().unwrap();
        let chosen = answers.iter().find(|(op, _)| {
            op == operation || (op.ends_with('/') && operation.starts_with(op.as_str()))
        });
        match chosen {
            Some((_, f)) => Some(f(body)),
            None => supplement(operation, body),
        }
    }

    /// How many requests got a fault.
    pub fn faults_applied(&self) -> usize {
        self.applied.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// The operations seen so far, in order.
    pub fn seen(&self) -> Vec<String> {
        self.seen.lock().unwrap().clone()
    }

    /// The JSON request bodies of `operation` so far, in order (a body that is not JSON as
    /// null).
    pub fn bodies(&self, operation: &str) -> Vec<serde_json::Value> {
        self.bodies
            .lock()
            .unwrap()
            .iter()
            .filter(|(op, _)| op == operation)
            .map(|(_, b)| serde_json::from_slice(b).unwrap_or_default())
            .collect()
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
            let Some((head, body, operation, close)) = read_request(&mut reader) else {
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
            self.bodies
                .lock()
                .unwrap()
                .push((operation.clone(), body.clone()));
            let decided = self.decide(&operation);
            let answered = match decided {
                None => self.answer_for(&operation, &body),
                Some(_) => None,
            };
            if let Some((status, error, text)) = answered {
                let kind = error
                    .map(|e| format!("x-amzn-ErrorType: {e}\r\n"))
                    .unwrap_or_default();
                let reply = format!(
                    "HTTP/1.1 {status} {}\r\nContent-Type: application/json\r\n{kind}Content-Length: {}\r\n\r\n{text}",
                    if status < 300 { "OK" } else { "Error" },
                    text.len()
                );
                if client.write_all(reply.as_bytes()).is_err() || close {
                    return;
                }
                continue;
            }
            match decided {
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
                Some(Fault::EchoRequest) => {
                    // The credential headers first, so that no bound on the message's length
                    // can be what keeps them out of the output.
                    let mut lines: Vec<&str> = head.split("\r\n").collect();
                    lines.sort_by_key(|l| {
                        let l = l.to_ascii_lowercase();
                        !(l.starts_with("authorization") || l.starts_with("x-amz-security-token"))
                    });
                    let body = serde_json::json!({
                        "__type": "ValidationException",
                        "message": format!("the proxy refused this request:\r\n{}", lines.join("\r\n")),
                    })
                    .to_string();
                    let _ = client.write_all(
                        format!(
                            "HTTP/1.1 400 Bad Request\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: {}\r\n\r\n{body}",
                            body.len()
                        )
                        .as_bytes(),
                    );
                }
                Some(Fault::HugeBody { bytes, chunked }) => {
                    // Whatever the client does with it, this connection ends here.
                    let _ = huge_body(&mut client, bytes, chunked);
                    let _ = client.shutdown(std::net::Shutdown::Both);
                    return;
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
            if close {
                let _ = client.shutdown(std::net::Shutdown::Both);
                return;
            }
        }
    }
}

/// A 200 whose body is a JSON document of `bytes` bytes (one long string value), written 64 KiB
/// at a time; an error as soon as the client stops reading.
fn huge_body(client: &mut TcpStream, bytes: u64, chunked: bool) -> std::io::Result<()> {
    let (open, close) = (br#"{"UserPool":{"Name":""#, br#""}}"#);
    let framing = if chunked {
        "Transfer-Encoding: chunked".to_owned()
    } else {
        format!("Content-Length: {bytes}")
    };
    client.write_all(
        format!("HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.1\r\n{framing}\r\n\r\n")
            .as_bytes(),
    )?;
    let mut send = |data: &[u8]| -> std::io::Result<()> {
        if chunked {
            client.write_all(format!("{:x}\r\n", data.len()).as_bytes())?;
            client.write_all(data)?;
            client.write_all(b"\r\n")
        } else {
            client.write_all(data)
        }
    };
    send(open)?;
    let chunk = vec![b'x'; 64 * 1024];
    let mut left = bytes.saturating_sub((open.len() + close.len()) as u64);
    while left > 0 {
        let n = left.min(chunk.len() as u64) as usize;
        send(&chunk[..n])?;
        left -= n as u64;
    }
    send(close)?;
    if chunked {
        client.write_all(b"0\r\n\r\n")?;
    }
    Ok(())
}

/// One request: its head (with `Connection: close` for the upstream), body and operation.
fn read_request(reader: &mut BufReader<TcpStream>) -> Option<(String, Vec<u8>, String, bool)> {
    let mut head = String::new();
    let mut length = 0usize;
    let mut operation = String::new();
    let mut request_line = String::new();
    // The client asked to close after this reply (another proxy in front of this one does).
    let mut close = false;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        if request_line.is_empty() {
            request_line = line.trim().to_owned();
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
            close |= lower.contains("close");
            continue;
        }
        head.push_str(&line);
    }
    if operation.is_empty() {
        // A REST call: `METHOD /path`, without the query.
        let mut parts = request_line.split(' ');
        let method = parts.next().unwrap_or_default();
        let path = parts.next().unwrap_or_default();
        operation = format!("{method} {}", path.split('?').next().unwrap_or_default());
    }
    head.push_str("Connection: close\r\n\r\n");
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    Some((head, body, operation, close))
}

/// moto's AdminCreateUser with MessageAction RESEND makes the user anew with only the attributes
/// sent (none, for a resend); AWS keeps the user as it is and sends the invitation again. The
/// proxy reads the user first (AdminGetUser) and sends its attributes along, so that the user
/// keeps its address as on AWS (moto gives it a new sub and new dates, as a changed user has).
fn as_aws_resends(upstream: &str, head: &str, body: &[u8]) -> Option<(String, Vec<u8>)> {
    let mut request: serde_json::Value = serde_json::from_slice(body).ok()?;
    if request["MessageAction"] != "RESEND" || request.get("UserAttributes").is_some() {
        return None;
    }
    let read =
        serde_json::json!({"UserPoolId": request["UserPoolId"], "Username": request["Username"]})
            .to_string();
    let read_head = with_length(
        &head.replace(".AdminCreateUser", ".AdminGetUser"),
        read.len(),
    );
    let reply = send(upstream, &read_head, read.as_bytes())?;
    let text = String::from_utf8_lossy(&reply);
    let (_, json) = text.split_once("\r\n\r\n")?;
    let user: serde_json::Value = serde_json::from_str(json).ok()?;
    let kept: Vec<serde_json::Value> = user["UserAttributes"]
        .as_array()?
        .iter()
        .filter(|a| a["Name"] != "sub")
        .cloned()
        .collect();
    request["UserAttributes"] = serde_json::Value::Array(kept);
    let body = request.to_string().into_bytes();
    Some((with_length(head, body.len()), body))
}

/// The head with its `Content-Length` set to `length`.
fn with_length(head: &str, length: usize) -> String {
    head.split("\r\n")
        .map(
            |l| match l.to_ascii_lowercase().starts_with("content-length:") {
                true => format!("Content-Length: {length}"),
                false => l.to_owned(),
            },
        )
        .collect::<Vec<_>>()
        .join("\r\n")
}

/// Sends the request to moto and returns its whole reply (moto closes after it).
fn forward(upstream: &str, head: &str, body: &[u8]) -> Option<Vec<u8>> {
    match as_aws_resends(upstream, head, body) {
        Some((head, body)) => send(upstream, &head, &body),
        None => send(upstream, head, body),
    }
}

fn send(upstream: &str, head: &str, body: &[u8]) -> Option<Vec<u8>> {
    let mut up = TcpStream::connect(upstream).ok()?;
    up.write_all(head.as_bytes()).ok()?;
    up.write_all(body).ok()?;
    let mut reply = Vec::new();
    up.read_to_end(&mut reply).ok()?;
    // The client keeps its connection: drop moto's `Connection: close`.
    let text = String::from_utf8_lossy(&reply);
    Some(text.replacen("Connection: close\r\n", "", 1).into_bytes())
}
