//! Thunderbird's `clientConfig` v1.1 format (the ISPDB's and autoconfig's XML): read into the
//! provider model, and written from it.
//!
//! [`parse_client_config`] turns a document into a [`ClientConfig`]: endpoints in the provider
//! model's types, the user-name form, and whether a password works at all. Servers of types
//! mailwiz does not speak (Exchange, JMAP…) or with unusable values are left out, each with a
//! [`ConfigNote`] code the UI can explain. [`provider_from_client_config`] makes a [`Provider`] of
//! it for the rest of the program; [`to_client_config_xml`] goes the other way, for exporting an
//! embedded provider. Discovery fetches documents and reads them here; `export` and
//! `mailwiz provider import/export` use the same reader and writer.
//!
//! Nothing here turns codes into words; [`ClientConfigError`] and [`ConfigNote`] are mapped to
//! messages in the UI and the command line.

use std::borrow::Cow;

use serde::Deserialize;

use crate::core::provider::model::{
    Endpoint, Localized, LocalizedList, PasswordKind, Provider, ProviderKind, Security, Source,
    UsernameForm,
};

/// Largest document [`parse_client_config`] reads (1 MiB, the same bound as a fetched body).
pub const MAX_DOCUMENT_BYTES: usize = 1024 * 1024;

/// The placeholder for the mail domain that some configurations use in host names.
const EMAIL_DOMAIN_PLACEHOLDER: &str = "%EMAILDOMAIN%";
/// Most servers kept per protocol from one document (the longest list in the ISPDB snapshot has 3).
const MAX_SERVERS_PER_PROTOCOL: usize = 16;
/// Most notes kept from one document.
const MAX_NOTES: usize = 32;
/// The longest host name DNS allows, in bytes (without the final dot).
const MAX_HOST_BYTES: usize = 253;
const FULL_ADDRESS_TEMPLATE: &str = "%EMAILADDRESS%";
const LOCAL_PART_TEMPLATE: &str = "%EMAILLOCALPART%";
/// Longest provider id, name or template kept from a document (in characters).
const MAX_TEXT_CHARS: usize = 200;
/// Longest documentation URL kept.
const MAX_URL_CHARS: usize = 2048;
/// Longest message kept from the XML parser.
const MAX_ERROR_CHARS: usize = 300;

/// What a `clientConfig` document says, in the provider model's terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientConfig {
    /// The `emailProvider id` attribute (often a domain, e.g. `googlemail.com`).
    pub provider_id: String,
    /// Every `<domain>`, lowercase ASCII (IDN as punycode), without duplicates.
    pub domains: Vec<String>,
    /// `<displayName>` (else `<displayShortName>`, else the id).
    pub display_name: String,
    /// IMAP servers in document order (the preferred one first).
    pub imap: Vec<Endpoint>,
    /// POP3 servers in document order.
    pub pop3: Vec<Endpoint>,
    /// SMTP servers in document order.
    pub smtp: Vec<Endpoint>,
    /// The user-name form of the first kept server. `%EMAILADDRESS%` is the full address,
    /// `%EMAILLOCALPART%` the local part; anything else is taken as the full address and noted
    /// ([`ConfigNote::UnusualUsername`]).
    pub username: UsernameForm,
    /// Whether some kept server takes the password itself (`password-cleartext`, its old name
    /// `plain`, or no method listed). False when only OAuth2, client certificates, CRAM-MD5 and
    /// the like are listed: then a typed password or code cannot be tested.
    pub password_cleartext_supported: bool,
    /// The first `<documentation url>` that is an http(s) address.
    pub help_url: Option<String>,
    /// What was left out or assumed while reading the document, for the UI to explain.
    pub notes: Vec<ConfigNote>,
}

impl ClientConfig {
    /// Replaces `%EMAILDOMAIN%` in server host names by `domain_ascii` (a validated, lowercase
    /// ASCII domain). [`fetch_autoconfig`] and [`fetch_ispdb`] do this; a caller of
    /// [`parse_client_config`] must do it before using the hosts.
    pub fn fill_email_domain(&mut self, domain_ascii: &str) {
        for endpoint in self
            .imap
            .iter_mut()
            .chain(self.pop3.iter_mut())
            .chain(self.smtp.iter_mut())
        {
            if endpoint.host.contains(EMAIL_DOMAIN_PLACEHOLDER) {
                endpoint.host = endpoint
                    .host
                    .replace(EMAIL_DOMAIN_PLACEHOLDER, domain_ascii);
            }
        }
        // A template can make a name longer than DNS allows (the placeholder several times, or
        // a long domain): such a server is no server.
        for list in [&mut self.imap, &mut self.pop3, &mut self.smtp] {
            list.retain(|e| e.host.len() <= MAX_HOST_BYTES);
        }
    }
}

/// Something [`parse_client_config`] left out or assumed. Each has a stable [`code`](Self::code)
/// the UI maps to a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigNote {
    /// A server's user name was neither `%EMAILADDRESS%` nor `%EMAILLOCALPART%` (for example a
    /// fixed name or `%EMAILLOCALPART%@other.domain`); the full address is assumed.
    UnusualUsername {
        /// The template as written (at most 200 characters).
        template: String,
    },
    /// A server of a type mailwiz does not speak (Exchange, EWS, ActiveSync, JMAP…) was left out.
    UnsupportedServerType {
        /// The `type` attribute as written (at most 200 characters).
        server_type: String,
    },
    /// An IMAP/POP3/SMTP server was left out because a value was missing or unusable.
    InvalidServer {
        /// `imap`, `pop3` or `smtp`.
        server_type: String,
        /// Which value.
        problem: ServerProblem,
    },
}

