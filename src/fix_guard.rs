//! One place decides which fix steps of a diagnosis are safe to offer, from everything the
//! snapshot shows: a step that sets `email_verified` (an administrator's verification, a
//! rewrite, a code) must honour what every other finding knows, whichever rule emitted it.
//!
//! - Alias: while another user holds the address as a verified alias (or, in a case-insensitive
//!   pool, a spelling of it), AdminUpdateUserAttributes email_verified=true silently takes it.
//!   Only the alias rule's explicit `--take-alias` step may do that; every other such step
//!   becomes advice naming the holder.
//! - Revert: a provider that maps email writes it (and email_verified) at each federated sign-in,
//!   so an administrator's or a code's fix is undone; such steps become the advice to map the
//!   claim first (or to verify at the provider). Where the mapping could not be read, the step
//!   says it holds only if the provider does not map email.
//!
//! Pure: reads the snapshot, rewrites the steps.

use crate::fix::{Action, FixStep};
use crate::model::{EmailSource, Snapshot};
use crate::rules::Finding;

/// Why an administrator's or a code's fix would not hold for this user, when it would not.
enum Hazard {
    /// A provider writes the email at each sign-in: its names, and whether each maps
    /// email_verified.
    Reverts(Vec<(String, bool)>),
    /// A provider of the user could not be read.
    Unknown(Vec<String>),
}

fn hazard(s: &Snapshot) -> Option<Hazard> {
    match s.email_source() {
        EmailSource::Local | EmailSource::LocalFederated => None,
        EmailSource::Provider(ps) => Some(Hazard::Reverts(
            ps.iter()
                .map(|p| (p.name.clone(), p.maps("email_verified")))
                .collect(),
        )),
        EmailSource::Unknown(names) => Some(Hazard::Unknown(names)),
    }
}

/// Whether a step sets email_verified to true, and how.
fn verifies(a: &Action) -> Option<bool> {
    match a {
        // The bool: the step already chose to take the alias (the operator's explicit choice).
        Action::AdminVerifyEmail { take_alias, .. } => Some(*take_alias),
        Action::WriteEmailVerified { value: true, .. } => Some(false),
        Action::SendCode | Action::VerifyCode => Some(false),
        _ => None,
    }
}

