//! The context every command runs in, resolved once from the global arguments and the
//! environment before any command runs: the explicit region, the endpoint, the profile (the
//! credentials source), the output style and redaction, and where journals go. Commands ask it
//! for a target (the pool's region when none is explicit) and for a connected client, instead of
//! each parsing, resolving and building on its own.

use std::path::PathBuf;

use crate::aws::{self, Client, ClientOptions};
use crate::cli::GlobalArgs;
use crate::error::{Error, Result};
use crate::render::Style;
use crate::secret::{self, Secret, Source};
use crate::settings::{looks_like_region, AwsTarget, UserPoolId};

/// The resolved global options: what every command needs, validated once. Commands read these,
/// never the raw flags.
#[derive(Debug, Clone)]
pub struct Context {
    /// `-o`: table, json or csv.
    pub output: crate::settings::OutputFormat,
    /// `--endpoint-url` as given (None: from the environment, or AWS's own).
    endpoint_flag: Option<String>,
    /// `--region`, else AWS_REGION, else AWS_DEFAULT_REGION.
    region: Option<String>,
    /// `--endpoint-url`, else AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, else AWS_ENDPOINT_URL;
    /// the sentence why it is not one, for the first command that needs it.
    endpoint_url: std::result::Result<Option<String>, String>,
    /// `--profile` (AWS_PROFILE is read by the SDK's own chain).
    profile: Option<String>,
    /// Colour, redaction, width and `-v`, for every renderer.
    pub style: Style,
    /// `--no-color`, for the lines that repeat the run's options (a resume line).
    pub no_color: bool,
    /// Where a run's journal goes when `--journal` is not given.
    pub journal_dir: PathBuf,
    /// Where the reads go besides the network: recorded (`collect`), or answered from a bundle
    /// or pasted output (offline).
    seam: Option<crate::aws::seam::Seam>,
}

