//! `collect` and the offline runs: a bundle started (its head written, pseudonyms made under a
//! fresh key), recorded at the seam while the diagnosis or the audit reads, then made whole and
//! moved into place atomically (mode 0600); a bundle (or pasted AWS CLI output) opened as the
//! seam every read is answered from.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::Value;

use crate::audit::{Entry, Summary};
use crate::aws::seam::{Recorder, Replay, Seam};
use crate::bundle::{self, Bundle, Head, KeyFile, Kind, Pseudonyms, PseudonymsHead, Read, Subject};
use crate::error::{Error, Result};
use crate::rules::Finding;
use crate::settings::UserSelector;

/// A bundle being written: the recorder at the seam and the temporary file it becomes.
pub struct Writing {
    pub recorder: Arc<Recorder>,
    file: tempfile::NamedTempFile,
    out: PathBuf,
    /// The subject as the bundle names it (tokens where names are hidden).
    pub subject: Subject,
}

/// What a collection wrote, for its summary.
pub struct Collected {
    pub path: PathBuf,
    pub reads: usize,
    /// Distinct values made tokens, by kind; None with `--no-pseudonyms`.
    pub pseudonyms: Option<BTreeMap<String, usize>>,
    /// The reads that got an error or no answer (`service:Operation`).
    pub failed: Vec<String>,
    pub key_out: Option<PathBuf>,
}

/// The head of a bundle for `pool` in `region`, about `who` (None: the pool alone, or every
/// user with `all_users`). The names for a key file are kept only when one is asked for
/// (`keep_names`): without it, a pool's collection holds a fingerprint of each value, not a table.
pub fn start(
    out: &Path,
    pool: &str,
    region: &str,
    who: Option<&UserSelector>,
    all_users: bool,
    pseudonyms: bool,
    keep_names: bool,
) -> Result<Writing> {
    let mut p = match pseudonyms {
        true => Some(
            Pseudonyms::fresh()
                .map(|p| match keep_names {
                    true => p.keeping_names(),
                    false => p,
                })
                .map_err(|e| {
                    Error::Other(anyhow::anyhow!("could not make the bundle's key: {e}"))
                })?,
        ),
        false => None,
    };
    let mut hide = |kind: Kind, v: &str| match &mut p {
        Some(p) => p.token(kind, v),
        None => v.to_owned(),
    };
    let subject = match who {
        None => Subject {
            all_users,
            ..Subject::default()
        },
        Some(UserSelector::Username(u)) => Subject {
            username: Some(hide(Kind::Username, u)),
            ..Subject::default()
        },
        Some(UserSelector::Email(e)) => Subject {
            email: Some(hide(Kind::Email, e)),
            ..Subject::default()
        },
        Some(UserSelector::Sub(s)) => Subject {
            sub: Some(hide(Kind::Sub, s)),
            ..Subject::default()
        },
    };
    let now = crate::aws::fetch::now();
    let head = Head {
        format: bundle::FORMAT.to_owned(),
        version: bundle::VERSION,
        tool: env!("CARGO_PKG_VERSION").to_owned(),
        time: crate::wire::rfc3339_ms(now * 1000),
        epoch: now,
        region: region.to_owned(),
        account: None,
        pool: pool.to_owned(),
        subject: subject.clone(),
        pseudonyms: p.as_ref().map(|_| PseudonymsHead {
            hmac: "sha256".into(),
        }),
    };
    let dir = match out.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => PathBuf::from("."),
    };
    let cannot = |e: std::io::Error| {
        Error::usage(format!(
            "could not write the bundle beside {}: {e}",
            out.display()
        ))
    };
    // A temporary file is created 0600; it becomes the bundle by a rename once whole.
    let mut file = tempfile::Builder::new()
        .prefix(".bundle-")
        .tempfile_in(&dir)
        .map_err(cannot)?;
    let mut text = serde_json::to_string_pretty(&head).map_err(|e| cannot(e.into()))?;
    // The head, then the reads as they come.
    text.truncate(text.trim_end().len().saturating_sub(1));
    text.push_str(",\n\"reads\": [");
    std::io::Write::write_all(&mut file, text.as_bytes()).map_err(cannot)?;
    let handle = file.reopen().map_err(cannot)?;
    use std::io::Seek;
    let mut handle = handle;
    handle.seek(std::io::SeekFrom::End(0)).map_err(cannot)?;
    Ok(Writing {
        recorder: Arc::new(Recorder::new(handle, p)),
        file,
        out: out.to_owned(),
        subject,
    })
}

impl Writing {
    /// The seam the run's session records through.
    pub fn seam(&self) -> Seam {
        Seam::Record(self.recorder.clone())
    }

