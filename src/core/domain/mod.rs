//! For IT staff and help desks that look after an organisation's own mail domain: what every mail
//! program will find for it ([`check`]), and the files and records to publish so that every
//! program configures itself ([`publish`]).
//!
//! The check asks each place that a real mail program asks, all at once, each bounded by the
//! configuration's time limit: the domain's own autoconfig at `autoconfig.DOMAIN` and at
//! `DOMAIN/.well-known`, Thunderbird's ISPDB (online, and the built-in copy), the MX records
//! (mailwiz's hosted-mail fingerprints and ISPDB entries for the MX host's domain), the RFC 6186 /
//! RFC 8314 SRV records, and Outlook's Autodiscover (a POX POST to `DOMAIN/autodiscover/…`,
//! `autodiscover.DOMAIN/…`, and the `_autodiscover._tcp` SRV record). Then it walks each program's
//! chain over those answers ([`ClientKind::chain`]), connects to every server named (TLS and the
//! server's greeting, never a login) and reports, per program, what it would find, from where,
//! whether it is encrypted and agrees with the rest, and what is missing or contradictory.
//!
//! Where each chain comes from: Thunderbird (desktop) from its source
//! (`FindConfig.sys.mjs`: ISP autoconfig, ISPDB, MX → ISPDB; Autodiscover alongside); Thunderbird
//! for Android from its source (`RealAutoDiscoveryRegistry.kt`, `ProviderAutoconfigUrlProvider.kt`:
//! autoconfig.DOMAIN, .well-known, ISPDB, MX); Outlook from Microsoft's Autodiscover documentation
//! only (root domain, `autodiscover.` host, SRV); Apple Mail finds nothing by itself (a
//! configuration profile is the way); RFC 6186 readers from the RFC; mailwiz from its own code.

mod check;
mod model;
mod pox;
mod publish;
mod text;

pub use self::check::{
    CheckReport, ClientKind, ClientRow, Finding, MtaSts, Place, Problem, ServerCheck, ServerSet,
    Verdict, check,
};
pub use self::pox::{AUTODISCOVER_REQUEST_NS, autodiscover_request, parse_autodiscover};
pub use self::publish::{PublishError, Published, publish};
pub use self::text::{
    found_at_text, mta_sts_text, place_text, problem_text, report_text, servers_line, verdict_id,
    verdict_mark,
};