impl ConfigNote {
    /// The stable code (`unusual_username`, `unsupported_server_type`, `invalid_server`).
    pub fn code(&self) -> &'static str {
        match self {
            ConfigNote::UnusualUsername { .. } => "unusual_username",
            ConfigNote::UnsupportedServerType { .. } => "unsupported_server_type",
            ConfigNote::InvalidServer { .. } => "invalid_server",
        }
    }
}

/// Which value of a server entry was unusable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServerProblem {
    /// `<hostname>` missing, empty or not a host name.
    Hostname,
    /// `<port>` missing, zero or not a number up to 65535.
    Port,
    /// `<socketType>` missing or not `SSL`, `STARTTLS` or `plain`.
    SocketType,
}

impl ServerProblem {
    /// The stable code (`hostname`, `port`, `socket_type`).
    pub fn code(self) -> &'static str {
        match self {
            ServerProblem::Hostname => "hostname",
            ServerProblem::Port => "port",
            ServerProblem::SocketType => "socket_type",
        }
    }
}

/// Why a document gives no configuration.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClientConfigError {
    /// The document is not well-formed XML or not a `clientConfig` with an `emailProvider`.
    #[error("not a valid clientConfig document: {0}")]
    Xml(String),
    /// The document is larger than [`MAX_DOCUMENT_BYTES`].
    #[error("document larger than 1 MiB")]
    TooLarge,
    /// The document lists no IMAP, POP3 or SMTP server mailwiz can use.
    #[error("no usable IMAP, POP3 or SMTP server in the configuration")]
    NoUsableServer,
}

// ----- Reading ---------------------------------------------------------------------------------
//
// The raw shapes mirror the XML. Children are read as one ordered list of "any of these
// elements" (`$value`), so elements may come in any order and interleave, unknown elements are
// skipped whatever they contain, and numbers are read as text and checked here: one bad server
// never spoils the rest of the document.

#[derive(Deserialize)]
enum RawDocument {
    #[serde(rename = "clientConfig")]
    ClientConfig(RawClientConfig),
}

#[derive(Deserialize)]
struct RawClientConfig {
    #[serde(rename = "$value", default)]
    items: Vec<RawRootItem>,
}

#[derive(Deserialize)]
enum RawRootItem {
    #[serde(rename = "emailProvider")]
    EmailProvider(RawProvider),
    #[serde(other)]
    Other,
}

#[derive(Deserialize)]
struct RawProvider {
    #[serde(rename = "@id", default)]
    id: String,
    #[serde(rename = "$value", default)]
    items: Vec<RawProviderItem>,
}

#[derive(Deserialize)]
enum RawProviderItem {
    #[serde(rename = "domain")]
    Domain(RawText),
    #[serde(rename = "displayName")]
    DisplayName(RawText),
    #[serde(rename = "displayShortName")]
    DisplayShortName(RawText),
    #[serde(rename = "incomingServer")]
    Incoming(RawServer),
    #[serde(rename = "outgoingServer")]
    Outgoing(RawServer),
    #[serde(rename = "documentation")]
    Documentation(RawDocumentation),
    #[serde(other)]
    Other,
}

/// An element's text; attributes (such as `purpose` on `<domain>`) are ignored.
#[derive(Deserialize)]
struct RawText {
    #[serde(rename = "$text", default)]
    text: String,
}

#[derive(Deserialize)]
struct RawServer {
    #[serde(rename = "@type", default)]
    kind: String,
    #[serde(rename = "$value", default)]
    items: Vec<RawServerItem>,
}

#[derive(Deserialize)]
enum RawServerItem {
    #[serde(rename = "hostname")]
    Hostname(RawText),
    #[serde(rename = "port")]
    Port(RawText),
    #[serde(rename = "socketType")]
    SocketType(RawText),
    #[serde(rename = "username")]
    Username(RawText),
    #[serde(rename = "authentication")]
    Authentication(RawText),
    #[serde(other)]
    Other,
}

#[derive(Deserialize)]
struct RawDocumentation {
    #[serde(rename = "@url", default)]
    url: String,
}

/// Which list a kept server goes to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Protocol {
    Imap,
    Pop3,
    Smtp,
}

impl Protocol {
    fn code(self) -> &'static str {
        match self {
            Protocol::Imap => "imap",
            Protocol::Pop3 => "pop3",
            Protocol::Smtp => "smtp",
        }
    }
}