/// Rewrites every finding's steps that set email_verified so that none of them takes an alias
/// silently or offers a fix the next sign-in undoes.
pub fn apply(s: &Snapshot, findings: &mut [Finding]) {
    if !s.has_user() {
        return;
    }
    let holders = s.alias_holders();
    let hazard = hazard(s);
    let email = s.user.email.as_deref().unwrap_or_default();
    for f in findings.iter_mut() {
        let mut steps = Vec::with_capacity(f.fix.len());
        for step in std::mem::take(&mut f.fix) {
            let Some(takes_alias) = step.action.as_ref().and_then(verifies) else {
                steps.push(step);
                continue;
            };
            let is_code = matches!(step.action, Some(Action::SendCode | Action::VerifyCode));
            if let Some(h) = &hazard {
                match h {
                    Hazard::Reverts(providers) => {
                        // One sentence for the whole fix, not one per step.
                        if !steps
                            .iter()
                            .any(|x: &FixStep| x.description.starts_with("Not now:"))
                        {
                            let unmapped: Vec<&str> = providers
                                .iter()
                                .filter(|(_, maps)| !maps)
                                .map(|(n, _)| n.as_str())
                                .collect();
                            steps.push(FixStep::advice(if unmapped.is_empty() {
                                format!(
                                    "Not now: {} maps email_verified, so the next sign-in writes the provider's value again; verify the address at the provider",
                                    providers.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>().join(", ")
                                )
                            } else {
                                format!(
                                    "Not now: {} maps email but not email_verified, so the next sign-in undoes any fix of email_verified; map the claim first (see federated-fix-will-revert)",
                                    unmapped.join(", ")
                                )
                            }));
                        }
                        continue;
                    }
                    Hazard::Unknown(names) => {
                        if is_code {
                            continue;
                        }
                        let mut step = step;
                        step.description = format!(
                            "Only if {} does not map email (its mapping could not be read): {}",
                            names.join(", "),
                            lower_first(&step.description)
                        );
                        steps.push(step);
                        continue;
                    }
                }
            }
            if let (Some(h), false, false) = (holders.first(), takes_alias, is_code) {
                steps.push(FixStep::advice(format!(
                    "Not as an administrator while {} holds {email} as a verified alias: AdminUpdateUserAttributes email_verified=true would silently take it and leave {}'s email unverified (see alias-held-by-other-user)",
                    h.username, h.username
                )));
                continue;
            }
            steps.push(step);
        }
        f.fix = steps;
    }
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::*;

    fn admin_steps(f: &Finding) -> Vec<&Action> {
        f.fix
            .iter()
            .filter_map(|s| s.action.as_ref())
            .filter(|a| matches!(a, Action::AdminVerifyEmail { .. }))
            .collect()
    }

    /// An email-only recovery pool: password-reset-blocked fires beside the other findings.
    fn email_recovery(s: &mut Snapshot) {
        s.pool.recovery_mechanisms = Some(vec!["verified_email".into()]);
    }

    #[test]
    fn no_step_takes_an_alias_silently() {
        let mut s = snapshot(user("old", "same@example.com", Some("false")));
        email_recovery(&mut s);
        s.pool.alias_attributes = vec!["email".into()];
        s.same_email
            .push(user("holder", "same@example.com", Some("true")));
        let all = crate::engine::findings(&s);
        let reset = all
            .iter()
            .find(|f| f.code == "password-reset-blocked")
            .unwrap();
        assert!(admin_steps(reset).is_empty(), "{:?}", reset.fix);
        assert!(reset
            .fix
            .iter()
            .any(|x| x.description.contains("holder holds same@example.com")));
        // The alias rule keeps its explicit choice to move the alias.
        let alias = all
            .iter()
            .find(|f| f.code == "alias-held-by-other-user")
            .unwrap();
        assert!(matches!(
            admin_steps(alias)[..],
            [Action::AdminVerifyEmail {
                take_alias: true,
                ..
            }]
        ));
    }

    #[test]
    fn a_case_insensitive_pool_counts_a_spelling_in_another_case_as_the_holder() {
        let mut s = snapshot(user("old", "ann@example.com", Some("false")));
        email_recovery(&mut s);
        s.pool.alias_attributes = vec!["email".into()];
        s.pool.case_sensitive = Some(false);
        s.case_variants
            .push(user("holder", "Ann@example.com", Some("true")));
        assert_eq!(s.alias_holders().len(), 1);
        for f in crate::engine::findings(&s) {
            assert!(
                admin_steps(&f).iter().all(|a| matches!(
                    a,
                    Action::AdminVerifyEmail {
                        take_alias: true,
                        ..
                    }
                )),
                "{}: {:?}",
                f.code,
                f.fix
            );
        }
        // Case sensitive: the other spelling is another address.
        s.pool.case_sensitive = Some(true);
        assert!(s.alias_holders().is_empty());
    }

    #[test]
    fn no_step_offers_a_fix_the_next_sign_in_undoes() {
        let mut u = user("Okta_1", "f@example.com", Some("false"));
        federate(&mut u, "Okta", "OIDC");
        // A local user linked to the provider: its recovery still runs by email.
        u.status = "CONFIRMED".into();
        let mut s = snapshot(u);
        email_recovery(&mut s);
        s.providers
            .push(provider("Okta", "OIDC", &[("email", "email")]));
        let all = crate::engine::findings(&s);
        assert!(all.iter().any(|f| f.code == "federated-fix-will-revert"));
        for f in &all {
            assert!(admin_steps(f).is_empty(), "{}: {:?}", f.code, f.fix);
            assert!(!f
                .fix
                .iter()
                .any(|x| matches!(x.action, Some(Action::SendCode | Action::VerifyCode))));
        }
        let reset = all
            .iter()
            .find(|f| f.code == "password-reset-blocked")
            .unwrap();
        assert!(reset.fix.iter().any(|x| x
            .description
            .contains("Okta maps email but not email_verified")));
    }

    #[test]
    fn an_unread_provider_turns_the_step_into_a_condition() {
        let mut u = user("Okta_1", "f@example.com", Some("false"));
        federate(&mut u, "Okta", "OIDC");
        // A local user linked to the provider: its recovery still runs by email.
        u.status = "CONFIRMED".into();
        let mut s = snapshot(u);
        email_recovery(&mut s);
        let all = crate::engine::findings(&s);
        let reset = all
            .iter()
            .find(|f| f.code == "password-reset-blocked")
            .unwrap();
        let step = reset
            .fix
            .iter()
            .find(|x| matches!(x.action, Some(Action::AdminVerifyEmail { .. })))
            .unwrap();
        assert!(
            step.description
                .starts_with("Only if Okta does not map email"),
            "{}",
            step.description
        );
    }

    #[test]
    fn a_local_user_without_holders_keeps_every_step() {
        let mut s = snapshot(user("alice", "a@example.com", Some("false")));
        email_recovery(&mut s);
        for f in crate::engine::findings(&s) {
            if f.code == "password-reset-blocked" || f.code == "email-changed-unverified" {
                assert_eq!(admin_steps(&f).len(), 1, "{}", f.code);
            }
        }
    }
}
