//! Diagnosis: from a probe's technical result to a stable code a help desk can rely on.
//!
//! Input is a [`ProbeResult`] (its [`Failure`] cause and the server's own words) and, when known,
//! the provider. Output is a [`Diagnosis`]: a stable machine code, the protocol, the server's
//! words, and — for a port/security mix-up — the pair that should be used instead. No text here:
//! `ui` and `cli` turn the code into the explanation and the fix (`diag-<code>` and
//! `diag-<code>-fix` in the Fluent files), naming the provider's own settings steps when the
//! provider is known.
//!
//! Provider replies are recognised by their words (QQ's, NetEase's, Gmail's, Outlook.com's and
//! Microsoft 365's own refusals, each phrase next to the public report quoting it, all replayed in
//! tests/probe_scripted.rs), checking specific credential phrases before rate-limit words: QQ's
//! generic failure says "login frequency limited" even when the code is simply wrong.
//!
//! Two refinements look past the reply: a refused login on a school's or company's own Coremail
//! server (recognised by what the server says, not by its name) becomes "ask your IT department
//! these three things", and an untrusted certificate on this computer itself (127.0.0.1, ::1,
//! localhost: Proton Mail Bridge) becomes "trust Bridge's exported certificate".

use serde::Serialize;

use crate::core::ports::{security_for_port, standard_port};
use crate::core::probe::{Failure, Outcome, ProbeResult, Protocol};
use crate::core::provider::model::{Endpoint, Provider, ProviderKind, Security};

/// The stable diagnosis codes (snake_case in JSON).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Code {
    /// Logged in (and the inbox opened).
    Ok,
    /// The server name does not exist.
    DnsNotFound,
    /// Nothing listens on that port.
    ConnectRefused,
    /// The connection attempt timed out: port blocked, firewall, or provider unreachable.
    ConnectTimeout,
    /// The network offers no way to the server (no route, network down, no DNS server
    /// reachable): nothing answered, and nothing was waited for either.
    NetworkUnreachable,
    /// Implicit TLS spoken to a STARTTLS/plain port or the reverse.
    TlsWrongPortSecurity,
    /// The server's certificate is not from a trusted authority.
    CertificateUntrusted,
    /// A program on this computer (127.0.0.1, ::1, localhost), such as Proton Mail Bridge, uses
    /// its own self-signed certificate, which this computer does not trust yet.
    LocalCertificateUntrusted,
    /// The certificate is for another name.
    CertificateNameMismatch,
    /// The certificate has expired.
    CertificateExpired,
    /// The TLS handshake failed for a reason other than the certificate (no common protocol
    /// version or cipher, a handshake cut off, data injected before it).
    TlsFailed,
    /// STARTTLS chosen, the server does not offer it.
    StarttlsNotOffered,
    /// The server offers STARTTLS but refused the STARTTLS command.
    StarttlsRefused,
    /// The server refuses logins on an unencrypted connection.
    PlaintextRefused,
    /// The connection is not encrypted, so mailwiz did not send the code.
    NotEncrypted,
    /// The user name or code is wrong (or the provider gives no more detail).
    AuthFailed,
    /// The provider wants its authorization code / app password, not the login password.
    AuthCodeRequired,
    /// Google's "Application-specific password required": 2-Step Verification and an app
    /// password are needed.
    AppPasswordRequired,
    /// IMAP/POP/SMTP is switched off in the provider's webmail settings.
    ServiceNotEnabled,
    /// Outlook.com and similar: password logins are off; only the mail program's own sign-in.
    BasicAuthDisabled,
    /// Microsoft 365: the organisation's administrator has switched SMTP AUTH (sending from mail
    /// programs) off for the whole organisation or for this mailbox.
    SmtpAuthDisabled,
    /// Microsoft 365: password sign-in for sending from mail programs (basic authentication for
    /// SMTP AUTH) is off for the organisation.
    SmtpBasicAuthOff,
    /// A company's or university's own Coremail server refused: only its IT department can say
    /// whether mail programs are allowed for the account and what to type.
    CoremailAskIt,
    /// The provider wants a sign-in in a web browser first (security check).
    WebSignInRequired,
    /// NetEase's "Unsafe Login": logged in, but the inbox is refused to this kind of program.
    UnsafeLogin,
    /// Logged in, but the server refused the test message the user asked for (sender not the
    /// logged-in address, sending not allowed, …).
    TestMessageRejected,
    /// Too many attempts; wait.
    RateLimited,
    /// The server reports a temporary problem.
    ServerError,
    /// The server does not speak the protocol as expected (or offers no usable login).
    ProtocolError,
    /// The server stopped answering.
    Timeout,
    /// The test was cancelled.
    Cancelled,
    /// mailwiz's own check stopped without a result: a fault in mailwiz, not in the settings.
    CheckDied,
}