/// Parses a Thunderbird `clientConfig` (v1.1) document. Never panics; input over
/// [`MAX_DOCUMENT_BYTES`] is refused unread. Host names may still hold `%EMAILDOMAIN%`
/// (see [`ClientConfig::fill_email_domain`]).
pub fn parse_client_config(xml: &str) -> Result<ClientConfig, ClientConfigError> {
    if xml.len() > MAX_DOCUMENT_BYTES {
        return Err(ClientConfigError::TooLarge);
    }
    let xml = xml.strip_prefix('\u{feff}').unwrap_or(xml);
    let RawDocument::ClientConfig(root) = quick_xml::de::from_str::<RawDocument>(xml)
        .map_err(|e| ClientConfigError::Xml(shown(&e.to_string(), MAX_ERROR_CHARS)))?;
    let Some(raw) = root.items.into_iter().find_map(|item| match item {
        RawRootItem::EmailProvider(provider) => Some(provider),
        RawRootItem::Other => None,
    }) else {
        return Err(ClientConfigError::Xml("no emailProvider element".into()));
    };

    let mut config = ClientConfig {
        provider_id: shown(&raw.id, MAX_TEXT_CHARS),
        domains: Vec::new(),
        display_name: String::new(),
        imap: Vec::new(),
        pop3: Vec::new(),
        smtp: Vec::new(),
        username: UsernameForm::FullAddress,
        password_cleartext_supported: false,
        help_url: None,
        notes: Vec::new(),
    };
    let mut short_name = String::new();
    let mut username = None;
    for item in raw.items {
        match item {
            RawProviderItem::Domain(domain) => {
                if let Some(domain) = normalize_domain(&domain.text)
                    && !config.domains.contains(&domain)
                {
                    config.domains.push(domain);
                }
            }
            RawProviderItem::DisplayName(name) if config.display_name.is_empty() => {
                config.display_name = shown(&name.text, MAX_TEXT_CHARS);
            }
            RawProviderItem::DisplayShortName(name) if short_name.is_empty() => {
                short_name = shown(&name.text, MAX_TEXT_CHARS);
            }
            RawProviderItem::Incoming(server) => {
                let protocol = match server.kind.trim().to_ascii_lowercase().as_str() {
                    "imap" => Some(Protocol::Imap),
                    "pop3" => Some(Protocol::Pop3),
                    _ => None,
                };
                add_server(&mut config, &mut username, protocol, server);
            }
            RawProviderItem::Outgoing(server) => {
                let protocol = server
                    .kind
                    .trim()
                    .eq_ignore_ascii_case("smtp")
                    .then_some(Protocol::Smtp);
                add_server(&mut config, &mut username, protocol, server);
            }
            RawProviderItem::Documentation(documentation) if config.help_url.is_none() => {
                let url = documentation.url.trim();
                let web = url
                    .get(..8)
                    .is_some_and(|s| s.eq_ignore_ascii_case("https://"))
                    || url
                        .get(..7)
                        .is_some_and(|s| s.eq_ignore_ascii_case("http://"));
                if web
                    && url.chars().count() <= MAX_URL_CHARS
                    && !url.contains(char::is_whitespace)
                    && !url.chars().any(crate::core::shown::is_hidden)
                {
                    config.help_url = Some(url.to_owned());
                }
            }
            _ => {}
        }
    }
    if config.display_name.is_empty() {
        config.display_name = if short_name.is_empty() {
            config.provider_id.clone()
        } else {
            short_name
        };
    }
    config.username = username.unwrap_or(UsernameForm::FullAddress);
    if config.imap.is_empty() && config.pop3.is_empty() && config.smtp.is_empty() {
        return Err(ClientConfigError::NoUsableServer);
    }
    Ok(config)
}

/// Checks one server entry and, when usable, adds it to its list; otherwise notes why not.
fn add_server(
    config: &mut ClientConfig,
    username: &mut Option<UsernameForm>,
    protocol: Option<Protocol>,
    server: RawServer,
) {
    let Some(protocol) = protocol else {
        note(
            config,
            ConfigNote::UnsupportedServerType {
                server_type: shown(&server.kind, MAX_TEXT_CHARS),
            },
        );
        return;
    };
    let (mut host, mut port, mut socket, mut template) = (None, None, None, None);
    let mut methods = Vec::new();
    for item in server.items {
        match item {
            RawServerItem::Hostname(text) if host.is_none() => host = Some(text.text),
            RawServerItem::Port(text) if port.is_none() => port = Some(text.text),
            RawServerItem::SocketType(text) if socket.is_none() => socket = Some(text.text),
            RawServerItem::Username(text) if template.is_none() => template = Some(text.text),
            RawServerItem::Authentication(text) => methods.push(text.text),
            _ => {}
        }
    }
    let invalid = |problem| ConfigNote::InvalidServer {
        server_type: protocol.code().to_owned(),
        problem,
    };
    let Some(host) = host.as_deref().and_then(normalize_host) else {
        return note(config, invalid(ServerProblem::Hostname));
    };
    let Some(port) = port
        .and_then(|p| p.trim().parse::<u16>().ok())
        .filter(|p| *p != 0)
    else {
        return note(config, invalid(ServerProblem::Port));
    };
    let Some(security) = socket.as_deref().and_then(parse_socket_type) else {
        return note(config, invalid(ServerProblem::SocketType));
    };

    let template = template.unwrap_or_default();
    let form = match template.trim() {
        FULL_ADDRESS_TEMPLATE => UsernameForm::FullAddress,
        LOCAL_PART_TEMPLATE => UsernameForm::LocalPart,
        other => {
            note(
                config,
                ConfigNote::UnusualUsername {
                    template: shown(other, MAX_TEXT_CHARS),
                },
            );
            UsernameForm::FullAddress
        }
    };
    username.get_or_insert(form);
    // No method listed: clients then send the password, so it counts as one.
    let takes_password = methods.is_empty()
        || methods.iter().any(|m| {
            let m = m.trim();
            m.eq_ignore_ascii_case("password-cleartext") || m.eq_ignore_ascii_case("plain")
        });
    config.password_cleartext_supported |= takes_password;

    let endpoint = Endpoint {
        host,
        port,
        security,
    };
    let list = match protocol {
        Protocol::Imap => &mut config.imap,
        Protocol::Pop3 => &mut config.pop3,
        Protocol::Smtp => &mut config.smtp,
    };
    // Bounded: a 1 MiB document of thousands of servers would cost quadratic time here, and
    // no provider lists more than a handful.
    if list.len() < MAX_SERVERS_PER_PROTOCOL && !list.contains(&endpoint) {
        list.push(endpoint);
    }
}

fn note(config: &mut ClientConfig, note: ConfigNote) {
    if config.notes.len() < MAX_NOTES && !config.notes.contains(&note) {
        config.notes.push(note);
    }
}

/// `SSL` (and its synonym `TLS`) → implicit TLS, `STARTTLS`, `plain` → none (kept; the UI warns).
fn parse_socket_type(text: &str) -> Option<Security> {
    let text = text.trim();
    if text.eq_ignore_ascii_case("SSL") || text.eq_ignore_ascii_case("TLS") {
        Some(Security::Tls)
    } else if text.eq_ignore_ascii_case("STARTTLS") {
        Some(Security::Starttls)
    } else if text.eq_ignore_ascii_case("plain") {
        Some(Security::None)
    } else {
        None
    }
}

