//! End-to-end tests: the built binary against a real Cognito emulator (moto server) started on a
//! free loopback port. Scenarios are built through the Cognito API, never by faking our types.

mod account;
mod audit;
mod bulk;
mod bundle;
mod causes;
mod conventions;
mod delivery;
mod diagnose;
mod exact;
mod faults;
mod fixes;
mod fleet;
mod harness;
mod history;
mod hostile;
mod journal;
mod limits;
mod local;
mod locate;
mod outside;
mod proxy;
mod read;
mod sandbox;
mod ses_account;
mod stops;