impl Code {
    /// The stable code as written in JSON (its words: [`message_id`](Self::message_id)).
    pub fn as_str(self) -> &'static str {
        match self {
            Code::Ok => "ok",
            Code::DnsNotFound => "dns_not_found",
            Code::ConnectRefused => "connect_refused",
            Code::ConnectTimeout => "connect_timeout",
            Code::NetworkUnreachable => "network_unreachable",
            Code::TlsWrongPortSecurity => "tls_wrong_port_security",
            Code::CertificateUntrusted => "certificate_untrusted",
            Code::LocalCertificateUntrusted => "local_certificate_untrusted",
            Code::CertificateNameMismatch => "certificate_name_mismatch",
            Code::CertificateExpired => "certificate_expired",
            Code::TlsFailed => "tls_failed",
            Code::StarttlsNotOffered => "starttls_not_offered",
            Code::StarttlsRefused => "starttls_refused",
            Code::PlaintextRefused => "plaintext_refused",
            Code::NotEncrypted => "not_encrypted",
            Code::AuthFailed => "auth_failed",
            Code::AuthCodeRequired => "auth_code_required",
            Code::AppPasswordRequired => "app_password_required",
            Code::ServiceNotEnabled => "service_not_enabled",
            Code::BasicAuthDisabled => "basic_auth_disabled",
            Code::SmtpAuthDisabled => "smtp_auth_disabled",
            Code::SmtpBasicAuthOff => "smtp_basic_auth_off",
            Code::CoremailAskIt => "coremail_ask_it",
            Code::WebSignInRequired => "web_sign_in_required",
            Code::UnsafeLogin => "unsafe_login",
            Code::TestMessageRejected => "test_message_rejected",
            Code::RateLimited => "rate_limited",
            Code::ServerError => "server_error",
            Code::ProtocolError => "protocol_error",
            Code::Timeout => "timeout",
            Code::Cancelled => "cancelled",
            Code::CheckDied => "check_died",
        }
    }

    /// Every code (for the test that each has words in every language).
    pub const ALL: [Code; 32] = [
        Code::Ok,
        Code::DnsNotFound,
        Code::ConnectRefused,
        Code::ConnectTimeout,
        Code::NetworkUnreachable,
        Code::TlsWrongPortSecurity,
        Code::CertificateUntrusted,
        Code::LocalCertificateUntrusted,
        Code::CertificateNameMismatch,
        Code::CertificateExpired,
        Code::TlsFailed,
        Code::StarttlsNotOffered,
        Code::StarttlsRefused,
        Code::PlaintextRefused,
        Code::NotEncrypted,
        Code::AuthFailed,
        Code::AuthCodeRequired,
        Code::AppPasswordRequired,
        Code::ServiceNotEnabled,
        Code::BasicAuthDisabled,
        Code::SmtpAuthDisabled,
        Code::SmtpBasicAuthOff,
        Code::CoremailAskIt,
        Code::WebSignInRequired,
        Code::UnsafeLogin,
        Code::TestMessageRejected,
        Code::RateLimited,
        Code::ServerError,
        Code::ProtocolError,
        Code::Timeout,
        Code::Cancelled,
        Code::CheckDied,
    ];

    /// Message id of the plain explanation (`diag-<code>`).
    pub fn message_id(self) -> &'static str {
        match self {
            Code::Ok => "diag-ok",
            Code::DnsNotFound => "diag-dns-not-found",
            Code::ConnectRefused => "diag-connect-refused",
            Code::ConnectTimeout => "diag-connect-timeout",
            Code::NetworkUnreachable => "diag-network-unreachable",
            Code::TlsWrongPortSecurity => "diag-tls-wrong-port-security",
            Code::CertificateUntrusted => "diag-certificate-untrusted",
            Code::LocalCertificateUntrusted => "diag-local-certificate-untrusted",
            Code::CertificateNameMismatch => "diag-certificate-name-mismatch",
            Code::CertificateExpired => "diag-certificate-expired",
            Code::TlsFailed => "diag-tls-failed",
            Code::StarttlsNotOffered => "diag-starttls-not-offered",
            Code::StarttlsRefused => "diag-starttls-refused",
            Code::PlaintextRefused => "diag-plaintext-refused",
            Code::NotEncrypted => "diag-not-encrypted",
            Code::AuthFailed => "diag-auth-failed",
            Code::AuthCodeRequired => "diag-auth-code-required",
            Code::AppPasswordRequired => "diag-app-password-required",
            Code::ServiceNotEnabled => "diag-service-not-enabled",
            Code::BasicAuthDisabled => "diag-basic-auth-disabled",
            Code::SmtpAuthDisabled => "diag-smtp-auth-disabled",
            Code::SmtpBasicAuthOff => "diag-smtp-basic-auth-off",
            Code::CoremailAskIt => "diag-coremail-ask-it",
            Code::WebSignInRequired => "diag-web-sign-in-required",
            Code::UnsafeLogin => "diag-unsafe-login",
            Code::TestMessageRejected => "diag-test-message-rejected",
            Code::RateLimited => "diag-rate-limited",
            Code::ServerError => "diag-server-error",
            Code::ProtocolError => "diag-protocol-error",
            Code::Timeout => "diag-timeout",
            Code::Cancelled => "diag-cancelled",
            Code::CheckDied => "diag-check-died",
        }
    }

    /// Message id of the fix (`diag-<code>-fix`).
    pub fn fix_id(self) -> &'static str {
        match self {
            Code::Ok => "diag-ok-fix",
            Code::DnsNotFound => "diag-dns-not-found-fix",
            Code::ConnectRefused => "diag-connect-refused-fix",
            Code::ConnectTimeout => "diag-connect-timeout-fix",
            Code::NetworkUnreachable => "diag-network-unreachable-fix",
            Code::TlsWrongPortSecurity => "diag-tls-wrong-port-security-fix",
            Code::CertificateUntrusted => "diag-certificate-untrusted-fix",
            Code::LocalCertificateUntrusted => "diag-local-certificate-untrusted-fix",
            Code::CertificateNameMismatch => "diag-certificate-name-mismatch-fix",
            Code::CertificateExpired => "diag-certificate-expired-fix",
            Code::TlsFailed => "diag-tls-failed-fix",
            Code::StarttlsNotOffered => "diag-starttls-not-offered-fix",
            Code::StarttlsRefused => "diag-starttls-refused-fix",
            Code::PlaintextRefused => "diag-plaintext-refused-fix",
            Code::NotEncrypted => "diag-not-encrypted-fix",
            Code::AuthFailed => "diag-auth-failed-fix",
            Code::AuthCodeRequired => "diag-auth-code-required-fix",
            Code::AppPasswordRequired => "diag-app-password-required-fix",
            Code::ServiceNotEnabled => "diag-service-not-enabled-fix",
            Code::BasicAuthDisabled => "diag-basic-auth-disabled-fix",
            Code::SmtpAuthDisabled => "diag-smtp-auth-disabled-fix",
            Code::SmtpBasicAuthOff => "diag-smtp-basic-auth-off-fix",
            Code::CoremailAskIt => "diag-coremail-ask-it-fix",
            Code::WebSignInRequired => "diag-web-sign-in-required-fix",
            Code::UnsafeLogin => "diag-unsafe-login-fix",
            Code::TestMessageRejected => "diag-test-message-rejected-fix",
            Code::RateLimited => "diag-rate-limited-fix",
            Code::ServerError => "diag-server-error-fix",
            Code::ProtocolError => "diag-protocol-error-fix",
            Code::Timeout => "diag-timeout-fix",
            Code::Cancelled => "diag-cancelled-fix",
            Code::CheckDied => "diag-check-died-fix",
        }
    }

    /// Whether the provider's own steps (switch the service on, make a new code) are the fix.
    pub fn fix_is_provider_steps(self) -> bool {
        matches!(
            self,
            Code::AuthFailed
                | Code::AuthCodeRequired
                | Code::AppPasswordRequired
                | Code::ServiceNotEnabled
        )
    }
}

