//! What `collect` wrote: the bundle, how many reads, what was made tokens and what could not be
//! read; the key file kept with the customer.

use serde::Serialize;

use super::Style;
use crate::collect::Collected;
use crate::error::{io_error, Result};
use crate::settings::OutputFormat;

#[derive(Serialize)]
struct View<'a> {
    bundle: String,
    reads: usize,
    pseudonyms: Option<&'a std::collections::BTreeMap<String, usize>>,
    failed: &'a [String],
    key: Option<String>,
}

pub fn summary(style: &Style, c: &Collected) -> Result<()> {
    let text = match style.format {
        OutputFormat::Json => super::to_json(&View {
            bundle: c.path.display().to_string(),
            reads: c.reads,
            pseudonyms: c.pseudonyms.as_ref(),
            failed: &c.failed,
            key: c.key_out.as_ref().map(|k| k.display().to_string()),
        }),
        OutputFormat::Table | OutputFormat::Csv => text(c),
    };
    super::emit(&text).map_err(io_error)
}

fn text(c: &Collected) -> String {
    let p = |s: &str| super::printable(s).into_owned();
    let mut out = format!(
        "Wrote {} ({} reads, mode 0600): review it, then send it.\n",
        p(&c.path.display().to_string()),
        c.reads
    );
    match &c.pseudonyms {
        Some(counts) if counts.is_empty() => out.push_str("Pseudonymised: nothing to hide.\n"),
        Some(counts) => {
            let parts: Vec<String> = counts.iter().map(|(k, n)| format!("{n} {k}")).collect();
            out.push_str(&format!(
                "Pseudonymised (a keyed token each, the same value the same token): {}; domains, pool ids, ARNs and settings kept.\n",
                parts.join(", ")
            ));
        }
        None => out.push_str("Not pseudonymised (--no-pseudonyms): the bundle holds real names.\n"),
    }
    if !c.failed.is_empty() {
        out.push_str(&format!(
            "Could not read ({}): {}; the bundle records each failure, and the offline diagnosis names it.\n",
            c.failed.len(),
            c.failed.join(", ")
        ));
    }
    if let Some(k) = &c.key_out {
        out.push_str(&format!(
            "Key kept in {} (mode 0600): keep it; `diagnose --bundle ... --key` with it shows real names.\n",
            p(&k.display().to_string())
        ));
    }
    out
}