/// A server host name as the provider model keeps it: lowercase ASCII (IDN → punycode). The
/// `%EMAILDOMAIN%` placeholder is kept as written, for [`ClientConfig::fill_email_domain`].
fn normalize_host(text: &str) -> Option<String> {
    let text = text.trim().trim_end_matches('.');
    if text.is_empty() || text.len() > 253 {
        return None;
    }
    let mut parts = Vec::new();
    for part in text.split(EMAIL_DOMAIN_PLACEHOLDER) {
        if part.is_empty() {
            parts.push(String::new());
            continue;
        }
        let ascii = if part.is_ascii() {
            part.to_ascii_lowercase()
        } else {
            idna::domain_to_ascii(part).ok()?
        };
        let valid = ascii
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-' || b == b'_');
        if !valid {
            return None;
        }
        parts.push(ascii);
    }
    let host = parts.join(EMAIL_DOMAIN_PLACEHOLDER);
    // Only the placeholder itself, or pieces around it, must still spell a name.
    let without = host.replace(EMAIL_DOMAIN_PLACEHOLDER, "x");
    let labels_ok = without
        .split('.')
        .all(|label| !label.is_empty() && label.len() <= 63);
    labels_ok.then_some(host)
}

/// A mail domain: lowercase ASCII (IDN → punycode), labels of letters, digits and hyphens.
pub(crate) fn normalize_domain(text: &str) -> Option<String> {
    let text = text.trim().trim_end_matches('.');
    if text.is_empty() {
        return None;
    }
    let ascii = idna::domain_to_ascii(text).ok()?;
    let valid = !ascii.is_empty()
        && ascii.len() <= 253
        && ascii.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        });
    valid.then_some(ascii)
}

/// Text from the document fit to show a person: trimmed, at most `max` characters, control and
/// invisible characters written out (a `displayName` with a newline once forged a line of
/// `mailwiz lookup`'s output, and `ESC[8m` hid the servers).
fn shown(text: &str, max: usize) -> String {
    crate::core::shown::escaped(&bounded(text.trim(), max))
}

/// At most `max` characters of `text`.
fn bounded(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((end, _)) => text[..end].to_owned(),
        None => text.to_owned(),
    }
}

// ----- Writing ---------------------------------------------------------------------------------

/// A `clientConfig` v1.1 document for an embedded provider: every domain, the English name,
/// every IMAP/POP3/SMTP endpoint in order, the user-name template, `password-cleartext` (or
/// `OAuth2` when no password works), and the help page as documentation.
pub fn to_client_config_xml(provider: &Provider) -> String {
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    xml.push_str("<clientConfig version=\"1.1\">\n");
    xml.push_str(&format!("  <emailProvider id=\"{}\">\n", esc(&provider.id)));
    for domain in &provider.domains {
        xml.push_str(&format!("    <domain>{}</domain>\n", esc(domain)));
    }
    let name = esc(&provider.display_name.en);
    xml.push_str(&format!("    <displayName>{name}</displayName>\n"));
    xml.push_str(&format!(
        "    <displayShortName>{name}</displayShortName>\n"
    ));
    let username = match provider.username {
        UsernameForm::FullAddress => FULL_ADDRESS_TEMPLATE,
        UsernameForm::LocalPart => LOCAL_PART_TEMPLATE,
    };
    let authentication = match provider.password_kind {
        PasswordKind::Oauth2Only => "OAuth2",
        PasswordKind::AuthorizationCode | PasswordKind::AppPassword | PasswordKind::Password => {
            "password-cleartext"
        }
    };
    let servers = [
        ("incomingServer", "imap", &provider.imap),
        ("incomingServer", "pop3", &provider.pop3),
        ("outgoingServer", "smtp", &provider.smtp),
    ];
    for (element, kind, endpoints) in servers {
        for endpoint in endpoints {
            let socket = match endpoint.security {
                Security::Tls => "SSL",
                Security::Starttls => "STARTTLS",
                Security::None => "plain",
            };
            xml.push_str(&format!("    <{element} type=\"{kind}\">\n"));
            xml.push_str(&format!(
                "      <hostname>{}</hostname>\n",
                esc(&endpoint.host)
            ));
            xml.push_str(&format!("      <port>{}</port>\n", endpoint.port));
            xml.push_str(&format!("      <socketType>{socket}</socketType>\n"));
            xml.push_str(&format!("      <username>{username}</username>\n"));
            xml.push_str(&format!(
                "      <authentication>{authentication}</authentication>\n"
            ));
            xml.push_str(&format!("    </{element}>\n"));
        }
    }
    if !provider.help_url.is_empty() {
        xml.push_str(&format!(
            "    <documentation url=\"{}\"/>\n",
            esc(&provider.help_url)
        ));
    }
    xml.push_str("  </emailProvider>\n</clientConfig>\n");
    xml
}

fn esc(text: &str) -> Cow<'_, str> {
    quick_xml::escape::escape(text)
}