/// What went wrong (or right) with one protocol, and what to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnosis {
    /// The stable code.
    pub code: Code,
    /// The protocol tested.
    pub protocol: Protocol,
    /// For `tls_wrong_port_security`: the port and security to use instead.
    pub use_instead: Option<Endpoint>,
    /// The provider, when known (its steps and help page are the fix for credential problems).
    pub provider_id: Option<String>,
    /// The server's own words.
    pub server_message: Option<String>,
}

/// Phrases, lowercased, recognised in provider replies, most specific first. Each comes from a
/// public report that quotes the server word for word (named next to it); none is guessed.
///
/// Microsoft 365, SMTP AUTH switched off by the organisation's administrator, for the whole
/// organisation ("…is disabled for the Tenant") or for one mailbox ("…for the Mailbox"):
/// `535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the
/// Tenant. Visit https://aka.ms/smtp_auth_disabled for more information.`
/// (simonrob/email-oauth2-proxy#193, nodemailer/nodemailer#1484,
/// MicrosoftDocs/OfficeDocs-Exchange#3124). Checked before [`BASIC_AUTH_DISABLED`], whose
/// "5.7.139" it shares. Only the tenant form is quoted in the sources found; the common stem
/// covers the mailbox form.
const SMTP_AUTH_DISABLED: &[&str] = &["smtpclientauthentication is disabled"];
/// Microsoft 365, basic authentication for SMTP AUTH switched off (Exchange Online's retirement
/// of passwords for client submission, MC786329): `550 5.7.30 Basic authentication is not
/// supported for Client Submission.` (OpenCTI-Platform/opencti#12069, quoting Microsoft's
/// announcement).
const SMTP_BASIC_AUTH_OFF: &[&str] =
    &["basic authentication is not supported for client submission"];
const BASIC_AUTH_DISABLED: &[&str] = &[
    "basic authentication is disabled",
    "basicauthblocked",
    "5.7.139",
];
/// NetEase's refusal of the inbox to a program that sent no IMAP ID:
/// `NO SELECT Unsafe Login. Please contact kefu@188.com for help` (pimalaya/himalaya#651) and
/// `EXAMINE Unsafe Login. Please contact kefu@188.com for help` (rustmailer/bichon#25).
const UNSAFE_LOGIN: &[&str] = &["unsafe login"];
/// Google, 2-Step Verification on and the normal password typed:
/// IMAP `[ALERT] Application-specific password required:
/// https://support.google.com/accounts/answer/185833 (Failure)` (LukeSmithxyz/mutt-wizard#831,
/// BrianLeishman/go-imap#25) and SMTP `534-5.7.9 Application-specific password required. …
/// https://support.google.com/mail/?p=InvalidSecondFactor` (PHPMailer/PHPMailer#1708,
/// mageplaza/magento-2-smtp#181). Checked before [`AUTH_CODE_REQUIRED`], whose "5.7.9" it shares.
const APP_PASSWORD_REQUIRED: &[&str] = &[
    "application-specific password required",
    "invalidsecondfactor",
];
const AUTH_CODE_REQUIRED: &[&str] = &[
    "authorization code",
    "authorized code",
    "授权码",
    "授權碼",
    "5.7.9",
];
const SERVICE_NOT_ENABLED: &[&str] = &[
    "user has no permission",
    "imap service is disabled",
    "pop3 service is disabled",
    "web login required for imap",
];
const WEB_SIGN_IN: &[&str] = &[
    "log in via your web browser",
    "login to your account via a web browser",
    "sign in via a web browser",
    "webloginrequired",
];
const PLAINTEXT_REFUSED: &[&str] = &[
    "secure connection is requiered",
    "secure connection is required",
    "starttls is required",
    "must issue a starttls",
    "privacyrequired",
    "encryption required",
];
const RATE_LIMITED: &[&str] = &[
    "too many",
    "rate limit",
    "try again later",
    "frequency limited",
    "[limit]",
    "4.7.0 temporary system problem",
];
/// QQ's generic failure: lists every possible cause. It is a credential problem far more often
/// than a rate limit, so it must never be reported as one.
const QQ_GENERIC: &str = "account is abnormal";