    /// Ends the bundle and moves it into place; writes the key file (0600) when asked.
    pub fn finish(self, key_out: Option<&Path>) -> Result<Collected> {
        let (reads, pseudonyms, failed) = self
            .recorder
            .finish()
            .map_err(|e| Error::Other(anyhow::anyhow!("could not write the bundle: {e}")))?;
        let counts = pseudonyms.as_ref().map(Pseudonyms::counts);
        if let (Some(path), Some(p)) = (key_out, &pseudonyms) {
            write_private(
                path,
                &serde_json::to_string_pretty(&p.key_file()).unwrap_or_default(),
            )?;
        }
        self.file.persist(&self.out).map_err(|e| {
            Error::usage(format!(
                "could not write the bundle {}: {}",
                self.out.display(),
                e.error
            ))
        })?;
        Ok(Collected {
            path: self.out,
            reads,
            pseudonyms: counts,
            failed,
            key_out: key_out.map(Path::to_owned),
        })
    }
}

/// Writes `text` to `path` with mode 0600, atomically.
fn write_private(path: &Path, text: &str) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => PathBuf::from("."),
    };
    let cannot =
        |e: std::io::Error| Error::usage(format!("could not write {}: {e}", path.display()));
    let mut f = tempfile::Builder::new()
        .prefix(".key-")
        .tempfile_in(dir)
        .map_err(cannot)?;
    std::io::Write::write_all(&mut f, text.as_bytes()).map_err(cannot)?;
    f.persist(path).map_err(|e| cannot(e.error))?;
    Ok(())
}

/// An audit recorded, not printed: `collect --all-users` needs only its reads.
#[derive(Default)]
pub struct Quiet {
    pub users: u64,
}

impl crate::scan::audit::Sink for Quiet {
    fn pool(&mut self, _: &str, _: &[Finding]) -> Result<()> {
        Ok(())
    }
    fn entry(&mut self, _: &Entry) -> Result<()> {
        Ok(())
    }
    fn progress(&self, _: u64, _: u64) {}
    fn summary(&mut self, s: &Summary, _: Option<&str>) -> Result<()> {
        self.users = s.users_scanned;
        Ok(())
    }
    fn note(&self, _: &str) {}
    fn done(&self) {}
}

/// A bundle (or pasted output) opened for an offline run: the seam every read is answered
/// from, the pool it holds, and the user it was collected for.
pub struct Offline {
    pub seam: Seam,
    pub pool: String,
    pub who: Option<UserSelector>,
}

fn read_json(path: &Path, what: &str) -> Result<Value> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::usage(format!("could not read {what} {}: {e}", path.display())))?;
    serde_json::from_str(&text).map_err(|e| {
        Error::usage(format!(
            "{} is not {what} (JSON: {e}); give the file as it was written",
            path.display()
        ))
    })
}

/// `--bundle F [--key K]`: every read answered from the bundle; with the key, the real names
/// (the bundle's user named by its real name too).
pub fn open(path: &Path, key: Option<&Path>) -> Result<Offline> {
    let v = read_json(path, "a bundle")?;
    if v["format"] != bundle::FORMAT {
        return Err(Error::usage(format!(
            "{} is not a cognito-email-doctor bundle; give the file `collect` wrote",
            path.display()
        )));
    }
    let b: Bundle = serde_json::from_value(v).map_err(|e| {
        Error::usage(format!(
            "{} is not a bundle this version reads ({e})",
            path.display()
        ))
    })?;
    if b.head.version > bundle::VERSION {
        return Err(Error::usage(format!(
            "{} is bundle format {}; this version reads up to {}: update the tool",
            path.display(),
            b.head.version,
            bundle::VERSION
        )));
    }
    if b.end.is_none() {
        return Err(Error::usage(format!(
            "{} was cut short (no end): collect it again",
            path.display()
        )));
    }
    let key: Option<KeyFile> = match key {
        Some(k) => Some(
            serde_json::from_value(read_json(k, "a key file")?)
                .map_err(|e| Error::usage(format!("{} is not a key file ({e})", k.display())))?,
        ),
        None => None,
    };
    crate::aws::fetch::freeze_now(b.head.epoch);
    let real = |v: &String| match &key {
        Some(k) => bundle::Restorer::new(k).text(v),
        None => v.clone(),
    };
    let s = &b.head.subject;
    let who = match (&s.username, &s.email, &s.sub) {
        (Some(u), _, _) => Some(UserSelector::Username(real(u))),
        (_, Some(e), _) => Some(UserSelector::Email(real(e))),
        (_, _, Some(x)) => Some(UserSelector::Sub(real(x))),
        _ => None,
    };
    let replay = Replay::new(b.reads, key.as_ref(), "not in the bundle");
    Ok(Offline {
        seam: Seam::Replay(Arc::new(replay)),
        pool: b.head.pool,
        who,
    })
}

/// The pasted AWS CLI output of `diagnose --pool-json ... --user-json ...`, as reads: the CLI
/// prints dates as ISO 8601 where the API answers seconds since the epoch, and wraps nothing else.
pub struct Pasted<'a> {
    pub pool: &'a Path,
    pub user: Option<&'a Path>,
    pub clients: Option<&'a Path>,
    pub providers: Option<&'a Path>,
}

