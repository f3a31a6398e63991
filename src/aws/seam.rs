//! The one seam every read goes through: the HTTP client of every service client a session
//! makes. `collect` records there (each read pseudonymised and appended to the bundle as it
//! answers, so memory stays flat); `--bundle` and pasted AWS CLI output answer there, with no
//! credentials and no network, so a live run, a recorded bundle and pasted output feed the same
//! code and the same rules.

use std::collections::{HashMap, VecDeque};
use std::io::Write;
use std::sync::{Arc, Mutex};

use aws_smithy_runtime_api::client::http::{
    HttpClient, HttpConnector, HttpConnectorFuture, HttpConnectorSettings, SharedHttpClient,
    SharedHttpConnector,
};
use aws_smithy_runtime_api::client::orchestrator::{HttpRequest, HttpResponse};
use aws_smithy_runtime_api::client::result::ConnectorError;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::body::SdkBody;
use serde_json::Value;

use crate::bundle::{Pseudonyms, Read, Restorer};

/// Where the reads of a run go: recorded, or answered from a bundle.
#[derive(Clone)]
pub enum Seam {
    Record(Arc<Recorder>),
    Replay(Arc<Replay>),
}

impl std::fmt::Debug for Seam {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Seam::Record(_) => "Seam::Record",
            Seam::Replay(_) => "Seam::Replay",
        })
    }
}

/// The largest answer recorded: the limit every answer is read under (`limits`).
const MAX_ANSWER: usize = 32 * 1024 * 1024;

/// What a request is, as a bundle names it (its body and path as sent).
fn describe(request: &HttpRequest) -> Read {
    let auth = request
        .headers()
        .get("authorization")
        .unwrap_or_default()
        .to_owned();
    // `Credential=AKID/DATE/REGION/SERVICE/aws4_request`
    let scope: Vec<&str> = auth
        .split("Credential=")
        .nth(1)
        .and_then(|c| c.split(',').next())
        .map(|c| c.split('/').collect())
        .unwrap_or_default();
    let uri = request.uri();
    let path = match uri.find("://") {
        Some(i) => uri[i + 3..]
            .find('/')
            .map_or("/".to_owned(), |j| uri[i + 3 + j..].to_owned()),
        None => uri.to_owned(),
    };
    let body = request.body().bytes().unwrap_or_default();
    Read {
        service: scope.get(3).copied().unwrap_or_default().to_owned(),
        region: scope.get(2).copied().unwrap_or_default().to_owned(),
        target: request.headers().get("x-amz-target").map(str::to_owned),
        method: request.method().to_owned(),
        path,
        request: match body.is_empty() {
            true => None,
            false => serde_json::from_slice(body).ok(),
        },
        status: None,
        error_type: None,
        answer: None,
        failure: None,
    }
}

/// Records every read into a bundle file as it answers.
pub struct Recorder {
    inner: Mutex<Writing>,
}

struct Writing {
    out: std::io::BufWriter<std::fs::File>,
    pseudonyms: Option<Pseudonyms>,
    reads: usize,
    /// A write of the bundle that failed: the run ends saying so.
    broken: Option<String>,
    /// Reads that got no answer or an error, by operation, for the summary.
    failed: Vec<String>,
}

impl Recorder {
    /// Records into `out` (the head already written, its `"reads": [` open).
    pub fn new(out: std::fs::File, pseudonyms: Option<Pseudonyms>) -> Recorder {
        Recorder {
            inner: Mutex::new(Writing {
                out: std::io::BufWriter::new(out),
                pseudonyms,
                reads: 0,
                broken: None,
                failed: Vec::new(),
            }),
        }
    }

    /// A request's names as the bundle holds them.
    pub fn pseudonymise(&self, mut read: Read) -> Read {
        let mut w = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(p) = &mut w.pseudonyms {
            read.path = p.path(&read.path);
            if let Some(r) = &mut read.request {
                p.body(r);
            }
            if let Some(a) = &mut read.answer {
                p.body(a);
            }
        }
        read
    }

    fn record(&self, read: Read) {
        let read = self.pseudonymise(read);
        let mut w = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        if read.failure.is_some() || read.status.is_some_and(|s| s >= 300) {
            let op = read
                .target
                .as_deref()
                .and_then(|t| t.rsplit('.').next())
                .unwrap_or(&read.path)
                .to_owned();
            w.failed.push(format!("{}:{op}", read.service));
        }
        let sep = if w.reads == 0 { "\n" } else { ",\n" };
        let line = serde_json::to_string(&read).unwrap_or_default();
        let written = write!(w.out, "{sep}{line}");
        w.reads += 1;
        if let Err(e) = written {
            w.broken.get_or_insert(e.to_string());
        }
    }