fn contains_any(text: &str, phrases: &[&str]) -> bool {
    phrases.iter().any(|p| text.contains(p))
}

/// What the server's words say, if anything recognisable.
pub fn recognise_reply(message: &str) -> Option<Code> {
    let text = message.to_lowercase();
    if contains_any(&text, SMTP_AUTH_DISABLED) {
        return Some(Code::SmtpAuthDisabled);
    }
    if contains_any(&text, SMTP_BASIC_AUTH_OFF) {
        return Some(Code::SmtpBasicAuthOff);
    }
    if contains_any(&text, BASIC_AUTH_DISABLED) {
        return Some(Code::BasicAuthDisabled);
    }
    if contains_any(&text, UNSAFE_LOGIN) {
        return Some(Code::UnsafeLogin);
    }
    if contains_any(&text, APP_PASSWORD_REQUIRED) {
        return Some(Code::AppPasswordRequired);
    }
    if contains_any(&text, AUTH_CODE_REQUIRED) {
        return Some(Code::AuthCodeRequired);
    }
    if contains_any(&text, SERVICE_NOT_ENABLED) {
        return Some(Code::ServiceNotEnabled);
    }
    if contains_any(&text, WEB_SIGN_IN) {
        return Some(Code::WebSignInRequired);
    }
    if contains_any(&text, PLAINTEXT_REFUSED) {
        return Some(Code::PlaintextRefused);
    }
    if text.contains(QQ_GENERIC) {
        return Some(Code::AuthFailed);
    }
    if contains_any(&text, RATE_LIMITED) {
        return Some(Code::RateLimited);
    }
    None
}

/// The port/security pair to use instead after a mix-up, for this protocol.
fn corrected_pair(
    protocol: Protocol,
    tried: &Endpoint,
    failure: Failure,
    provider: Option<&Provider>,
) -> Endpoint {
    // The provider's own preferred endpoint is the best advice when we have it.
    let from_provider = provider.and_then(|p| match protocol {
        Protocol::Imap => p.preferred_imap(),
        Protocol::Pop3 => p.preferred_pop3(),
        Protocol::Smtp => p.preferred_smtp(),
    });
    if let Some(e) = from_provider.filter(|e| e.host == tried.host) {
        return e.clone();
    }
    let security = match failure {
        // TLS to a plain-text port: that port wants STARTTLS.
        Failure::TlsToPlainPort => Security::Starttls,
        // Plain text to a TLS port: that port wants TLS.
        _ => Security::Tls,
    };
    // Keep the port when it is the standard one for the right security, else name the standard.
    let port = match security_for_port(protocol, tried.port) {
        Some(s) if s == security => tried.port,
        _ if security_for_port(protocol, tried.port).is_none() => tried.port,
        _ => standard_port(protocol, security),
    };
    Endpoint {
        host: tried.host.clone(),
        port,
        security,
    }
}

/// Whether `host` names this computer itself: 127.0.0.1, ::1 or localhost, where Proton Mail
/// Bridge listens. Other loopback addresses (127.0.0.2, …) are left out on purpose: Bridge does
/// not use them, and a certificate problem there is an ordinary one.
fn is_this_computer(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host.parse::<std::net::IpAddr>().is_ok_and(|ip| match ip {
            std::net::IpAddr::V4(v4) => v4 == std::net::Ipv4Addr::LOCALHOST,
            std::net::IpAddr::V6(v6) => v6 == std::net::Ipv6Addr::LOCALHOST,
        })
}

/// Whether the server said it is Coremail: in its greeting, as the IMAP greeting
/// `* OK Coremail System IMap Server Ready(163com[726cd87d72d896a1ac393507346040fa])`
/// (MailCore/mailcore2#1036; MailCore's MCIMAPSession.cpp recognises NetEase's servers by
/// "Coremail System IMap Server Ready"), or in any other line it sent (some installations greet
/// with their own name and say "Coremail" only in the CAPABILITY reply or the EHLO list).
/// Words the server sent, never the host name the person typed.
fn server_is_coremail(result: &ProbeResult) -> bool {
    let said_coremail = |text: &str| text.to_ascii_lowercase().contains("coremail");
    result
        .stages
        .iter()
        .any(|s| s.stage == crate::core::probe::Stage::Greeting && said_coremail(&s.detail))
        || result.transcript.iter().any(|l| {
            l.direction == crate::core::probe::Direction::Received && said_coremail(&l.text)
        })
}

/// A refused login on a company's or university's own Coremail server (no provider known, or the
/// "ask your IT department" entry): the provider's general advice cannot apply, because the
/// school or company decides whether mail programs are allowed, whether a separate client code
/// is needed, and whether IMAP ID is required. Known providers that run Coremail (NetEase) keep
/// their own diagnosis and steps.
///
/// A field on the result ("server software: Coremail") was the alternative; refining the code
/// keeps one explanation and one fix per diagnosis, so the wizard, `mailwiz test` and the
/// help-desk text need no change to show it.
fn refined_for_coremail(code: Code, result: &ProbeResult, provider: Option<&Provider>) -> Code {
    let own_server = provider.is_none_or(|p| p.kind == ProviderKind::Company);
    // NetEase's "Unsafe Login" names NetEase's own help desk (kefu@188.com): it stays NetEase's.
    let refused = matches!(
        code,
        Code::AuthFailed | Code::AuthCodeRequired | Code::ServiceNotEnabled
    );
    if own_server && refused && server_is_coremail(result) {
        Code::CoremailAskIt
    } else {
        code
    }
}