const COGNITO_TARGET: &str = "AWSCognitoIdentityProviderService";

fn pasted_read(region: &str, op: &str, request: Value, answer: Value) -> Read {
    Read {
        service: "cognito-idp".into(),
        region: region.to_owned(),
        target: Some(format!("{COGNITO_TARGET}.{op}")),
        method: "POST".into(),
        path: "/".into(),
        request: Some(request),
        status: Some(200),
        error_type: None,
        answer: Some(answer),
        failure: None,
    }
}

/// ISO 8601 dates (the AWS CLI's) as seconds since the epoch (the API's), in every field whose
/// name ends in `Date`.
fn epoch_dates(v: &mut Value) {
    match v {
        Value::Object(m) => {
            for (k, x) in m.iter_mut() {
                if let (true, Value::String(s)) = (k.ends_with("Date"), &*x) {
                    if let Ok(t) = humantime::parse_rfc3339_weak(
                        s.trim_end_matches("+00:00").trim_end_matches('Z'),
                    ) {
                        if let Ok(d) = t.duration_since(std::time::UNIX_EPOCH) {
                            *x = serde_json::json!(d.as_secs_f64());
                        }
                    }
                } else {
                    epoch_dates(x);
                }
            }
        }
        Value::Array(a) => a.iter_mut().for_each(epoch_dates),
        _ => {}
    }
}

/// The pasted files as a bundle's reads, each answering the request the tool makes for it; every
/// other read is not given.
pub fn pasted(p: &Pasted) -> Result<Offline> {
    let mut pool = read_json(p.pool, "describe-user-pool output")?;
    epoch_dates(&mut pool);
    let id = pool["UserPool"]["Id"]
        .as_str()
        .ok_or_else(|| {
            Error::usage(format!(
                "{} is not describe-user-pool output (no UserPool.Id); give `aws cognito-idp describe-user-pool --user-pool-id ID` output",
                p.pool.display()
            ))
        })?
        .to_owned();
    let region = crate::settings::UserPoolId::parse(&id)?
        .region()
        .unwrap_or_default()
        .to_owned();
    let mut reads = vec![pasted_read(
        &region,
        "DescribeUserPool",
        serde_json::json!({"UserPoolId": id}),
        pool,
    )];
    let mut username = None;
    if let Some(f) = p.user {
        let mut user = read_json(f, "admin-get-user output")?;
        epoch_dates(&mut user);
        let name = user["Username"].as_str().ok_or_else(|| {
            Error::usage(format!(
                "{} is not admin-get-user output (no Username)",
                f.display()
            ))
        })?;
        username = Some(name.to_owned());
        reads.push(pasted_read(
            &region,
            "AdminGetUser",
            serde_json::json!({"UserPoolId": id, "Username": name}),
            user.clone(),
        ));
    }
    if let Some(f) = p.clients {
        let mut v = read_json(
            f,
            "list-user-pool-clients or describe-user-pool-client output",
        )?;
        epoch_dates(&mut v);
        let (list, described): (Vec<Value>, Vec<Value>) =
            match (&v["UserPoolClients"], &v["UserPoolClient"]) {
                (Value::Array(l), _) => (l.clone(), Vec::new()),
                (_, c @ Value::Object(_)) => (vec![c.clone()], vec![c.clone()]),
                _ => {
                    return Err(Error::usage(format!(
                        "{} holds neither UserPoolClients nor UserPoolClient",
                        f.display()
                    )))
                }
            };
        reads.push(pasted_read(
            &region,
            "ListUserPoolClients",
            serde_json::json!({"UserPoolId": id}),
            serde_json::json!({"UserPoolClients": list}),
        ));
        for c in described {
            let client = c["ClientId"].clone();
            reads.push(pasted_read(
                &region,
                "DescribeUserPoolClient",
                serde_json::json!({"UserPoolId": id, "ClientId": client}),
                serde_json::json!({"UserPoolClient": c}),
            ));
        }
    }
    if let Some(f) = p.providers {
        let mut v = read_json(f, "describe-identity-provider output")?;
        epoch_dates(&mut v);
        let provider = v["IdentityProvider"].clone();
        let name = provider["ProviderName"].clone();
        reads.push(pasted_read(&region, "ListIdentityProviders", serde_json::json!({"UserPoolId": id}), serde_json::json!({"Providers": [{"ProviderName": name, "ProviderType": provider["ProviderType"]}]})));
        reads.push(pasted_read(
            &region,
            "DescribeIdentityProvider",
            serde_json::json!({"UserPoolId": id, "ProviderName": name}),
            serde_json::json!({"IdentityProvider": provider}),
        ));
    }
    let replay = Replay::loose(reads, "not given");
    Ok(Offline {
        seam: Seam::Replay(Arc::new(replay)),
        pool: id,
        who: username.map(UserSelector::Username),
    })
}