    /// Ends the reads; returns the file, the reads written, the pseudonyms (for the summary and
    /// the key file) and the reads that failed.
    pub fn finish(&self) -> std::io::Result<(usize, Option<Pseudonyms>, Vec<String>)> {
        let mut w = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(e) = w.broken.take() {
            return Err(std::io::Error::other(e));
        }
        let end = crate::bundle::End {
            reads: w.reads,
            pseudonyms: w.pseudonyms.as_ref().map(Pseudonyms::counts),
        };
        let reads = w.reads;
        write!(
            w.out,
            "\n],\n\"end\": {}\n}}\n",
            serde_json::to_string(&end).unwrap_or_default()
        )?;
        w.out.flush()?;
        w.out.get_ref().sync_all()?;
        Ok((reads, w.pseudonyms.take(), std::mem::take(&mut w.failed)))
    }

    /// The HTTP client that records through `inner`.
    pub fn client(self: &Arc<Self>, inner: SharedHttpClient) -> SharedHttpClient {
        SharedHttpClient::new(Recording {
            inner,
            recorder: self.clone(),
        })
    }
}

#[derive(Debug, Clone)]
struct Recording {
    inner: SharedHttpClient,
    recorder: Arc<Recorder>,
}

impl std::fmt::Debug for Recorder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Recorder")
    }
}

impl HttpClient for Recording {
    fn http_connector(
        &self,
        settings: &HttpConnectorSettings,
        components: &RuntimeComponents,
    ) -> SharedHttpConnector {
        SharedHttpConnector::new(RecordingConnector {
            inner: self.inner.http_connector(settings, components),
            recorder: self.recorder.clone(),
        })
    }
}

#[derive(Debug)]
struct RecordingConnector {
    inner: SharedHttpConnector,
    recorder: Arc<Recorder>,
}

impl HttpConnector for RecordingConnector {
    fn call(&self, request: HttpRequest) -> HttpConnectorFuture {
        let mut read = describe(&request);
        let inner = self.inner.clone();
        let recorder = self.recorder.clone();
        HttpConnectorFuture::new(async move {
            match inner.call(request).await {
                Ok(mut response) => {
                    let body = std::mem::replace(response.body_mut(), SdkBody::taken());
                    let limited = http_body_util::Limited::new(body, MAX_ANSWER);
                    let bytes = match http_body_util::BodyExt::collect(limited).await {
                        Ok(c) => c.to_bytes(),
                        Err(e) => {
                            read.failure = Some("failed".into());
                            recorder.record(read);
                            return Err(ConnectorError::other(e, None));
                        }
                    };
                    read.status = Some(response.status().as_u16());
                    read.error_type = response
                        .headers()
                        .get("x-amzn-errortype")
                        .map(str::to_owned);
                    read.answer = Some(serde_json::from_slice(&bytes).unwrap_or_else(|_| {
                        Value::String(String::from_utf8_lossy(&bytes).into_owned())
                    }));
                    recorder.record(read);
                    *response.body_mut() = SdkBody::from(bytes);
                    Ok(response)
                }
                Err(e) => {
                    read.failure = Some(
                        if e.is_timeout() {
                            "timeout"
                        } else {
                            "unreachable"
                        }
                        .into(),
                    );
                    recorder.record(read);
                    Err(e)
                }
            }
        })
    }
}

/// Answers every read from a bundle (or from pasted AWS CLI output made into one).
pub struct Replay {
    reads: Mutex<HashMap<String, VecDeque<Read>>>,
    /// With `--key`: the names put back in every answer, and requests (which then carry real
    /// names) made tokens as the bundle made them.
    restorer: Option<Restorer>,
    pseudonyms: Option<Mutex<Pseudonyms>>,
    /// How a read that is not there is named: "not in the bundle", "not given".
    missing: &'static str,
    /// Pasted output: matched on what names the read, not the whole request.
    loose: bool,
}

impl std::fmt::Debug for Replay {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Replay")
    }
}

/// The error type of a read the bundle does not hold: classified as `not-given`.
pub const NOT_GIVEN: &str = "NotGiven";