/// Diagnoses one probe result.
pub fn diagnose(result: &ProbeResult, provider: Option<&Provider>) -> Diagnosis {
    let from_words = result.server_message.as_deref().and_then(recognise_reply);
    let mut use_instead = None;
    let code = match (result.outcome, result.failure) {
        (Outcome::Ok, _) => Code::Ok,
        (Outcome::Cancelled, _) | (_, Some(Failure::Cancelled)) => Code::Cancelled,
        (Outcome::CheckDied, _) | (_, Some(Failure::CheckDied)) => Code::CheckDied,
        (_, Some(f @ (Failure::TlsToPlainPort | Failure::PlainToTlsPort))) => {
            use_instead = Some(corrected_pair(
                result.protocol,
                &result.endpoint,
                f,
                provider,
            ));
            Code::TlsWrongPortSecurity
        }
        (_, Some(Failure::DnsNotFound)) => Code::DnsNotFound,
        (_, Some(Failure::ConnectRefused)) => Code::ConnectRefused,
        (_, Some(Failure::ConnectTimeout)) => Code::ConnectTimeout,
        // Network unreachable, no route, no DNS server: not a timeout, and not the server's
        // refusal either.
        (_, Some(Failure::ConnectOther)) => Code::NetworkUnreachable,
        // A program on this computer (Proton Mail Bridge) signs its own certificate: the fix is
        // to trust that one certificate, not what helps with a server out on the internet.
        (_, Some(Failure::CertificateUntrusted)) if is_this_computer(&result.endpoint.host) => {
            Code::LocalCertificateUntrusted
        }
        (_, Some(Failure::CertificateUntrusted)) => Code::CertificateUntrusted,
        (_, Some(Failure::CertificateNameMismatch)) => Code::CertificateNameMismatch,
        (_, Some(Failure::CertificateExpired)) => Code::CertificateExpired,
        // A handshake that failed for another reason than the certificate (protocol version,
        // cipher, cut off): blaming the certificate would send people after the wrong thing.
        (_, Some(Failure::TlsOther)) => Code::TlsFailed,
        (_, Some(Failure::StarttlsNotOffered)) => Code::StarttlsNotOffered,
        (_, Some(Failure::StarttlsRefused)) => Code::StarttlsRefused,
        (_, Some(Failure::NotEncrypted)) => Code::NotEncrypted,
        (_, Some(Failure::PlaintextRefused)) => Code::PlaintextRefused,
        (_, Some(Failure::MailboxRejected)) => match from_words {
            Some(Code::UnsafeLogin) => Code::UnsafeLogin,
            Some(code) => code,
            None => Code::ServerError,
        },
        (_, Some(Failure::MessageRejected)) => match from_words {
            // "550 User has no permission" (NetEase: SMTP switched off) and its kind.
            Some(
                code @ (Code::ServiceNotEnabled
                | Code::RateLimited
                | Code::BasicAuthDisabled
                | Code::SmtpAuthDisabled
                | Code::SmtpBasicAuthOff
                | Code::WebSignInRequired),
            ) => code,
            _ => Code::TestMessageRejected,
        },
        (_, Some(Failure::AuthRejected | Failure::NoPasswordMechanism)) => match from_words {
            // The administrator's switch, named by the server itself: more precise than what the
            // provider's entry says about passwords in general.
            Some(code @ (Code::SmtpAuthDisabled | Code::SmtpBasicAuthOff)) => code,
            // A password the provider never accepts.
            _ if provider.is_some_and(|p| {
                p.password_kind == crate::core::provider::model::PasswordKind::Oauth2Only
            }) =>
            {
                Code::BasicAuthDisabled
            }
            Some(code) => code,
            None if result.failure == Some(Failure::NoPasswordMechanism) => Code::ProtocolError,
            None => Code::AuthFailed,
        },
        (_, Some(Failure::ServerBusy)) => match from_words {
            Some(Code::RateLimited) => Code::RateLimited,
            Some(
                code @ (Code::AuthCodeRequired | Code::BasicAuthDisabled | Code::ServiceNotEnabled),
            ) => code,
            _ => Code::ServerError,
        },
        (_, Some(Failure::Timeout)) => Code::Timeout,
        (_, Some(Failure::ProtocolViolation)) => from_words.unwrap_or(Code::ProtocolError),
        // No structured cause: fall back on the coarse outcome.
        // No structured cause: say only what is known.
        (Outcome::CannotReach, None) => Code::NetworkUnreachable,
        (Outcome::SecureFailed, None) => Code::TlsFailed,
        (Outcome::LoginRefused, None) => from_words.unwrap_or(Code::AuthFailed),
        (Outcome::MailboxRefused, None) => from_words.unwrap_or(Code::ServerError),
        (Outcome::MessageRefused, None) => Code::TestMessageRejected,
        (Outcome::NotEncrypted, None) => Code::NotEncrypted,
        (Outcome::ServerProblem, None) => from_words.unwrap_or(Code::ServerError),
    };
    let code = refined_for_coremail(code, result, provider);
    Diagnosis {
        code,
        protocol: result.protocol,
        use_instead,
        provider_id: provider.map(|p| p.id.clone()),
        server_message: result.server_message.clone(),
    }
}

/// Whether a test passed as a whole: at least one check, and every one of them passed. The one
/// verdict the wizard's green tick and `mailwiz test`'s exit 0 both come from.
pub fn all_passed(diagnoses: &[Diagnosis]) -> bool {
    !diagnoses.is_empty() && diagnoses.iter().all(|d| d.code == Code::Ok)
}

