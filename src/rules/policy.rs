//! Reading resource policy documents (SES sending authorization, Lambda invoke permission) as
//! IAM does: one statement or many, a string or a list of them, wildcards in ARNs.

use serde_json::Value;

/// The statements of a policy document, one or many.
pub fn statements(doc: &str) -> Vec<Value> {
    let Ok(v) = serde_json::from_str::<Value>(doc) else {
        return Vec::new();
    };
    match v.get("Statement") {
        Some(Value::Array(a)) => a.clone(),
        Some(one @ Value::Object(_)) => vec![one.clone()],
        _ => Vec::new(),
    }
}

/// Whether a statement allows the service principal `service`.
pub fn allows_service(st: &Value, service: &str) -> bool {
    let allow = st.get("Effect").and_then(Value::as_str) == Some("Allow");
    let principal = match st.get("Principal") {
        Some(Value::String(p)) => p == "*",
        Some(p) => strings(p.get("Service")).iter().any(|s| s == service),
        None => false,
    };
    allow && principal
}

/// Whether a statement's Action names one of `actions` (lowercase), or a wildcard for it.
pub fn allows_action(st: &Value, actions: &[&str]) -> bool {
    strings(st.get("Action")).iter().any(|a| {
        let a = a.to_ascii_lowercase();
        a == "*" || actions.iter().any(|w| *w == a || glob(&a, w))
    })
}

pub fn strings(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|x| x.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    }
}

/// IAM's wildcard match: `*` any run of characters, `?` one.
pub fn glob(pattern: &str, text: &str) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
    let (mut pi, mut ti, mut star, mut mark) = (0, 0, None, 0);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(sp) = star {
            pi = sp + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}
