//! E-mail address parsing as a person types it.
//!
//! Input is trimmed, full-width characters that Chinese input methods produce (＠, 。, ．) are
//! mapped to their ASCII forms, the domain is lowercased and converted to ASCII (punycode) for
//! IDN domains such as 例子.中国, and every malformed case gets its own error code so the UI can
//! say exactly what is wrong.

use serde::Serialize;

/// A parsed address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Address {
    /// The part before the @, as typed (trimmed).
    pub local: String,
    /// The domain as the person wrote it, lowercased (may contain Unicode).
    pub domain_unicode: String,
    /// The domain in ASCII (punycode for IDN), lowercased: the lookup key.
    pub domain_ascii: String,
}

impl Address {
    /// The address for display and as login name: local part @ Unicode domain.
    pub fn display(&self) -> String {
        format!("{}@{}", self.local, self.domain_unicode)
    }

    /// The address in ASCII form (punycode domain), what a server expects as a login name.
    pub fn ascii(&self) -> String {
        format!("{}@{}", self.local, self.domain_ascii)
    }
}

/// Why an address could not be understood. Each has a message ([`message_id`](Self::message_id)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AddressError {
    /// Nothing typed.
    #[error("empty")]
    Empty,
    /// No @ sign.
    #[error("missing-at")]
    MissingAt,
    /// More than one @ sign.
    #[error("several-at")]
    SeveralAt,
    /// Nothing before the @.
    #[error("missing-local")]
    MissingLocal,
    /// Nothing after the @.
    #[error("missing-domain")]
    MissingDomain,
    /// Spaces or other characters that cannot be in an address.
    #[error("bad-character")]
    BadCharacter,
    /// The domain is not a valid domain name (e.g. no dot, or invalid IDN).
    #[error("bad-domain")]
    BadDomain,
    /// Longer than 254 characters.
    #[error("too-long")]
    TooLong,
}

impl AddressError {
    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            AddressError::Empty => "empty",
            AddressError::MissingAt => "missing-at",
            AddressError::SeveralAt => "several-at",
            AddressError::MissingLocal => "missing-local",
            AddressError::MissingDomain => "missing-domain",
            AddressError::BadCharacter => "bad-character",
            AddressError::BadDomain => "bad-domain",
            AddressError::TooLong => "too-long",
        }
    }

    /// Every error.
    pub const ALL: [AddressError; 8] = [
        AddressError::Empty,
        AddressError::MissingAt,
        AddressError::SeveralAt,
        AddressError::MissingLocal,
        AddressError::MissingDomain,
        AddressError::BadCharacter,
        AddressError::BadDomain,
        AddressError::TooLong,
    ];

    /// Message id of the error's explanation (`address-error-<code>`).
    pub fn message_id(self) -> &'static str {
        match self {
            AddressError::Empty => "address-error-empty",
            AddressError::MissingAt => "address-error-missing-at",
            AddressError::SeveralAt => "address-error-several-at",
            AddressError::MissingLocal => "address-error-missing-local",
            AddressError::MissingDomain => "address-error-missing-domain",
            AddressError::BadCharacter => "address-error-bad-character",
            AddressError::BadDomain => "address-error-bad-domain",
            AddressError::TooLong => "address-error-too-long",
        }
    }
}