/// The fix in words (shared by the wizard and the command line), with the right port/security
/// pair filled in for a mix-up.
pub fn fix_text(d: &Diagnosis, lang: crate::core::i18n::Lang) -> String {
    use crate::core::i18n::{Arg, tr, tr_args};
    match &d.use_instead {
        Some(e) => tr_args(
            lang,
            d.code.fix_id(),
            &[
                ("port", Arg::Num(i64::from(e.port))),
                ("security", Arg::Str(&tr(lang, e.security.message_id()))),
            ],
        ),
        None => tr(lang, d.code.fix_id()),
    }
}

/// When the fix is the provider's own settings (switch the service on, make a new code): a
/// heading naming the provider, then its numbered steps, in words. `None` otherwise.
pub fn provider_steps(
    d: &Diagnosis,
    provider: Option<&Provider>,
    lang: crate::core::i18n::Lang,
) -> Option<Vec<String>> {
    use crate::core::i18n::{Arg, tr_args};
    let provider = provider.filter(|_| d.code.fix_is_provider_steps())?;
    let mut lines = vec![tr_args(
        lang,
        "diag-provider-steps",
        &[("provider", Arg::Str(provider.display_name.get(lang)))],
    )];
    for (i, step) in provider.setup_steps.get(lang).iter().enumerate() {
        lines.push(format!("{}. {step}", i + 1));
    }
    Some(lines)
}

