//! The errors the tool can end with, and the exit code each one maps to (SPEC.md "Exit codes").

use std::fmt;

/// Exit codes of SPEC.md. Scripts branch on these numbers: never renumber.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitCode {
    /// Healthy, or a change applied and read back.
    Ok = 0,
    /// At least one finding of severity error or warning.
    Findings = 1,
    /// Bad arguments, malformed pool id, missing input.
    Usage = 2,
    /// An AWS error: not found, denied, throttled, unreachable, no credentials.
    Aws = 3,
    /// A change was refused or did not take.
    Refused = 4,
    /// Interrupted by Ctrl-C (128 + SIGINT), as shells report it.
    Interrupted = 130,
    /// Stopped by SIGTERM (128 + 15).
    Terminated = 143,
    /// Stopped by SIGHUP (128 + 1): the terminal went away.
    HungUp = 129,
}

impl ExitCode {
    pub fn code(self) -> i32 {
        self as i32
    }
}

/// What went wrong with an AWS call, so callers can branch and the message can advise.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum AwsErrorKind {
    UserNotFound,
    PoolNotFound,
    ResourceNotFound,
    AccessDenied,
    NotAuthorized,
    Throttled,
    LimitExceeded,
    Unreachable,
    Timeout,
    /// The endpoint does not serve the operation: UnknownOperation, HTTP 404 or 501 without the
    /// service's error, or a body that is not the service's JSON (an emulator, a proxy).
    NotServed,
    /// Offline: the read is not in the bundle, or was not among the pasted AWS CLI output.
    NotGiven,
    NoCredentials,
    InvalidParameter,
    AliasExists,
    CodeMismatch,
    ExpiredCode,
    #[default]
    Other,
}

/// A failed AWS call, with the operation it came from and the service's own code and message.
#[derive(Debug, Clone, Default)]
pub struct AwsError {
    pub operation: &'static str,
    pub kind: AwsErrorKind,
    pub code: Option<String>,
    pub message: String,
    /// The service called (its IAM prefix names the permission a denied call needs).
    pub service: crate::model::Service,
}

impl AwsError {
    /// A failure that says nothing about whether the call took effect: no answer (reset,
    /// timeout, unreachable), throttling to the end of the retries, or a server-side error.
    pub fn is_transient(&self) -> bool {
        match self.kind {
            AwsErrorKind::Unreachable | AwsErrorKind::Timeout | AwsErrorKind::Throttled => true,
            AwsErrorKind::Other => self.code.as_deref().is_none_or(|c| {
                c.contains("InternalError")
                    || c.contains("ServiceUnavailable")
                    || c.contains("InternalFailure")
            }),
            _ => false,
        }
    }

    /// `Code: message`, the form used in the `unavailable` list of the JSON report; never
    /// empty. The service's message is kept as one bounded line without request credentials
    /// (an endpoint that echoes the request puts its headers there).
    pub fn short(&self) -> String {
        let message = crate::text::service_message(&self.message);
        match self.code.as_deref().map(crate::text::service_message) {
            Some(code) if message.is_empty() => code,
            Some(code) => format!("{code}: {message}"),
            None if message.is_empty() => "no error name or message".to_owned(),
            None => message,
        }
    }

    /// The IAM permission the call needs (`cognito-idp:ListUsers`, `ses:GetAccount`).
    pub fn permission(&self) -> String {
        format!("{}:{}", self.service.name(), self.operation)
    }
}

