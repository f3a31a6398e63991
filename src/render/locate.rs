//! Output of `locate`: one row per match (account, region, pool, user, status, enabled,
//! email_verified and the `diagnose` line that opens it), as a table at the end for people or as
//! JSON lines as they are found; each scope item that could not be searched, on stderr (and as an
//! `unavailable` JSON line).

use comfy_table::{presets::UTF8_FULL_CONDENSED, Table};
use serde::Serialize;

use super::{Redactor, Style};
use crate::aws::scope::Scope;
use crate::error::{io_error, Result};
use crate::model::{Located, ScopeGap};
use crate::settings::{AwsTarget, OutputFormat};

/// One match, as JSON and as a table row.
#[derive(Debug, Serialize)]
pub struct RowView {
    pub account: Option<String>,
    pub region: String,
    pub user_pool_id: String,
    pub pool_name: Option<String>,
    pub username: Option<String>,
    pub email: Option<String>,
    pub status: Option<String>,
    pub enabled: Option<bool>,
    /// As the pool holds it (`"true"`, `"True"`, absent): see the diagnosis for what it means.
    pub email_verified: Option<String>,
    pub diagnose: String,
}

#[derive(Serialize)]
struct GapLine<'a> {
    unavailable: &'a ScopeGap,
}

/// The printing sink of `locate`.
pub struct Printer {
    style: Style,
    redactor: Redactor,
    rows: Vec<RowView>,
    /// Where the printed lines point for each scope: its profile (none for an assumed role).
    profiles: Vec<(Option<String>, String, Option<String>)>,
    endpoint: Option<String>,
    pb: indicatif::ProgressBar,
}

impl Printer {
    pub fn new(style: Style, scopes: &[Scope]) -> Self {
        Self {
            redactor: Redactor::new(style.redact),
            style,
            rows: Vec::new(),
            profiles: scopes
                .iter()
                .map(|s| (s.account.clone(), s.region.clone(), s.profile.clone()))
                .collect(),
            endpoint: scopes.first().and_then(|s| s.target().endpoint_url),
            pb: super::progress_of("pools searched"),
        }
    }

    fn target(&self, row: &Located) -> AwsTarget {
        let profile = self
            .profiles
            .iter()
            .find(|(a, r, _)| *a == row.account && *r == row.region)
            .and_then(|(_, _, p)| p.clone());
        AwsTarget {
            region: row.region.clone(),
            profile,
            endpoint_url: self.endpoint.clone(),
        }
    }

    fn view(&mut self, row: &Located) -> RowView {
        let user = row.user.as_ref();
        let username = user.map(|u| self.redactor.user(&u.username));
        let email = user
            .and_then(|u| u.email.as_deref())
            .map(|e| self.redactor.email(e));
        let target = self.target(row);
        let diagnose =
            self.style
                .spell
                .diagnose_at(&row.pool_id, user.map(|u| u.username.as_str()), &target);
        RowView {
            account: row.account.clone(),
            region: row.region.clone(),
            user_pool_id: row.pool_id.clone(),
            pool_name: row.pool_name.clone(),
            username,
            email,
            status: user.map(|u| u.status.clone()),
            enabled: user.and_then(|u| u.enabled),
            email_verified: user.and_then(|u| u.email_verified_raw.clone()),
            diagnose: self.redactor.text(&diagnose),
        }
    }

    fn emit(&self, text: &str) -> Result<()> {
        self.pb.suspend(|| super::emit(text)).map_err(io_error)
    }

    /// The table of every match, once the search is over (JSON lines went out as found).
    pub fn finish(&self) -> Result<()> {
        self.pb.finish_and_clear();
        if self.style.format == OutputFormat::Json || self.rows.is_empty() {
            return Ok(());
        }
        let p = |s: &str| super::printable(s).into_owned();
        let opt = |s: &Option<String>| s.as_deref().map(p).unwrap_or_else(|| "-".into());
        let mut t = Table::new();
        t.load_preset(UTF8_FULL_CONDENSED).set_header(vec![
            "account",
            "region",
            "pool",
            "name",
            "username",
            "status",
            "enabled",
            "email_verified",
        ]);
        for r in &self.rows {
            t.add_row(vec![
                opt(&r.account),
                p(&r.region),
                p(&r.user_pool_id),
                opt(&r.pool_name),
                opt(&r.username),
                opt(&r.status),
                r.enabled.map_or("-".into(), |e| e.to_string()),
                r.email_verified.as_deref().map_or("(absent)".into(), p),
            ]);
        }
        super::fit_to(&mut t, &[0, 1, 2], self.style.width, true);
        let mut out = t.to_string();
        out.push_str("\n\nOpen each with:\n");
        for r in &self.rows {
            out.push_str(&format!("  {}\n", p(&r.diagnose)));
        }
        self.emit(&out)
    }
}

impl crate::fleet::locate::Sink for Printer {
    fn found(&mut self, row: &Located) -> Result<()> {
        let view = self.view(row);
        if self.style.format == OutputFormat::Json {
            self.emit(&super::to_json_line(&view))?;
        }
        self.rows.push(view);
        Ok(())
    }

    fn gap(&mut self, gap: &ScopeGap) -> Result<()> {
        let error = self.redactor.text(&gap.error);
        let shown = ScopeGap {
            error: error.clone(),
            ..gap.clone()
        };
        if self.style.format == OutputFormat::Json {
            self.emit(&super::to_json_line(&GapLine {
                unavailable: &shown,
            }))?;
        }
        let line = format!(
            "warning: could not search {} ({}, {}): {}",
            gap.scope,
            serde_json::to_value(gap.kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default(),
            gap.operation,
            error
        );
        self.pb.suspend(|| super::note(&line));
        Ok(())
    }

    fn progress(&self, searched: usize, pools: usize) {
        self.pb.set_length(pools as u64);
        self.pb.set_position(searched as u64);
    }
}