/// The redacted transcript as printable lines.
pub fn transcript_lines(r: &ProbeResult) -> Vec<String> {
    r.transcript
        .iter()
        .map(|l| {
            let arrow = match l.direction {
                crate::core::probe::Direction::Sent => "C:",
                crate::core::probe::Direction::Received => "S:",
                crate::core::probe::Direction::Note => "--",
            };
            format!("{:>6} ms {arrow} {}", l.millis, l.text)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::i18n::{self, Lang};
    use crate::core::provider::database;

    fn result(
        protocol: Protocol,
        port: u16,
        security: Security,
        outcome: Outcome,
        failure: Option<Failure>,
        msg: Option<&str>,
    ) -> ProbeResult {
        ProbeResult {
            protocol,
            endpoint: Endpoint {
                host: "imap.example.org".into(),
                port,
                security,
            },
            outcome,
            stages: Vec::new(),
            server_message: msg.map(str::to_owned),
            failure,
            transcript: Vec::new(),
        }
    }

    fn login_refused(msg: &str) -> ProbeResult {
        result(
            Protocol::Imap,
            993,
            Security::Tls,
            Outcome::LoginRefused,
            Some(Failure::AuthRejected),
            Some(msg),
        )
    }

    #[test]
    fn every_code_has_words_and_a_fix_in_every_language() {
        for code in Code::ALL {
            for lang in Lang::ALL {
                assert!(
                    i18n::has(lang, code.message_id()),
                    "{} {}",
                    code.as_str(),
                    lang.code()
                );
                assert!(
                    i18n::has(lang, code.fix_id()),
                    "{} fix {}",
                    code.as_str(),
                    lang.code()
                );
            }
        }
    }

    #[test]
    fn qq_generic_failure_is_not_a_rate_limit() {
        let qq = database().get("qq");
        let r = login_refused(
            "NO Login fail. Account is abnormal, service is not open, password is incorrect, login frequency limited, or system is busy.",
        );
        assert_eq!(diagnose(&r, qq).code, Code::AuthFailed);
    }

    #[test]
    fn qq_authorization_code_replies() {
        let qq = database().get("qq");
        for msg in [
            "535 Login Fail. Please enter your authorization code to login. More information in http://service.mail.qq.com/cgi-bin/help?subtype=1&&id=28&&no=1001256",
            "535 Error: 请使用授权码登录。详情请看: http://service.mail.qq.com/cgi-bin/help?subtype=1&&id=28&&no=1001256",
            "NO Please using authorized code to login. More information at http://service.mail.qq.com/cgi-bin/help?subtype=1&&id=28&&no=1001256",
        ] {
            assert_eq!(
                diagnose(&login_refused(msg), qq).code,
                Code::AuthCodeRequired,
                "{msg}"
            );
        }
    }

    #[test]
    fn netease_replies() {
        let p = database().get("netease-163");
        assert_eq!(
            diagnose(&login_refused("NO LOGIN Login error password error"), p).code,
            Code::AuthFailed
        );
        let select = result(
            Protocol::Imap,
            993,
            Security::Tls,
            Outcome::MailboxRefused,
            Some(Failure::MailboxRejected),
            Some("NO SELECT Unsafe Login. Please contact kefu@188.com for help"),
        );
        assert_eq!(diagnose(&select, p).code, Code::UnsafeLogin);
        let smtp = result(
            Protocol::Smtp,
            465,
            Security::Tls,
            Outcome::LoginRefused,
            Some(Failure::AuthRejected),
            Some("550 User has no permission"),
        );
        assert_eq!(diagnose(&smtp, p).code, Code::ServiceNotEnabled);
    }

    #[test]
    fn gmail_replies() {
        let g = database().get("gmail");
        assert_eq!(
            diagnose(&login_refused("NO [ALERT] Application-specific password required: https://support.google.com/accounts/answer/185833 (Failure)"), g).code,
            Code::AppPasswordRequired
        );
        assert_eq!(
            diagnose(&login_refused("534 5.7.9 Application-specific password required. For more information, go to 5.7.9  https://support.google.com/mail/?p=InvalidSecondFactor a1b2c3d4e5f6.12 - gsmtp"), None).code,
            Code::AppPasswordRequired
        );
        assert!(Code::AppPasswordRequired.fix_is_provider_steps());
        assert_eq!(
            diagnose(
                &login_refused("NO [AUTHENTICATIONFAILED] Invalid credentials (Failure)"),
                g
            )
            .code,
            Code::AuthFailed
        );
        assert_eq!(
            diagnose(&login_refused("NO [ALERT] Please log in via your web browser: https://support.google.com/mail/accounts/answer/78754 (Failure)"), g).code,
            Code::WebSignInRequired
        );
    }

    #[test]
    fn outlook_basic_auth_is_disabled_whatever_it_says() {
        let o = database().get("outlook-com");
        assert_eq!(
            diagnose(&login_refused("NO Basic authentication is disabled."), o).code,
            Code::BasicAuthDisabled
        );
        assert_eq!(
            diagnose(&login_refused("NO LOGIN failed."), o).code,
            Code::BasicAuthDisabled
        );
        assert_eq!(
            diagnose(
                &login_refused(
                    "535 5.7.139 Authentication unsuccessful, basic authentication is disabled."
                ),
                None
            )
            .code,
            Code::BasicAuthDisabled
        );
    }

    #[test]
    fn microsoft_365_smtp_auth_switches_name_the_administrator() {
        let m365 = database().get("microsoft-365");
        for (msg, code) in [
            (
                "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled for more information.",
                Code::SmtpAuthDisabled,
            ),
            (
                "550 5.7.30 Basic authentication is not supported for Client Submission.",
                Code::SmtpBasicAuthOff,
            ),
            // Still "no password can work": the general refusal keeps its diagnosis.
            (
                "535 5.7.139 Authentication unsuccessful, basic authentication is disabled.",
                Code::BasicAuthDisabled,
            ),
        ] {
            for provider in [m365, None] {
                assert_eq!(diagnose(&login_refused(msg), provider).code, code, "{msg}");
            }
        }
    }

    /// A result whose greeting stage says `greeting`.
    fn greeted(mut r: ProbeResult, greeting: &str) -> ProbeResult {
        r.stages.push(crate::core::probe::StageRecord {
            stage: crate::core::probe::Stage::Greeting,
            ok: true,
            millis: 1,
            detail: greeting.to_owned(),
        });
        r
    }

    #[test]
    fn refused_logins_on_an_own_coremail_server_ask_it() {
        let coremail =
            "* OK Coremail System IMap Server Ready(163com[726cd87d72d896a1ac393507346040fa])";
        let db = database();
        for msg in [
            "NO LOGIN Login error password error",
            "NO LOGIN Login error or password error",
        ] {
            let r = greeted(login_refused(msg), coremail);
            assert_eq!(diagnose(&r, None).code, Code::CoremailAskIt, "{msg}");
            assert_eq!(diagnose(&r, db.get("company-it")).code, Code::CoremailAskIt);
            // NetEase runs Coremail too; its own diagnosis and steps stay.
            assert_eq!(diagnose(&r, db.get("netease-163")).code, Code::AuthFailed);
        }
        // Said in a line other than the greeting (the EHLO list of a Coremail SMTP server).
        let mut r = login_refused("535 Error: authentication failed");
        r.transcript.push(crate::core::probe::TranscriptLine {
            millis: 1,
            direction: crate::core::probe::Direction::Received,
            text: "250-coremail 1Uxr2xKj7kG0xkI17xGrU7I0s8FY2U3Uj8Cz28x1UUUUU7Ic2I0Y2UrUUUUj"
                .into(),
        });
        assert_eq!(diagnose(&r, None).code, Code::CoremailAskIt);
        // The name the person typed is not what the server said.
        let mut r = greeted(login_refused("NO LOGIN failed"), "* OK IMAP ready");
        r.endpoint.host = "mail.coremail.example".into();
        r.transcript.push(crate::core::probe::TranscriptLine {
            millis: 0,
            direction: crate::core::probe::Direction::Note,
            text: "IMAP test of mail.coremail.example:993, security tls".into(),
        });
        assert_eq!(diagnose(&r, None).code, Code::AuthFailed);
        // Failures that are not a refused login are left as they are.
        let mut timeout = greeted(login_refused("x"), coremail);
        timeout.outcome = Outcome::ServerProblem;
        timeout.failure = Some(Failure::Timeout);
        assert_eq!(diagnose(&timeout, None).code, Code::Timeout);
    }

    #[test]
    fn an_untrusted_certificate_on_this_computer_is_bridges_own() {
        let untrusted = |host: &str| {
            let mut r = result(
                Protocol::Imap,
                1143,
                Security::Starttls,
                Outcome::SecureFailed,
                Some(Failure::CertificateUntrusted),
                None,
            );
            r.endpoint.host = host.to_owned();
            r
        };
        for host in ["127.0.0.1", "localhost", "LOCALHOST", "::1", "[::1]"] {
            assert_eq!(
                diagnose(&untrusted(host), None).code,
                Code::LocalCertificateUntrusted,
                "{host}"
            );
        }
        for host in [
            "127.0.0.2",
            "mail.example.org",
            "localhost.example.org",
            "10.0.0.1",
        ] {
            assert_eq!(
                diagnose(&untrusted(host), None).code,
                Code::CertificateUntrusted,
                "{host}"
            );
        }
        // A name mismatch on this computer keeps its own diagnosis.
        let mut mismatch = untrusted("localhost");
        mismatch.failure = Some(Failure::CertificateNameMismatch);
        assert_eq!(
            diagnose(&mismatch, None).code,
            Code::CertificateNameMismatch
        );
    }

    #[test]
    fn rate_limit_words_alone_are_a_rate_limit() {
        let r = result(
            Protocol::Imap,
            993,
            Security::Tls,
            Outcome::ServerProblem,
            Some(Failure::ServerBusy),
            Some("NO [LIMIT] Too many login attempts, try again later"),
        );
        assert_eq!(diagnose(&r, None).code, Code::RateLimited);
    }

    #[test]
    fn a_refused_test_message_is_its_own_diagnosis() {
        let refused = |msg: &str| {
            result(
                Protocol::Smtp,
                465,
                Security::Tls,
                Outcome::MessageRefused,
                Some(Failure::MessageRejected),
                Some(msg),
            )
        };
        let qq = database().get("qq");
        // QQ, sender not the logged-in address (clients.md §11.1).
        let d = diagnose(
            &refused("550 Invalid input from 192.0.2.7 to newxmesmtplogicsvrszb1.qq.com."),
            qq,
        );
        assert_eq!(d.code, Code::TestMessageRejected);
        assert_eq!(d.code.as_str(), "test_message_rejected");
        assert!(!d.code.fix_is_provider_steps());
        // NetEase: SMTP not switched on shows up at MAIL FROM.
        let p = database().get("netease-163");
        assert_eq!(
            diagnose(&refused("550 User has no permission"), p).code,
            Code::ServiceNotEnabled
        );
        assert_eq!(
            diagnose(&refused("553 Local user only,163 smtp5"), p).code,
            Code::TestMessageRejected
        );
        let mut no_cause = refused("x");
        no_cause.failure = None;
        no_cause.server_message = None;
        assert_eq!(diagnose(&no_cause, None).code, Code::TestMessageRejected);
    }

    #[test]
    fn tls_failures_blame_the_certificate_only_when_it_failed() {
        let secure = |failure| {
            result(
                Protocol::Imap,
                993,
                Security::Tls,
                Outcome::SecureFailed,
                failure,
                None,
            )
        };
        for (failure, code) in [
            (Some(Failure::TlsOther), Code::TlsFailed),
            (None, Code::TlsFailed),
            (
                Some(Failure::CertificateUntrusted),
                Code::CertificateUntrusted,
            ),
            (
                Some(Failure::CertificateNameMismatch),
                Code::CertificateNameMismatch,
            ),
            (Some(Failure::CertificateExpired), Code::CertificateExpired),
        ] {
            assert_eq!(diagnose(&secure(failure), None).code, code, "{failure:?}");
        }
        // A handshake that timed out is a timeout, not a certificate problem either.
        assert_eq!(
            diagnose(&secure(Some(Failure::Timeout)), None).code,
            Code::Timeout
        );
    }

    #[test]
    fn unreachable_networks_are_not_called_timeouts() {
        let unreachable = |failure| {
            result(
                Protocol::Smtp,
                465,
                Security::Tls,
                Outcome::CannotReach,
                failure,
                None,
            )
        };
        for (failure, code) in [
            (Some(Failure::ConnectOther), Code::NetworkUnreachable),
            (None, Code::NetworkUnreachable),
            (Some(Failure::ConnectTimeout), Code::ConnectTimeout),
            (Some(Failure::ConnectRefused), Code::ConnectRefused),
            (Some(Failure::DnsNotFound), Code::DnsNotFound),
        ] {
            assert_eq!(
                diagnose(&unreachable(failure), None).code,
                code,
                "{failure:?}"
            );
        }
        assert_eq!(Code::NetworkUnreachable.as_str(), "network_unreachable");
        assert_eq!(Code::TlsFailed.message_id(), "diag-tls-failed");
        assert_eq!(Code::TlsFailed.fix_id(), "diag-tls-failed-fix");
    }

    #[test]
    fn wrong_port_security_names_the_right_pair() {
        // Implicit TLS to 587 → STARTTLS on 587.
        let r = result(
            Protocol::Smtp,
            587,
            Security::Tls,
            Outcome::SecureFailed,
            Some(Failure::TlsToPlainPort),
            None,
        );
        let d = diagnose(&r, None);
        assert_eq!(d.code, Code::TlsWrongPortSecurity);
        assert_eq!(
            d.use_instead.map(|e| (e.port, e.security)),
            Some((587, Security::Starttls))
        );
        // STARTTLS to 993 → TLS on 993.
        let r = result(
            Protocol::Imap,
            993,
            Security::Starttls,
            Outcome::ServerProblem,
            Some(Failure::PlainToTlsPort),
            None,
        );
        assert_eq!(
            diagnose(&r, None).use_instead.map(|e| (e.port, e.security)),
            Some((993, Security::Tls))
        );
        // "SSL" on 143 → STARTTLS on 143.
        let r = result(
            Protocol::Imap,
            143,
            Security::Tls,
            Outcome::SecureFailed,
            Some(Failure::TlsToPlainPort),
            None,
        );
        assert_eq!(
            diagnose(&r, None).use_instead.map(|e| (e.port, e.security)),
            Some((143, Security::Starttls))
        );
        // STARTTLS on 465 → TLS on 465.
        let r = result(
            Protocol::Smtp,
            465,
            Security::Starttls,
            Outcome::ServerProblem,
            Some(Failure::PlainToTlsPort),
            None,
        );
        assert_eq!(
            diagnose(&r, None).use_instead.map(|e| (e.port, e.security)),
            Some((465, Security::Tls))
        );
    }
}