fn env_nonempty(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

impl Context {
    /// The endpoint of another service the tool reads (SES, Lambda, CloudWatch Logs):
    /// `AWS_ENDPOINT_URL_<SERVICE>` (as the AWS SDKs name it, `SESV2` say) overrides it for that
    /// service, else `--endpoint-url`, else AWS_ENDPOINT_URL; None for AWS's own endpoint.
    pub fn endpoint_for(&self, service: crate::model::Service) -> Result<Option<String>> {
        let service = service.endpoint_env();
        let own = env_nonempty(&format!("AWS_ENDPOINT_URL_{service}"));
        let chosen = own
            .or_else(|| self.endpoint_flag.clone())
            .or_else(|| env_nonempty("AWS_ENDPOINT_URL"));
        match chosen {
            Some(e) if !(e.starts_with("http://") || e.starts_with("https://")) || e.len() < 10 => {
                Err(Error::usage(format!(
                    "`{e}` is not an endpoint URL for {service}; give one such as http://127.0.0.1:5000 (AWS_ENDPOINT_URL_{service}, --endpoint-url or AWS_ENDPOINT_URL)"
                )))
            }
            other => Ok(other),
        }
    }

    /// Resolves the global arguments and the environment, once. The timeouts (validated by the
    /// parser) become the run's, for every client built after.
    pub fn resolve(g: &GlobalArgs) -> Context {
        crate::error::Timeouts {
            connect: g.connect_timeout,
            read: g.read_timeout,
        }
        .install();
        let region = g
            .region
            .clone()
            .or_else(|| env_nonempty("AWS_REGION"))
            .or_else(|| env_nonempty("AWS_DEFAULT_REGION"));
        let endpoint_url = match g
            .endpoint_url
            .clone()
            .or_else(|| env_nonempty("AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER"))
            .or_else(|| env_nonempty("AWS_ENDPOINT_URL"))
        {
            Some(e) if !(e.starts_with("http://") || e.starts_with("https://")) || e.len() < 10 => Err(format!(
                "`{e}` is not an endpoint URL; give one such as http://127.0.0.1:5000 or https://cognito-idp.eu-west-1.amazonaws.com"
            )),
            other => Ok(other),
        };
        Context {
            output: g.output,
            endpoint_flag: g.endpoint_url.clone(),
            region,
            endpoint_url,
            profile: g.profile.clone().filter(|p| !p.trim().is_empty()),
            style: Style::new(g.output, g.no_color, g.redact, &crate::cli::line::Lines)
                .verbose(g.verbose > 0),
            no_color: g.no_color,
            journal_dir: crate::change::journal::default_dir(),
            seam: None,
        }
    }

    /// The same context with every read going through `seam`.
    pub fn with_seam(&self, seam: crate::aws::seam::Seam) -> Context {
        Context {
            seam: Some(seam),
            ..self.clone()
        }
    }

    /// The client options with this context's seam.
    fn seamed(&self, opts: &ClientOptions) -> ClientOptions {
        ClientOptions {
            seam: self.seam.clone(),
            ..opts.clone()
        }
    }

    /// Where the calls go for `pool`: the explicit region, else the pool id's prefix.
    pub fn target(&self, pool: Option<&UserPoolId>) -> Result<AwsTarget> {
        let missing = match pool {
            Some(p) => format!("cannot tell the region from pool id `{p}`; give --region"),
            None => "no region given; give --region or set AWS_REGION".to_owned(),
        };
        self.target_with(pool.and_then(|p| p.region()), missing)
    }

    /// As [`Context::target`], with the region to use when none is explicit (the pool id's
    /// prefix, or an access token's issuer) and the sentence when there is none.
    pub fn target_with(&self, fallback: Option<&str>, missing: String) -> Result<AwsTarget> {
        let region = match (&self.region, fallback) {
            (Some(r), from_pool) => {
                if let Some(p) = from_pool.filter(|p| p != r) {
                    tracing::warn!(
                        "region {} differs from the pool's region {p}; the pool may not be found",
                        crate::text::one_line(r)
                    );
                }
                r.clone()
            }
            (None, Some(p)) => p.to_owned(),
            (None, None) => return Err(Error::usage(missing)),
        };
        if !looks_like_region(&region) {
            return Err(Error::usage(format!(
                "`{region}` is not an AWS region; give one such as us-east-1"
            )));
        }
        let endpoint_url = self.endpoint_url.clone().map_err(Error::usage)?;
        Ok(AwsTarget {
            region,
            profile: self.profile.clone(),
            endpoint_url,
        })
    }

    /// The pool id parsed, where its calls go, and a client with credentials checked: what every
    /// command that reads a pool starts with.
    pub async fn connect(
        &self,
        pool: &str,
        opts: &ClientOptions,
    ) -> Result<(UserPoolId, AwsTarget, Client)> {
        let id = UserPoolId::parse(pool)?;
        let target = self.target(Some(&id))?;
        let client = aws::client(&target, &self.seamed(opts)).await?;
        Ok((id, target, client))
    }

    /// A session for `target`: credentials resolved once, and the endpoint of every service it
    /// reads (Cognito's from the target, the others from [`Context::endpoint_for`]).
    pub async fn session(
        &self,
        target: &AwsTarget,
        opts: &ClientOptions,
    ) -> Result<aws::session::Session> {
        let endpoints = self.endpoints(target.endpoint_url.clone())?;
        aws::session::Session::new(target, endpoints, &self.seamed(opts)).await
    }

    /// The endpoint of every service a session reads: Cognito's as given, the others from
    /// [`Context::endpoint_for`]. A fleet's scopes each make their session with these.
    pub fn endpoints(&self, cognito: Option<String>) -> Result<aws::session::Endpoints> {
        use crate::model::Service;
        Ok(aws::session::Endpoints {
            cognito,
            ses: self.endpoint_for(Service::Ses)?,
            lambda: self.endpoint_for(Service::Lambda)?,
            logs: self.endpoint_for(Service::Logs)?,
            cloudtrail: self.endpoint_for(Service::CloudTrail)?,
            kms: self.endpoint_for(Service::Kms)?,
        })
    }

    /// Cognito's endpoint, when not AWS's own (an emulator, a VPC endpoint).
    pub fn endpoint_url(&self) -> Result<Option<String>> {
        self.endpoint_url.clone().map_err(Error::usage)
    }

    /// `--region` (or AWS_REGION), when given: a resume line repeats it.
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// `--profile`, when given: a resume line repeats it.
    pub fn profile(&self) -> Option<&str> {
        self.profile.as_deref()
    }

    /// The scopes a fleet command reads (`--regions`, `--profiles`, `--accounts` with
    /// `--role-name`, `--max-scopes`), validated: STS, Organizations and Account take their
    /// endpoints by the same rules as every service.
    pub fn scope_spec(&self, a: &crate::cli::ScopeArgs) -> Result<crate::aws::scope::Spec> {
        use crate::aws::scope::{Accounts, Profiles, Regions, Spec};
        use crate::model::Service;
        let all = |v: &[String]| v.len() == 1 && v[0].eq_ignore_ascii_case("all");
        let regions = match a.regions.as_slice() {
            [] => match &self.region {
                Some(r) => Regions::Given(vec![r.clone()]),
                None => return Err(Error::usage(
                    "no region to search; give --regions (a comma-separated list, or all) or --region",
                )),
            },
            v if all(v) => Regions::All,
            v => Regions::Given(v.iter().map(|r| r.trim().to_owned()).collect()),
        };
        if let Regions::Given(list) = &regions {
            if let Some(bad) = list.iter().find(|r| !looks_like_region(r)) {
                return Err(Error::usage(format!(
                    "`{}` in --regions is not an AWS region; give regions such as us-east-1,eu-west-1, or all",
                    crate::text::one_line(bad)
                )));
            }
        }
        let profiles = match a.profiles.as_slice() {
            [] => Profiles::Own(self.profile.clone()),
            v if all(v) => Profiles::All,
            v => Profiles::Given(
                v.iter()
                    .map(|p| p.trim().to_owned())
                    .filter(|p| !p.is_empty())
                    .collect(),
            ),
        };
        let accounts = match (&a.accounts, &a.role_name) {
            (None, _) => Accounts::Own,
            (Some(_), None) => {
                return Err(Error::usage(
                    "--accounts needs --role-name, the role to assume in each account",
                ))
            }
            (Some(o), Some(role)) if o.eq_ignore_ascii_case("organization") => {
                Accounts::Organization { role: role.clone() }
            }
            (Some(list), Some(role)) => Accounts::Given {
                ids: account_ids(list)?,
                role: role.clone(),
            },
        };
        let home = match (&self.region, &regions) {
            (Some(r), _) => r.clone(),
            (None, Regions::Given(list)) => list[0].clone(),
            (None, Regions::All) => "us-east-1".to_owned(),
        };
        Ok(Spec {
            home,
            regions,
            profiles,
            accounts,
            endpoint: self.endpoint_url.clone().map_err(Error::usage)?,
            sts: self.endpoint_for(Service::Sts)?,
            organizations: self.endpoint_for(Service::Organizations)?,
            account: self.endpoint_for(Service::Account)?,
            max_scopes: usize::from(a.max_scopes),
        })
    }

    /// The printing end of a change run: its `--yes`, `--dry-run`, and whether stdin carried a
    /// secret or the list (the question then goes to the terminal itself).
    pub fn printer(
        &self,
        c: &crate::cli::ChangeArgs,
        stdin_busy: bool,
    ) -> crate::render::sink::Printer {
        crate::render::sink::Printer {
            style: self.style.clone(),
            yes: c.yes,
            dry_run: c.dry_run,
            stdin_busy,
        }
    }

    /// The journal of a change run on `pool`: `--journal F` opened and locked now when it is
    /// there (before the run reads anything), else made when the run first changes something.
    pub fn journal(
        &self,
        explicit: Option<&std::path::Path>,
        pool: &str,
    ) -> Result<crate::change::journal::Slot> {
        crate::change::journal::Slot::open(explicit, &self.journal_dir, Some(pool))
    }

    /// The user's access token, the region and pool from its issuer, and a client that does not
    /// retry: LimitExceededException on codes must be explained, not retried.
    pub async fn user_side(
        &self,
        token_file: Option<&std::path::Path>,
        pool_given: Option<&str>,
    ) -> Result<(Secret, Source, AwsTarget, String, Client)> {
        let (token, source) =
            secret::read("access token", token_file, Some("COGNITO_ACCESS_TOKEN"))?;
        let claims = secret::token_claims(&token)?;
        if let Some(given) = pool_given {
            if given != claims.user_pool_id {
                return Err(Error::usage(format!(
                    "--user-pool-id {given} is not the pool of the access token ({}); the token decides the pool, so leave --user-pool-id out",
                    claims.user_pool_id
                )));
            }
        }
        let target = self.target_with(
            claims.region.as_deref(),
            format!(
                "the access token was issued by {}, not by AWS, so it does not say where to go; give --region and --endpoint-url",
                claims.issuer
            ),
        )?;
        if claims.region.is_none() && target.endpoint_url.is_none() {
            return Err(Error::usage(format!(
                "the access token was issued by {}, not by AWS; give --endpoint-url (and --region) for that Cognito",
                claims.issuer
            )));
        }
        let client = aws::client(
            &target,
            &aws::ClientOptions {
                max_attempts: Some(1),
                ..Default::default()
            },
        )
        .await?;
        Ok((token, source, target, claims.user_pool_id, client))
    }
}

/// The account ids of `--accounts`: a comma-separated list, or a file of them (one a line, `#`
/// starts a comment); each is twelve digits.
fn account_ids(given: &str) -> Result<Vec<String>> {
    let path = std::path::Path::new(given);
    let text = match path.is_file() {
        true => std::fs::read_to_string(path).map_err(|e| {
            Error::usage(format!(
                "could not read the accounts file {}: {e}",
                path.display()
            ))
        })?,
        false => given.replace(',', "\n"),
    };
    let ids: Vec<String> = text
        .lines()
        .map(|l| l.split('#').next().unwrap_or_default().trim())
        .flat_map(|l| l.split(',').map(str::trim))
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect();
    if let Some(bad) = ids
        .iter()
        .find(|i| i.len() != 12 || !i.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(Error::usage(format!(
            "`{}` in --accounts is not an account id (twelve digits); give ids, a file of them, or organization",
            crate::text::one_line(bad)
        )));
    }
    if ids.is_empty() {
        return Err(Error::usage("--accounts names no account"));
    }
    Ok(ids)
}