/// Parses an address as typed or pasted.
pub fn parse(input: &str) -> Result<Address, AddressError> {
    let normalized: String = input
        .trim()
        .chars()
        .map(|c| match c {
            '＠' | '﹫' => '@',
            '。' | '．' | '｡' => '.',
            other => other,
        })
        .collect();
    if normalized.is_empty() {
        return Err(AddressError::Empty);
    }
    if normalized.chars().count() > 254 {
        return Err(AddressError::TooLong);
    }
    let mut parts = normalized.split('@');
    let (Some(local), Some(domain)) = (parts.next(), parts.next()) else {
        return Err(AddressError::MissingAt);
    };
    if parts.next().is_some() {
        return Err(AddressError::SeveralAt);
    }
    if local.is_empty() {
        return Err(AddressError::MissingLocal);
    }
    if domain.is_empty() {
        return Err(AddressError::MissingDomain);
    }
    // Invisible and direction-changing characters too: an address shown to a person must read
    // as what it is.
    let bad = |c: char| {
        c.is_whitespace() || crate::core::shown::is_hidden(c) || "<>()[]\\,;:\"".contains(c)
    };
    if local.chars().any(bad) || domain.chars().any(bad) {
        return Err(AddressError::BadCharacter);
    }
    let domain_unicode = domain.trim_end_matches('.').to_lowercase();
    let domain_ascii =
        idna::domain_to_ascii(&domain_unicode).map_err(|_| AddressError::BadDomain)?;
    let labels: Vec<&str> = domain_ascii.split('.').collect();
    if labels.len() < 2
        || labels.iter().any(|l| {
            l.is_empty()
                || l.len() > 63
                || l.starts_with('-')
                || l.ends_with('-')
                || !l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
    {
        return Err(AddressError::BadDomain);
    }
    // An IP address is not a mail domain (that would be written `[127.0.0.1]`): no top-level
    // domain is all digits.
    if labels
        .last()
        .is_some_and(|tld| tld.chars().all(|c| c.is_ascii_digit()))
    {
        return Err(AddressError::BadDomain);
    }
    Ok(Address {
        local: local.to_owned(),
        domain_unicode,
        domain_ascii,
    })
}

/// A server name as a person types it: trimmed, lowercased, an internationalized name turned
/// into ASCII; `None` unless it is a host name (letters, digits, hyphens and dots, at most 253
/// bytes, no empty label) — no port, no spaces, no hidden characters. The wizard's manual form
/// and `mailwiz test --host` both ask this.
pub fn server_host(text: &str) -> Option<String> {
    let host = text.trim().trim_end_matches('.').to_lowercase();
    let plain = !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_alphanumeric() || c == '.' || c == '-')
        && !host.chars().any(crate::core::shown::is_hidden);
    if !plain {
        return None;
    }
    let ascii = idna::domain_to_ascii(&host).ok()?;
    let labels_ok = ascii
        .split('.')
        .all(|label| !label.is_empty() && label.len() <= 63);
    (labels_ok && ascii.len() <= 253).then_some(ascii)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_and_lowercases_domain() {
        let a = parse("  Zhang.San@QQ.COM \n").unwrap();
        assert_eq!(a.local, "Zhang.San");
        assert_eq!(a.domain_ascii, "qq.com");
    }

    #[test]
    fn full_width_input_method_characters() {
        let a = parse("user＠163。com").unwrap();
        assert_eq!(a.ascii(), "user@163.com");
    }

    #[test]
    fn idn_domain_becomes_punycode() {
        let a = parse("用户@例子.中国").unwrap();
        assert_eq!(a.domain_ascii, "xn--fsqu00a.xn--fiqs8s");
        assert_eq!(a.display(), "用户@例子.中国");
    }

    #[test]
    fn server_hosts() {
        assert_eq!(
            server_host(" IMAP.QQ.com. ").as_deref(),
            Some("imap.qq.com")
        );
        assert_eq!(server_host("127.0.0.1").as_deref(), Some("127.0.0.1"));
        assert_eq!(
            server_host("邮件.例子.中国").as_deref(),
            Some("xn--5nq051n.xn--fsqu00a.xn--fiqs8s")
        );
        for bad in [
            "",
            "imap.x.com:993",
            "a..b",
            "a b",
            "imap\u{1b}[8m.x",
            "x\u{202e}y",
        ] {
            assert_eq!(server_host(bad), None, "{bad:?}");
        }
        assert_eq!(server_host(&format!("{}.com", "a".repeat(300))), None);
    }

    #[test]
    fn each_malformed_case_has_its_code() {
        assert_eq!(parse(""), Err(AddressError::Empty));
        assert_eq!(parse("   "), Err(AddressError::Empty));
        assert_eq!(parse("qq.com"), Err(AddressError::MissingAt));
        assert_eq!(parse("a@b@qq.com"), Err(AddressError::SeveralAt));
        assert_eq!(parse("@qq.com"), Err(AddressError::MissingLocal));
        assert_eq!(parse("a@"), Err(AddressError::MissingDomain));
        assert_eq!(parse("a b@qq.com"), Err(AddressError::BadCharacter));
        assert_eq!(parse("a@localhost"), Err(AddressError::BadDomain));
        assert_eq!(parse("a@qq..com"), Err(AddressError::BadDomain));
        // Issue 11: an IP address ran discovery against it.
        assert_eq!(parse("a@127.0.0.1"), Err(AddressError::BadDomain));
        assert_eq!(parse("a@10.0.0.1."), Err(AddressError::BadDomain));
        // Issue 11: invisible and direction-changing characters in the local part.
        assert_eq!(
            parse("evil\u{202e}@qq.com"),
            Err(AddressError::BadCharacter)
        );
        assert_eq!(parse("a\u{200b}b@qq.com"), Err(AddressError::BadCharacter));
        assert_eq!(parse("a\u{1b}[8m@qq.com"), Err(AddressError::BadCharacter));
        assert_eq!(
            parse(&format!("{}@qq.com", "a".repeat(260))),
            Err(AddressError::TooLong)
        );
    }
}