impl fmt::Display for AwsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let op = self.operation;
        let detail = self.short();
        match self.kind {
            AwsErrorKind::UserNotFound => write!(
                f,
                "{op} found no such user in the pool ({detail}); check the username, email or sub and the pool id"
            ),
            AwsErrorKind::PoolNotFound | AwsErrorKind::ResourceNotFound => write!(
                f,
                "{op} found no such resource ({detail}); check the pool id, the region (--region) and the account (--profile)"
            ),
            AwsErrorKind::AccessDenied => write!(
                f,
                "{op} was denied ({detail}); grant {} to these credentials or use --profile with a role that has it",
                self.permission()
            ),
            AwsErrorKind::NotAuthorized => write!(
                f,
                "{op} was not authorized ({detail}); check that the credentials or the access token are valid and not expired"
            ),
            AwsErrorKind::Throttled => write!(
                f,
                "{op} was throttled and still failed after retries ({detail}); wait a minute and run it again, or lower the request rate"
            ),
            AwsErrorKind::LimitExceeded => write!(
                f,
                "{op} hit a Cognito limit ({detail}); wait for the limit to reset before trying again"
            ),
            AwsErrorKind::Unreachable => write!(
                f,
                "could not reach the {} endpoint for {op} ({detail}); check the network, --region and --endpoint-url",
                match self.service {
                    crate::model::Service::CognitoIdp => "Cognito",
                    other => other.name(),
                }
            ),
            AwsErrorKind::NotServed => write!(
                f,
                "the endpoint does not serve {op} ({detail}); check --endpoint-url, or point AWS_ENDPOINT_URL_{} at an endpoint that serves it",
                self.service.endpoint_env()
            ),
            AwsErrorKind::NotGiven => write!(
                f,
                "{op} was not given ({detail}); collect the bundle again with this read, or paste its AWS CLI output"
            ),
            AwsErrorKind::Timeout => {
                let t = Timeouts::current();
                if detail.to_ascii_lowercase().contains("connect") {
                    write!(
                        f,
                        "{op}: no connection within {} s (--connect-timeout); check the network, --region and --endpoint-url",
                        t.connect
                    )
                } else {
                    write!(
                        f,
                        "{op}: no answer within {} s (--read-timeout); check the network, --region and --endpoint-url, or allow more with --read-timeout",
                        t.read
                    )
                }
            }
            // The sentence is made where the credentials were looked for (it names the profile).
            AwsErrorKind::NoCredentials if self.operation == "credentials" => {
                write!(f, "{}", self.message)
            }
            AwsErrorKind::NoCredentials => write!(
                f,
                "no AWS credentials were found ({detail}); set AWS_PROFILE or --profile, run `aws sso login`, or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"
            ),
            AwsErrorKind::InvalidParameter => write!(
                f,
                "{op} rejected a parameter ({detail}); check the values given"
            ),
            AwsErrorKind::AliasExists => write!(
                f,
                "{op} was refused: the service reports the email as already held as an alias or username ({detail})"
            ),
            AwsErrorKind::CodeMismatch => write!(
                f,
                "{op} rejected the verification code ({detail}); ask the user for the code from the latest message"
            ),
            AwsErrorKind::ExpiredCode => write!(
                f,
                "{op} found the code expired ({detail}); send a new code and use that one"
            ),
            AwsErrorKind::Other => write!(f, "{op} failed ({detail})"),
        }
    }
}

/// Every way a run can end badly. Printed once, in `main`, as one sentence.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    Usage(String),
    #[error("{0}")]
    Aws(AwsError),
    #[error("{0}")]
    Refused(String),
    /// A change whose outcome could not be established (its reply was lost and the state could
    /// not be read): an AWS error, exit 3.
    #[error("{0}")]
    Unsettled(String),
    /// `locate` searched and found nothing (exit 3, as a user the pool does not have is).
    #[error("{0}")]
    NotFound(String),
    #[error("could not write the output: {0}")]
    Io(std::io::Error),
    #[error("{0:#}")]
    Other(#[from] anyhow::Error),
}

impl From<AwsError> for Error {
    fn from(e: AwsError) -> Self {
        Error::Aws(e)
    }
}

impl Error {
    pub fn usage(msg: impl Into<String>) -> Self {
        Error::Usage(msg.into())
    }

    pub fn refused(msg: impl Into<String>) -> Self {
        Error::Refused(msg.into())
    }

    pub fn exit_code(&self) -> ExitCode {
        match self {
            Error::Usage(_) => ExitCode::Usage,
            Error::Aws(_)
            | Error::Other(_)
            | Error::Io(_)
            | Error::Unsettled(_)
            | Error::NotFound(_) => ExitCode::Aws,
            Error::Refused(_) => ExitCode::Refused,
        }
    }
}

impl Error {
    /// A write to a closed pipe: the reader has what it wanted.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Io(e) if e.kind() == std::io::ErrorKind::BrokenPipe)
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Writing the output failed. A closed pipe (`| head`) is not an error: `main` exits 0 for it.
pub fn io_error(e: std::io::Error) -> Error {
    Error::Io(e)
}
/// How long a connection to a service, and one request's answer, may take (`--connect-timeout`,
/// `--read-timeout`, 1 to 300 seconds, checked by the parser). One value per run, read where the
/// clients are built and where a timeout is put into a sentence (here): the sentence is made
/// below the layer that knows the flags, so the run's value is kept here, set once when the
/// context is resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    pub connect: u64,
    pub read: u64,
}

static CONNECT_SECS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(5);
static READ_SECS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(10);

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            connect: 5,
            read: 10,
        }
    }
}

impl Timeouts {
    /// Makes these the run's timeouts.
    pub fn install(self) {
        use std::sync::atomic::Ordering;
        CONNECT_SECS.store(self.connect, Ordering::SeqCst);
        READ_SECS.store(self.read, Ordering::SeqCst);
    }

    /// The run's timeouts (the defaults until the context installs the flags').
    pub fn current() -> Self {
        use std::sync::atomic::Ordering;
        Timeouts {
            connect: CONNECT_SECS.load(Ordering::SeqCst),
            read: READ_SECS.load(Ordering::SeqCst),
        }
    }
}
