//! Outlook's Autodiscover "plain old XML" (POX): the request Outlook POSTs, and a reader of the
//! response (the `Protocol` elements of `Response/Account`, or a redirect).
//!
//! The security of a server is read as mailwiz's own Autodiscover writer writes it
//! (`core::export::autodiscover_xml`): `Encryption` `SSL` is implicit TLS, `TLS` is STARTTLS,
//! `None` is none; without `Encryption`, `SSL off` is none and `SSL on` (the default) is implicit
//! TLS on 993/995/465 and STARTTLS elsewhere, as Thunderbird's reader decides it.

use quick_xml::events::Event;

use super::model::ServerSet;
use crate::core::provider::model::{Endpoint, Security};

/// The namespace of the request.
pub const AUTODISCOVER_REQUEST_NS: &str =
    "http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006";

/// The POX request for `email`.
pub fn autodiscover_request(email: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Autodiscover xmlns=\"{AUTODISCOVER_REQUEST_NS}\">\n  \
         <Request>\n    <EMailAddress>{}</EMailAddress>\n    <AcceptableResponseSchema>{}</AcceptableResponseSchema>\n  \
         </Request>\n</Autodiscover>\n",
        quick_xml::escape::escape(email),
        crate::core::export::OUTLOOK_RESPONSE_NS
    )
}

#[derive(Default)]
struct Proto {
    kind: String,
    server: String,
    port: String,
    ssl: String,
    encryption: String,
}

fn security(p: &Proto, port: u16) -> Security {
    match p.encryption.to_ascii_lowercase().as_str() {
        "ssl" => Security::Tls,
        "tls" => Security::Starttls,
        "none" => Security::None,
        _ if p.ssl.eq_ignore_ascii_case("off") => Security::None,
        _ if matches!(port, 993 | 995 | 465) => Security::Tls,
        _ => Security::Starttls,
    }
}

/// The servers of a POX response, or why there are none (a redirect, an error response, no
/// usable `Protocol`). Host names are lowercased; a protocol with a bad host or port is skipped.
pub fn parse_autodiscover(xml: &str) -> Result<ServerSet, String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut path: Vec<String> = Vec::new();
    let mut current: Option<Proto> = None;
    let mut set = ServerSet::default();
    let mut redirect: Option<String> = None;
    let mut error: Option<String> = None;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                if name == "Protocol" {
                    current = Some(Proto::default());
                }
                path.push(name);
                if path.len() > 32 {
                    return Err("too deeply nested".into());
                }
            }
            Ok(Event::End(_)) => {
                if path.pop().as_deref() == Some("Protocol")
                    && let Some(p) = current.take()
                {
                    add(&mut set, &p);
                }
            }
            Ok(Event::Text(t)) => {
                let text = t.decode().map(|c| c.trim().to_owned()).unwrap_or_default();
                let Some(leaf) = path.last().map(String::as_str) else {
                    continue;
                };
                if let Some(p) = current.as_mut() {
                    match leaf {
                        "Type" => p.kind = text,
                        "Server" => p.server = text,
                        "Port" => p.port = text,
                        "SSL" => p.ssl = text,
                        "Encryption" => p.encryption = text,
                        _ => {}
                    }
                } else if matches!(leaf, "RedirectAddr" | "RedirectUrl") {
                    redirect = Some(text);
                } else if leaf == "ErrorCode" || leaf == "Message" {
                    error.get_or_insert(text);
                }
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => return Err(format!("not valid XML: {e}")),
        }
    }
    if set.is_usable() {
        return Ok(set);
    }
    if let Some(to) = redirect {
        return Err(format!("redirects to {to} (not followed)"));
    }
    if let Some(e) = error {
        return Err(format!("error response: {e}"));
    }
    Err("no usable IMAP/POP3 and SMTP server in the response".into())
}

fn add(set: &mut ServerSet, p: &Proto) {
    let Ok(port) = p.port.parse::<u16>() else {
        return;
    };
    let host = p.server.to_ascii_lowercase();
    if port == 0 || !crate::core::net::dns::is_host_name(&host) {
        return;
    }
    let endpoint = Endpoint {
        security: security(p, port),
        host,
        port,
    };
    match p.kind.to_ascii_uppercase().as_str() {
        "IMAP" => set.imap.push(endpoint),
        "POP3" => set.pop3.push(endpoint),
        "SMTP" => set.smtp.push(endpoint),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::settings::{Incoming, ServerChoice, resolve};

    #[test]
    fn reads_what_the_writer_writes() {
        let s = resolve("someone@qq.com", Incoming::Imap, ServerChoice::Detected).unwrap();
        let xml = crate::core::export::autodiscover_xml(&s).unwrap();
        let set = parse_autodiscover(&xml).unwrap();
        assert_eq!(set.imap, vec![s.incoming.clone()]);
        assert_eq!(set.smtp, vec![s.outgoing.clone()]);
    }

    #[test]
    fn redirects_errors_and_garbage_are_reasons() {
        let redirect = "<Autodiscover><Response><Account><Action>redirectAddr</Action>\
                        <RedirectAddr>a@b.example</RedirectAddr></Account></Response></Autodiscover>";
        assert!(
            parse_autodiscover(redirect)
                .unwrap_err()
                .contains("a@b.example")
        );
        let error = "<Autodiscover><Response><Error><ErrorCode>600</ErrorCode></Error></Response></Autodiscover>";
        assert!(parse_autodiscover(error).unwrap_err().contains("600"));
        assert!(parse_autodiscover("<a><b></a>").is_err());
        let bad_host = "<Autodiscover><Response><Account><Protocol><Type>IMAP</Type>\
                        <Server>evil host</Server><Port>993</Port></Protocol></Account></Response></Autodiscover>";
        assert!(parse_autodiscover(bad_host).is_err());
        let nested = "<a>".repeat(40);
        assert!(parse_autodiscover(&nested).is_err());
    }

    #[test]
    fn security_without_encryption_follows_ssl_and_port() {
        let xml = "<Autodiscover><Response><Account>\
            <Protocol><Type>IMAP</Type><Server>Mail.Example.test</Server><Port>993</Port></Protocol>\
            <Protocol><Type>SMTP</Type><Server>mail.example.test</Server><Port>587</Port><SSL>on</SSL></Protocol>\
            <Protocol><Type>POP3</Type><Server>mail.example.test</Server><Port>110</Port><SSL>off</SSL></Protocol>\
            </Account></Response></Autodiscover>";
        let set = parse_autodiscover(xml).unwrap();
        assert_eq!(set.imap[0].security, Security::Tls);
        assert_eq!(set.imap[0].host, "mail.example.test");
        assert_eq!(set.smtp[0].security, Security::Starttls);
        assert_eq!(set.pop3[0].security, Security::None);
    }
}