impl Replay {
    pub fn new(
        reads: Vec<Read>,
        key: Option<&crate::bundle::KeyFile>,
        missing: &'static str,
    ) -> Replay {
        let mut pseudonyms = key.and_then(Pseudonyms::from_key_file);
        if let Some(p) = &mut pseudonyms {
            reads
                .iter()
                .filter_map(|r| r.answer.as_ref())
                .for_each(|a| p.learn_senders(a));
        }
        let mut by_key: HashMap<String, VecDeque<Read>> = HashMap::new();
        for r in reads {
            by_key.entry(r.key()).or_default().push_back(r);
        }
        Replay {
            reads: Mutex::new(by_key),
            restorer: key.map(Restorer::new),
            pseudonyms: pseudonyms.map(Mutex::new),
            missing,
            loose: false,
        }
    }

    /// Pasted AWS CLI output: each read answers the request that names the same pool, user,
    /// client or provider.
    pub fn loose(reads: Vec<Read>, missing: &'static str) -> Replay {
        let mut by_key: HashMap<String, VecDeque<Read>> = HashMap::new();
        for r in reads {
            by_key.entry(r.loose_key()).or_default().push_back(r);
        }
        Replay {
            reads: Mutex::new(by_key),
            restorer: None,
            pseudonyms: None,
            missing,
            loose: true,
        }
    }

    pub fn client(self: &Arc<Self>) -> SharedHttpClient {
        SharedHttpClient::new(Replaying(self.clone()))
    }

    /// The recorded read for this request: the next of its kind, the last one again after.
    fn answer(&self, request: &HttpRequest) -> Option<Read> {
        let mut asked = describe(request);
        if let Some(p) = &self.pseudonyms {
            let mut p = p.lock().unwrap_or_else(|e| e.into_inner());
            asked.path = p.path(&asked.path);
            if let Some(r) = &mut asked.request {
                p.body(r);
            }
        }
        let mut reads = self.reads.lock().unwrap_or_else(|e| e.into_inner());
        let key = match self.loose {
            true => asked.loose_key(),
            false => asked.key(),
        };
        let queue = reads.get_mut(&key)?;
        match queue.len() {
            0 => None,
            1 => queue.front().cloned(),
            _ => queue.pop_front(),
        }
    }

    fn respond(&self, request: &HttpRequest) -> Result<HttpResponse, ConnectorError> {
        let Some(read) = self.answer(request) else {
            let body = serde_json::json!({"__type": NOT_GIVEN, "message": format!("this read is {}", self.missing)});
            let mut r = HttpResponse::new(
                400u16
                    .try_into()
                    .map_err(|e| ConnectorError::other(Box::new(e), None))?,
                SdkBody::from(body.to_string()),
            );
            r.headers_mut().insert("x-amzn-errortype", NOT_GIVEN);
            r.headers_mut()
                .insert("content-type", "application/x-amz-json-1.1");
            return Ok(r);
        };
        if let Some(f) = &read.failure {
            let why: Box<dyn std::error::Error + Send + Sync> = format!("recorded: {f}").into();
            return Err(match f.as_str() {
                "timeout" => ConnectorError::timeout(why),
                _ => ConnectorError::io(why),
            });
        }
        let mut answer = read.answer.clone().unwrap_or(Value::Null);
        if let Some(r) = &self.restorer {
            r.value(&mut answer);
        }
        let body = match answer {
            Value::String(s) => s,
            Value::Null => String::new(),
            other => other.to_string(),
        };
        let status = read.status.unwrap_or(200);
        let mut response = HttpResponse::new(
            status
                .try_into()
                .map_err(|e| ConnectorError::other(Box::new(e), None))?,
            SdkBody::from(body),
        );
        response
            .headers_mut()
            .insert("content-type", "application/json");
        if let Some(t) = read.error_type {
            response.headers_mut().insert("x-amzn-errortype", t);
        }
        Ok(response)
    }
}

#[derive(Debug, Clone)]
struct Replaying(Arc<Replay>);

impl HttpClient for Replaying {
    fn http_connector(
        &self,
        _settings: &HttpConnectorSettings,
        _components: &RuntimeComponents,
    ) -> SharedHttpConnector {
        SharedHttpConnector::new(self.clone())
    }
}

impl HttpConnector for Replaying {
    fn call(&self, request: HttpRequest) -> HttpConnectorFuture {
        HttpConnectorFuture::ready(self.0.respond(&request))
    }
}