/// A [`Provider`] from a discovered configuration, for the rest of the program (settings,
/// summary, probes). It is a personal entry with the configuration's name in all three
/// languages, no how-to steps, quirks or MX patterns, `password` as password kind (`oauth2_only`
/// when the configuration offers no password method), `source_url` as its one source, and
/// `checked_on` (YYYY-MM-DD, the day it was fetched; core has no calendar, so the caller passes
/// it, or "" when unknown) as `last_checked`.
///
/// The id is the configuration's id made to fit the provider model (`[a-z0-9-]`:
/// `googlemail.com` → `googlemail-com`), else the first domain's, else `discovered`.
pub fn provider_from_client_config(
    cfg: &ClientConfig,
    source_url: &str,
    checked_on: &str,
) -> Provider {
    let id = [
        Some(cfg.provider_id.as_str()),
        cfg.domains.first().map(String::as_str),
    ]
    .into_iter()
    .flatten()
    .map(provider_id)
    .find(|id| !id.is_empty())
    .unwrap_or_else(|| "discovered".to_owned());
    let name = Localized {
        en: cfg.display_name.clone(),
        zh_cn: cfg.display_name.clone(),
        zh_tw: cfg.display_name.clone(),
    };
    Provider {
        id,
        kind: ProviderKind::Personal,
        display_name: name,
        domains: cfg.domains.clone(),
        imap: cfg.imap.clone(),
        pop3: cfg.pop3.clone(),
        smtp: cfg.smtp.clone(),
        username: cfg.username,
        password_kind: if cfg.password_cleartext_supported {
            PasswordKind::Password
        } else {
            PasswordKind::Oauth2Only
        },
        code_shape: None,
        help_url: cfg.help_url.clone().unwrap_or_default(),
        setup_steps: LocalizedList::default(),
        quirks: Vec::new(),
        mx_patterns: Vec::new(),
        sources: vec![Source {
            url: source_url.to_owned(),
            covers: "servers, user name form, domains (discovered clientConfig)".to_owned(),
        }],
        decisions: Vec::new(),
        last_checked: checked_on.to_owned(),
    }
}

/// Lowercase `[a-z0-9-]`, other characters as `-`, no leading/trailing/double `-`.
fn provider_id(text: &str) -> String {
    let mapped: String = text
        .chars()
        .map(|c| match c.to_ascii_lowercase() {
            c @ ('a'..='z' | '0'..='9') => c,
            _ => '-',
        })
        .collect();
    let id = mapped
        .split('-')
        .filter(|piece| !piece.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    bounded(&id, 64)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Shaped like a real ISPDB file: comments, OAuth2 beside the password, an Exchange server,
    /// nested elements inside a server, several domains, documentation with descriptions.
    const GMAIL_LIKE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<!-- comment -->
<clientConfig version="1.1">
  <emailProvider id="googlemail.com">
    <domain>gmail.com</domain>
    <domain>GoogleMail.com</domain>
    <domain purpose="mx">aspmx.l.google.com</domain>
    <domain>gmail.com</domain>
    <displayName>Google Mail</displayName>
    <displayShortName>GMail</displayShortName>
    <incomingServer type="imap">
      <hostname>imap.gmail.com</hostname>
      <port>993</port>
      <socketType>SSL</socketType>
      <username>%EMAILADDRESS%</username>
      <authentication>OAuth2</authentication>
      <authentication>password-cleartext</authentication>
    </incomingServer>
    <incomingServer type="exchange">
      <hostname>outlook.office365.com</hostname>
      <port>443</port>
      <socketType>SSL</socketType>
    </incomingServer>
    <incomingServer type="pop3">
      <hostname>pop.gmail.com</hostname>
      <port>995</port>
      <socketType>SSL</socketType>
      <username>%EMAILADDRESS%</username>
      <authentication>password-cleartext</authentication>
      <pop3>
        <leaveMessagesOnServer>true</leaveMessagesOnServer>
        <daysToLeaveMessagesOnServer>7</daysToLeaveMessagesOnServer>
      </pop3>
    </incomingServer>
    <outgoingServer type="smtp">
      <hostname>smtp.gmail.com</hostname>
      <port>465</port>
      <socketType>SSL</socketType>
      <username>%EMAILADDRESS%</username>
      <authentication>OAuth2</authentication>
      <authentication>password-cleartext</authentication>
      <addThisServer>true</addThisServer>
    </outgoingServer>
    <outgoingServer type="smtp">
      <hostname>smtp.gmail.com</hostname>
      <port>587</port>
      <socketType>STARTTLS</socketType>
      <username>%EMAILADDRESS%</username>
      <authentication>password-cleartext</authentication>
    </outgoingServer>
    <enable visiturl="https://mail.google.com/mail/?ui=2&amp;shva=1#settings/fwdandpop">
      <instruction lang="en">Enable IMAP on Google Mail</instruction>
    </enable>
    <documentation url="http://mail.google.com/support/bin/answer.py?answer=13273&amp;x=1">
      <descr lang="en">How to enable IMAP/POP3 in GMail</descr>
    </documentation>
  </emailProvider>
  <oAuth2>
    <issuer>accounts.google.com</issuer>
    <scope>https://mail.google.com/</scope>
  </oAuth2>
</clientConfig>
"#;

    fn ep(host: &str, port: u16, security: Security) -> Endpoint {
        Endpoint {
            host: host.into(),
            port,
            security,
        }
    }

    fn with_servers(servers: &str) -> String {
        format!(
            "<clientConfig version=\"1.1\"><emailProvider id=\"x.test\"><domain>x.test</domain>\
             <displayName>X</displayName>{servers}</emailProvider></clientConfig>"
        )
    }

    fn imap(host: &str, port: &str, socket: &str, username: &str, auth: &[&str]) -> String {
        let auth: String = auth
            .iter()
            .map(|a| format!("<authentication>{a}</authentication>"))
            .collect();
        format!(
            "<incomingServer type=\"imap\"><hostname>{host}</hostname><port>{port}</port>\
             <socketType>{socket}</socketType><username>{username}</username>{auth}</incomingServer>"
        )
    }

    #[test]
    fn parses_an_ispdb_style_document() {
        let config = parse_client_config(GMAIL_LIKE).unwrap();
        assert_eq!(config.provider_id, "googlemail.com");
        assert_eq!(
            config.domains,
            ["gmail.com", "googlemail.com", "aspmx.l.google.com"]
        );
        assert_eq!(config.display_name, "Google Mail");
        assert_eq!(config.imap, [ep("imap.gmail.com", 993, Security::Tls)]);
        assert_eq!(config.pop3, [ep("pop.gmail.com", 995, Security::Tls)]);
        assert_eq!(
            config.smtp,
            [
                ep("smtp.gmail.com", 465, Security::Tls),
                ep("smtp.gmail.com", 587, Security::Starttls)
            ]
        );
        assert_eq!(config.username, UsernameForm::FullAddress);
        assert!(config.password_cleartext_supported);
        assert_eq!(
            config.help_url.as_deref(),
            Some("http://mail.google.com/support/bin/answer.py?answer=13273&x=1")
        );
        assert_eq!(
            config.notes,
            [ConfigNote::UnsupportedServerType {
                server_type: "exchange".into()
            }]
        );
    }

    #[test]
    fn socket_types_and_username_forms() {
        let xml = with_servers(&format!(
            "{}{}<outgoingServer type=\"smtp\"><hostname>smtp.x.test</hostname><port>25</port>\
             <socketType>plain</socketType><username>%EMAILLOCALPART%</username></outgoingServer>",
            imap(
                "IMAP.X.Test",
                " 143 ",
                " STARTTLS ",
                "%EMAILLOCALPART%",
                &["plain"]
            ),
            imap(
                "imap2.x.test",
                "993",
                "TLS",
                "%EMAILADDRESS%",
                &["password-cleartext"]
            ),
        ));
        let config = parse_client_config(&xml).unwrap();
        assert_eq!(
            config.imap,
            [
                ep("imap.x.test", 143, Security::Starttls),
                ep("imap2.x.test", 993, Security::Tls)
            ]
        );
        assert_eq!(config.smtp, [ep("smtp.x.test", 25, Security::None)]);
        // The first kept server decides.
        assert_eq!(config.username, UsernameForm::LocalPart);
        assert!(config.password_cleartext_supported);
        assert!(config.notes.is_empty(), "{:?}", config.notes);
    }

    #[test]
    fn unusual_username_is_full_address_with_a_note() {
        let xml = with_servers(&imap(
            "imap.x.test",
            "993",
            "SSL",
            "%EMAILLOCALPART%@other.test",
            &[],
        ));
        let config = parse_client_config(&xml).unwrap();
        assert_eq!(config.username, UsernameForm::FullAddress);
        assert_eq!(
            config.notes,
            [ConfigNote::UnusualUsername {
                template: "%EMAILLOCALPART%@other.test".into()
            }]
        );
        assert_eq!(config.notes[0].code(), "unusual_username");
    }

    #[test]
    fn oauth_only_means_no_password() {
        let xml = with_servers(&format!(
            "{}<outgoingServer type=\"smtp\"><hostname>smtp.x.test</hostname><port>465</port>\
             <socketType>SSL</socketType><username>%EMAILADDRESS%</username>\
             <authentication>OAuth2</authentication></outgoingServer>",
            imap(
                "imap.x.test",
                "993",
                "SSL",
                "%EMAILADDRESS%",
                &["OAuth2", "TLS-client-cert"]
            )
        ));
        let config = parse_client_config(&xml).unwrap();
        assert!(!config.password_cleartext_supported);
        let provider = provider_from_client_config(&config, "https://x.test/c.xml", "");
        assert_eq!(provider.password_kind, PasswordKind::Oauth2Only);
    }

    #[test]
    fn unusable_servers_are_left_out_with_notes() {
        let xml = with_servers(&format!(
            "{}{}{}{}{}",
            imap("imap.x.test", "99999", "SSL", "%EMAILADDRESS%", &[]),
            imap("imap.x.test", "0", "SSL", "%EMAILADDRESS%", &[]),
            imap("imap x.test", "993", "SSL", "%EMAILADDRESS%", &[]),
            imap("imap.x.test", "993", "SSH", "%EMAILADDRESS%", &[]),
            imap("imap.x.test", "993", "SSL", "%EMAILADDRESS%", &[]),
        ));
        let config = parse_client_config(&xml).unwrap();
        assert_eq!(config.imap, [ep("imap.x.test", 993, Security::Tls)]);
        let problems: Vec<_> = config
            .notes
            .iter()
            .map(|n| match n {
                ConfigNote::InvalidServer {
                    server_type,
                    problem,
                } => {
                    assert_eq!(server_type, "imap");
                    *problem
                }
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(
            problems,
            [
                ServerProblem::Port,
                ServerProblem::Hostname,
                ServerProblem::SocketType
            ]
        );
    }

    #[test]
    fn no_usable_server_is_an_error() {
        let xml = with_servers(
            "<incomingServer type=\"exchange\"><hostname>e.x.test</hostname></incomingServer>",
        );
        assert_eq!(
            parse_client_config(&xml),
            Err(ClientConfigError::NoUsableServer)
        );
        assert_eq!(
            parse_client_config(&with_servers("")),
            Err(ClientConfigError::NoUsableServer)
        );
    }

    #[test]
    fn elements_in_any_order() {
        let xml = "<clientConfig><emailProvider id=\"x\">\
            <outgoingServer type=\"smtp\"><port>587</port><socketType>STARTTLS</socketType>\
            <username>%EMAILADDRESS%</username><hostname>smtp.x.test</hostname></outgoingServer>\
            <domain>a.test</domain>\
            <incomingServer type=\"imap\"><hostname>imap.x.test</hostname><port>993</port>\
            <socketType>SSL</socketType><username>%EMAILADDRESS%</username></incomingServer>\
            <domain>b.test</domain>\
            <outgoingServer type=\"smtp\"><hostname>smtp.x.test</hostname><port>465</port>\
            <socketType>SSL</socketType><username>%EMAILADDRESS%</username></outgoingServer>\
            </emailProvider></clientConfig>";
        let config = parse_client_config(xml).unwrap();
        assert_eq!(config.domains, ["a.test", "b.test"]);
        assert_eq!(config.imap.len(), 1);
        assert_eq!(
            config.smtp,
            [
                ep("smtp.x.test", 587, Security::Starttls),
                ep("smtp.x.test", 465, Security::Tls)
            ]
        );
        // No displayName: the id stands in.
        assert_eq!(config.display_name, "x");
    }

    #[test]
    fn bad_documents_are_errors_not_panics() {
        let cases = [
            "",
            "not xml at all",
            "<clientConfig>",
            "<clientConfig><emailProvider id=\"x\"><domain>x</domain></emailProvider>",
            "<clientConfig><emailProvider></clientConfig>",
            "<html><body>Not here</body></html>",
            "<clientConfig version=\"1.1\"></clientConfig>",
            "<clientConfig>&unknown;</clientConfig>",
            "\u{feff}<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"b\">]><clientConfig>&a;</clientConfig>",
        ];
        for xml in cases {
            let got = parse_client_config(xml);
            assert!(
                matches!(got, Err(ClientConfigError::Xml(_))),
                "{xml:?} gave {got:?}"
            );
        }
        // Markup where text belongs is skipped, not an error of its own.
        let xml = "<clientConfig><emailProvider id=\"x\"><domain><b>x</b></domain></emailProvider></clientConfig>";
        assert_eq!(
            parse_client_config(xml),
            Err(ClientConfigError::NoUsableServer)
        );
        // Truncated anywhere: never a panic, and never a config with more than the whole has.
        let whole = parse_client_config(GMAIL_LIKE).unwrap();
        for end in (0..GMAIL_LIKE.len()).filter(|&end| GMAIL_LIKE.is_char_boundary(end)) {
            if let Ok(partial) = parse_client_config(&GMAIL_LIKE[..end]) {
                assert!(partial.imap.len() <= whole.imap.len());
            }
        }
    }

    #[test]
    fn deep_nesting_and_size_are_bounded() {
        let depth = 100_000;
        let deep = format!(
            "<clientConfig><emailProvider id=\"x\"><junk>{}{}</junk>{}</emailProvider></clientConfig>",
            "<a>".repeat(depth),
            "</a>".repeat(depth),
            imap("imap.x.test", "993", "SSL", "%EMAILADDRESS%", &[]),
        );
        assert!(deep.len() <= MAX_DOCUMENT_BYTES);
        assert_eq!(parse_client_config(&deep).unwrap().imap.len(), 1);

        let mut huge = with_servers(&imap("imap.x.test", "993", "SSL", "%EMAILADDRESS%", &[]));
        huge.push_str(&" ".repeat(MAX_DOCUMENT_BYTES));
        assert_eq!(parse_client_config(&huge), Err(ClientConfigError::TooLarge));
    }

    /// Issue 11: a templated host could end longer than any DNS name.
    #[test]
    fn a_filled_host_longer_than_dns_allows_is_dropped() {
        let xml = with_servers(&format!(
            "{}{}",
            imap(
                "%EMAILDOMAIN%.%EMAILDOMAIN%.%EMAILDOMAIN%",
                "993",
                "SSL",
                "%EMAILADDRESS%",
                &[]
            ),
            imap("mail.%EMAILDOMAIN%", "993", "SSL", "%EMAILADDRESS%", &[]),
        ));
        let mut config = parse_client_config(&xml).unwrap();
        let domain = format!("{}.{}.com", "a".repeat(60), "b".repeat(60));
        config.fill_email_domain(&domain);
        assert_eq!(config.imap.len(), 1, "{:?}", config.imap);
        assert_eq!(config.imap[0].host, format!("mail.{domain}"));
    }

    /// Issue 11: a newline in displayName forged a line of `mailwiz lookup`'s output, and
    /// `ESC[8m` hid the servers after it.
    #[test]
    fn shown_text_from_the_document_has_no_hidden_characters() {
        let xml = "<clientConfig version=\"1.1\"><emailProvider id=\"x\u{202e}.test\">\
             <domain>x.test</domain><displayName>X&#10;Found in: built-in data&#27;[8m</displayName>\
             <incomingServer type=\"imap\"><hostname>imap.x.test</hostname><port>993</port>\
             <socketType>SSL</socketType><username>%EMAILLOCALPART%&#10;x</username>\
             </incomingServer></emailProvider></clientConfig>";
        let config = parse_client_config(xml).unwrap();
        assert_eq!(
            config.display_name,
            "X\\u{a}Found in: built-in data\\u{1b}[8m"
        );
        assert_eq!(config.provider_id, "x\\u{202e}.test");
        assert!(
            config
                .notes
                .iter()
                .all(|n| !format!("{n:?}").contains('\n')),
            "{:?}",
            config.notes
        );
    }

    #[test]
    fn email_domain_placeholder_is_filled() {
        let xml = with_servers(&format!(
            "{}{}",
            imap("mail.%EMAILDOMAIN%", "993", "SSL", "%EMAILADDRESS%", &[]),
            imap("%EMAILDOMAIN%", "143", "STARTTLS", "%EMAILADDRESS%", &[]),
        ));
        let mut config = parse_client_config(&xml).unwrap();
        assert_eq!(config.imap[0].host, "mail.%EMAILDOMAIN%");
        config.fill_email_domain("example.org");
        assert_eq!(config.imap[0].host, "mail.example.org");
        assert_eq!(config.imap[1].host, "example.org");
        // Other placeholders are not host names.
        let xml = with_servers(&imap(
            "mail.%EMAILLOCALPART%",
            "993",
            "SSL",
            "%EMAILADDRESS%",
            &[],
        ));
        assert_eq!(
            parse_client_config(&xml),
            Err(ClientConfigError::NoUsableServer)
        );
    }

    #[test]
    fn idn_hosts_and_domains_become_punycode() {
        let xml = "<clientConfig><emailProvider id=\"x\"><domain>例子.中国</domain>\
            <incomingServer type=\"imap\"><hostname>邮件.例子.中国</hostname><port>993</port>\
            <socketType>SSL</socketType><username>%EMAILADDRESS%</username></incomingServer>\
            </emailProvider></clientConfig>";
        let config = parse_client_config(xml).unwrap();
        assert_eq!(config.domains, ["xn--fsqu00a.xn--fiqs8s"]);
        assert!(
            config.imap[0].host.starts_with("xn--"),
            "{}",
            config.imap[0].host
        );
        assert!(config.imap[0].host.ends_with(".xn--fsqu00a.xn--fiqs8s"));
    }

    #[test]
    fn only_web_documentation_urls_are_kept() {
        let server = imap("imap.x.test", "993", "SSL", "%EMAILADDRESS%", &[]);
        let xml = with_servers(&format!(
            "{server}<documentation url=\"javascript:alert(1)\"/><documentation url=\"https://help.x.test/imap\"/>"
        ));
        assert_eq!(
            parse_client_config(&xml).unwrap().help_url.as_deref(),
            Some("https://help.x.test/imap")
        );
        for url in [
            "javascript:alert(1)",
            "file:///etc/passwd",
            "https://a b",
            "",
        ] {
            let xml = with_servers(&format!("{server}<documentation url=\"{url}\"/>"));
            assert_eq!(parse_client_config(&xml).unwrap().help_url, None, "{url}");
        }
    }

    #[test]
    fn every_embedded_provider_round_trips() {
        let mut checked = 0;
        for provider in crate::core::provider::database().all() {
            if provider.imap.is_empty() && provider.pop3.is_empty() && provider.smtp.is_empty() {
                continue;
            }
            let xml = to_client_config_xml(provider);
            let config =
                parse_client_config(&xml).unwrap_or_else(|e| panic!("{}: {e}\n{xml}", provider.id));
            assert_eq!(config.provider_id, provider.id);
            assert_eq!(config.domains, provider.domains, "{}", provider.id);
            assert_eq!(config.imap, provider.imap, "{}", provider.id);
            assert_eq!(config.pop3, provider.pop3, "{}", provider.id);
            assert_eq!(config.smtp, provider.smtp, "{}", provider.id);
            assert_eq!(
                config.display_name, provider.display_name.en,
                "{}",
                provider.id
            );
            assert_eq!(config.username, provider.username, "{}", provider.id);
            assert_eq!(
                config.password_cleartext_supported,
                provider.password_kind != PasswordKind::Oauth2Only,
                "{}",
                provider.id
            );
            let help = (!provider.help_url.is_empty()).then(|| provider.help_url.clone());
            assert_eq!(config.help_url, help, "{}", provider.id);
            assert!(
                config.notes.is_empty(),
                "{}: {:?}",
                provider.id,
                config.notes
            );

            let back =
                provider_from_client_config(&config, "https://example.test/x.xml", "2026-01-02");
            assert_eq!(back.id, provider.id);
            assert_eq!(
                (&back.imap, &back.pop3, &back.smtp),
                (&provider.imap, &provider.pop3, &provider.smtp)
            );
            assert_eq!(back.domains, provider.domains);
            checked += 1;
        }
        assert!(checked >= 10, "only {checked} providers with endpoints");
    }

    #[test]
    fn written_xml_escapes_text() {
        let mut provider = crate::core::provider::database()
            .all()
            .iter()
            .find(|p| !p.imap.is_empty())
            .unwrap()
            .clone();
        provider.display_name.en = "A & B <Mail> \"quoted\"".into();
        provider.help_url = "https://help.test/?a=1&b=\"2\"".into();
        let config = parse_client_config(&to_client_config_xml(&provider)).unwrap();
        assert_eq!(config.display_name, provider.display_name.en);
        assert_eq!(config.help_url.as_deref(), Some(provider.help_url.as_str()));
    }

    #[test]
    fn discovered_provider_fields() {
        let config = parse_client_config(GMAIL_LIKE).unwrap();
        let provider = provider_from_client_config(
            &config,
            "https://autoconfig.thunderbird.net/v1.1/gmail.com",
            "2026-03-04",
        );
        assert_eq!(provider.id, "googlemail-com");
        assert_eq!(provider.kind, ProviderKind::Personal);
        assert_eq!(provider.display_name.zh_tw, "Google Mail");
        assert_eq!(provider.password_kind, PasswordKind::Password);
        assert_eq!(provider.sources.len(), 1);
        assert_eq!(
            provider.sources[0].url,
            "https://autoconfig.thunderbird.net/v1.1/gmail.com"
        );
        assert_eq!(provider.last_checked, "2026-03-04");
        assert!(provider.setup_steps.en.is_empty() && provider.setup_steps.zh_cn.is_empty());
        assert_eq!(provider_id("--Weird__ID..x--"), "weird-id-x");
        let mut nameless = config.clone();
        nameless.provider_id = "!!!".into();
        assert_eq!(
            provider_from_client_config(&nameless, "", "").id,
            "gmail-com"
        );
        nameless.domains.clear();
        assert_eq!(
            provider_from_client_config(&nameless, "", "").id,
            "discovered"
        );
    }
}
