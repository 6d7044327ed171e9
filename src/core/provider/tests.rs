//! Tests of the provider data files and of lookup. What the how-to articles this project started
//! from got wrong (wrong hosts, ports, security, password kinds) is pinned here, one test each.

use std::collections::HashSet;

use super::model::*;
use super::*;
use crate::core::i18n::{self, Lang};

fn db() -> &'static Database {
    database()
}

fn provider(id: &str) -> &'static Provider {
    db().get(id)
        .unwrap_or_else(|| panic!("provider {id} missing"))
}

fn ep(host: &str, port: u16, security: Security) -> Endpoint {
    Endpoint {
        host: host.into(),
        port,
        security,
    }
}

fn all_endpoints(p: &Provider) -> impl Iterator<Item = (&'static str, &Endpoint)> {
    p.imap
        .iter()
        .map(|e| ("imap", e))
        .chain(p.pop3.iter().map(|e| ("pop3", e)))
        .chain(p.smtp.iter().map(|e| ("smtp", e)))
}

#[test]
fn every_provider_file_parses() {
    let (db, errors) = Database::parse(crate::assets::PROVIDER_FILES);
    assert!(errors.is_empty(), "{errors:#?}");
    assert!(db.all().len() >= 30, "only {} providers", db.all().len());
}

#[test]
fn ids_match_file_names_and_are_unique() {
    let mut seen = HashSet::new();
    for (path, text) in crate::assets::PROVIDER_FILES {
        let p: Provider = toml::from_str(text).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert_eq!(
            format!("{}.toml", p.id),
            *path,
            "id must equal the file name"
        );
        assert!(
            p.id.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "{}: id must be [a-z0-9-]",
            p.id
        );
        assert!(seen.insert(p.id.clone()), "duplicate id {}", p.id);
    }
}

#[test]
fn domains_are_lowercase_ascii_and_served_once() {
    let mut owner: HashMap<&str, &str> = HashMap::new();
    for p in db().all() {
        for d in &p.domains {
            assert_eq!(d, &d.to_lowercase(), "{}: domain {d} not lowercase", p.id);
            assert!(d.is_ascii(), "{}: domain {d} must be punycode", p.id);
            assert!(
                d.contains('.') && !d.starts_with('.'),
                "{}: bad domain {d}",
                p.id
            );
            if let Some(other) = owner.insert(d, &p.id) {
                panic!("{d} is listed by both {other} and {}", p.id);
            }
        }
    }
}

#[test]
fn ports_and_security_are_consistent() {
    for p in db().all() {
        for (proto, e) in all_endpoints(p) {
            assert_eq!(e.host, e.host.to_lowercase(), "{}: host case", p.id);
            assert!(!e.host.is_empty() && e.port > 0, "{}: empty endpoint", p.id);
            let expected = match (proto, e.port) {
                ("imap", 993) | ("pop3", 995) | ("smtp", 465) => Some(Security::Tls),
                ("imap", 143) | ("pop3", 110) | ("smtp", 587) => Some(Security::Starttls),
                _ => None,
            };
            match expected {
                Some(sec) => assert_eq!(
                    e.security, sec,
                    "{}: {proto} port {} must be {sec:?}",
                    p.id, e.port
                ),
                None => assert!(
                    p.decisions.iter().any(|d| d.contains(&e.port.to_string())),
                    "{}: {proto} port {} is not standard; a `decisions` entry must explain it",
                    p.id,
                    e.port
                ),
            }
            assert_ne!(
                e.security,
                Security::None,
                "{}: no unencrypted endpoints",
                p.id
            );
        }
    }
}

#[test]
fn every_entry_is_complete_in_three_languages_and_sourced() {
    for p in db().all() {
        for lang in Lang::ALL {
            assert!(
                !p.display_name.get(lang).trim().is_empty(),
                "{}: name {lang:?}",
                p.id
            );
            assert!(
                !p.setup_steps.get(lang).is_empty(),
                "{}: steps {lang:?}",
                p.id
            );
        }
        let n = p.setup_steps.en.len();
        assert_eq!(p.setup_steps.zh_cn.len(), n, "{}: zh-CN step count", p.id);
        assert_eq!(p.setup_steps.zh_tw.len(), n, "{}: zh-TW step count", p.id);
        assert!(
            p.help_url.starts_with("https://"),
            "{}: help_url must be https",
            p.id
        );
        assert!(!p.sources.is_empty(), "{}: no sources", p.id);
        for s in &p.sources {
            assert!(
                s.url.starts_with("https://"),
                "{}: source {} not https",
                p.id,
                s.url
            );
            assert!(
                !s.covers.trim().is_empty(),
                "{}: source without `covers`",
                p.id
            );
        }
        let date = p.last_checked.as_bytes();
        assert!(
            date.len() == 10 && date[4] == b'-' && date[7] == b'-',
            "{}: last_checked must be YYYY-MM-DD",
            p.id
        );
        match p.kind {
            ProviderKind::Personal if p.quirks.contains(&Quirk::ServersUnverified) => {
                // Known mailbox, but no authoritative source for its servers yet: no endpoints at
                // all (never a guess), and a `decisions` entry saying what was searched.
                assert!(
                    p.imap.is_empty() && p.pop3.is_empty() && p.smtp.is_empty(),
                    "{}",
                    p.id
                );
                assert!(!p.decisions.is_empty(), "{}: say what was searched", p.id);
            }
            ProviderKind::Personal => {
                assert!(!p.domains.is_empty(), "{}: personal without domains", p.id);
                assert!(
                    !(p.imap.is_empty() && p.pop3.is_empty()),
                    "{}: no incoming",
                    p.id
                );
                assert!(!p.smtp.is_empty(), "{}: no smtp", p.id);
            }
            ProviderKind::Business => {
                assert!(
                    !p.imap.is_empty() && !p.smtp.is_empty(),
                    "{}: endpoints",
                    p.id
                )
            }
            ProviderKind::Company => {}
        }
        for m in &p.mx_patterns {
            assert_eq!(m, &m.to_lowercase(), "{}: MX pattern case", p.id);
            assert!(
                !m.trim_start_matches("*.").contains('*'),
                "{}: only a leading *.",
                p.id
            );
        }
    }
}

#[test]
fn every_quirk_has_words_in_every_language() {
    for p in db().all() {
        for q in &p.quirks {
            let id = q.message_id();
            for lang in Lang::ALL {
                assert!(
                    i18n::has(lang, id),
                    "{}: {id} missing in {}",
                    p.id,
                    lang.code()
                );
            }
        }
    }
}

/// The code a provider file writes for a quirk is its message id's suffix in snake_case
/// (`qq_code_only` ↔ `quirk-qq-code-only`), and a code that names no quirk stops the file from
/// loading, so a typo in a provider file cannot reach the screen as a raw id.
#[test]
fn quirk_codes_match_their_message_ids_and_unknown_ones_do_not_load() {
    for q in Quirk::ALL {
        let code = serde_json::to_value(q).unwrap();
        let suffix = q.message_id().strip_prefix("quirk-").unwrap();
        assert_eq!(code, suffix.replace('-', "_"), "{q:?}");
        let back: Quirk = serde_json::from_value(code).unwrap();
        assert_eq!(back, q);
    }
    let text = PROVIDER_FILES_QQ_WITH_QUIRK.replace("QUIRK", "qq_code_only");
    let (db, errors) = Database::parse(&[("qq.toml", &text)]);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(db.all()[0].quirks, [Quirk::QqCodeOnly]);
    let text = PROVIDER_FILES_QQ_WITH_QUIRK.replace("QUIRK", "qq_code_onyl");
    let (db, errors) = Database::parse(&[("qq.toml", &text)]);
    assert!(db.all().is_empty());
    assert_eq!(errors.len(), 1);
    assert!(errors[0].message.contains("qq_code_onyl"), "{errors:?}");
}

/// A minimal provider file with one quirk (`QUIRK` is replaced by its code).
const PROVIDER_FILES_QQ_WITH_QUIRK: &str = r#"
id = "qq"
kind = "personal"
display_name = { en = "QQ Mail", "zh-CN" = "QQ邮箱", "zh-TW" = "QQ郵箱" }
domains = ["qq.com"]
username = "full_address"
password_kind = "authorization_code"
help_url = "https://service.mail.qq.com/"
quirks = ["QUIRK"]
sources = []
last_checked = "2026-11-22"
setup_steps = { en = [], "zh-CN" = [], "zh-TW" = [] }
"#;

#[test]
fn lookup_ignores_case_and_spaces() {
    for input in ["someone@qq.com", "  SomeOne@QQ.Com  ", "someone＠qq。com"] {
        match db().lookup(input) {
            Lookup::Found { provider, .. } => assert_eq!(provider.id, "qq", "{input}"),
            other => panic!("{input}: {other:?}"),
        }
    }
}

#[test]
fn lookup_finds_aliases() {
    for (addr, id) in [
        ("a@foxmail.com", "qq"),
        ("a@vip.qq.com", "qq"),
        ("a@163.com", "netease-163"),
        ("a@126.com", "netease-126"),
        ("a@yeah.net", "netease-yeah"),
        ("a@hotmail.com", "outlook-com"),
        ("a@live.com", "outlook-com"),
        ("a@msn.com", "outlook-com"),
        ("a@googlemail.com", "gmail"),
        ("a@me.com", "icloud"),
    ] {
        match db().lookup(addr) {
            Lookup::Found { provider, .. } => assert_eq!(provider.id, id, "{addr}"),
            other => panic!("{addr}: {other:?}"),
        }
    }
}

#[test]
fn subdomains_are_not_their_parent() {
    for addr in ["a@mail.qq.com", "a@x.163.com", "a@evilqq.com"] {
        assert!(
            matches!(db().lookup(addr), Lookup::NotInList { .. }),
            "{addr} must not match a parent domain"
        );
    }
}

#[test]
fn unknown_and_idn_domains_are_not_in_list() {
    match db().lookup("用户@例子.中国") {
        Lookup::NotInList { address } => assert_eq!(address.domain_ascii, "xn--fsqu00a.xn--fiqs8s"),
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        db().lookup("a@example.org"),
        Lookup::NotInList { .. }
    ));
    assert!(matches!(
        db().lookup("not an address"),
        Lookup::Malformed(_)
    ));
}

#[test]
fn search_finds_by_chinese_name_and_domain() {
    assert!(db().search("QQ").iter().any(|p| p.id == "qq"));
    assert!(
        db().search("网易")
            .iter()
            .any(|p| p.id.starts_with("netease"))
    );
    assert!(db().search("126.com").iter().any(|p| p.id == "netease-126"));
    let all = db().search("");
    assert_eq!(all.len(), db().all().len());
    assert_eq!(all.last().map(|p| p.kind), Some(ProviderKind::Company));
}

// ---- Corrections of the how-to articles this project started from, one test each ----

/// #1: IMAP over implicit TLS is 993; 995 is POP3.
#[test]
fn seed_1_imap_is_never_995() {
    for p in db().all() {
        for e in &p.imap {
            assert_ne!(e.port, 995, "{}: IMAP on 995", p.id);
        }
    }
    assert_eq!(
        provider("qq").imap[0],
        ep("imap.qq.com", 993, Security::Tls)
    );
}

/// #2: QQ's POP3 server is pop.qq.com, not pop3.qq.com.
#[test]
fn seed_2_qq_pop_host() {
    assert_eq!(provider("qq").pop3[0], ep("pop.qq.com", 995, Security::Tls));
    assert!(
        db().all()
            .iter()
            .all(|p| p.pop3.iter().all(|e| e.host != "pop3.qq.com"))
    );
}

/// #3: QQ SMTP 465 is implicit TLS; 587 is STARTTLS (never "SSL" on 587).
#[test]
fn seed_3_qq_smtp_pairs() {
    let qq = provider("qq");
    assert_eq!(qq.smtp[0], ep("smtp.qq.com", 465, Security::Tls));
    assert!(
        qq.smtp
            .contains(&ep("smtp.qq.com", 587, Security::Starttls))
    );
    for p in db().all() {
        for e in &p.smtp {
            assert!(
                !(e.port == 587 && e.security == Security::Tls),
                "{}: 587+TLS",
                p.id
            );
        }
    }
}

/// #4: iPhone "IMAP with pop.qq.com:995" mixes protocols: IMAP is imap.qq.com:993.
#[test]
fn seed_4_qq_imap_is_not_the_pop_server() {
    let qq = provider("qq");
    assert_eq!(
        qq.preferred_imap().map(|e| e.host.as_str()),
        Some("imap.qq.com")
    );
    assert_ne!(qq.imap[0], qq.pop3[0]);
}

/// #5: Outlook.com: the *.live.com hosts are outdated and password logins end 2024-09-16.
#[test]
fn seed_5_outlook_com() {
    let o = provider("outlook-com");
    assert_eq!(o.imap[0], ep("outlook.office365.com", 993, Security::Tls));
    assert_eq!(o.pop3[0], ep("outlook.office365.com", 995, Security::Tls));
    assert!(
        o.smtp
            .iter()
            .all(|e| e.port == 587 && e.security == Security::Starttls)
    );
    assert_eq!(o.password_kind, PasswordKind::Oauth2Only);
    assert!(o.quirks.contains(&Quirk::OutlookBasicAuthDisabled));
    for p in db().all() {
        for (_, e) in all_endpoints(p) {
            assert!(
                !e.host.ends_with("live.com"),
                "{}: outdated host {}",
                p.id,
                e.host
            );
        }
    }
}

/// #6: a QQ authorization code has no fixed "30 days" lifetime; only the code works.
#[test]
fn seed_6_qq_code_lifetime() {
    let qq = provider("qq");
    assert_eq!(qq.password_kind, PasswordKind::AuthorizationCode);
    assert_eq!(qq.code_shape.as_ref().map(|s| s.length), Some(16));
    for q in [
        Quirk::QqNoFixedLifetime,
        Quirk::QqCodeRevokedOnPasswordChange,
        Quirk::QqCodeOnly,
        Quirk::QqLoginProtection,
    ] {
        assert!(qq.quirks.contains(&q), "qq lacks {q:?}");
    }
    for lang in Lang::ALL {
        let text = i18n::tr(lang, "quirk-qq-no-fixed-lifetime");
        assert!(!text.contains("30"), "{}: {text}", lang.code());
    }
}

/// #7: 143/110 are STARTTLS ports, never "SSL".
#[test]
fn seed_7_143_and_110_are_starttls() {
    for p in db().all() {
        for (_, e) in all_endpoints(p) {
            if e.port == 143 || e.port == 110 {
                assert_eq!(e.security, Security::Starttls, "{}: {}", p.id, e.port);
            }
        }
    }
}

/// #8: Gmail needs an app password (after 2-Step Verification); POP must be switched on.
#[test]
fn seed_8_gmail() {
    let g = provider("gmail");
    assert_eq!(g.password_kind, PasswordKind::AppPassword);
    assert_eq!(g.imap[0], ep("imap.gmail.com", 993, Security::Tls));
    for q in [
        Quirk::GmailAppPasswordNeeds2sv,
        Quirk::GmailPopMustBeEnabled,
    ] {
        assert!(g.quirks.contains(&q), "gmail lacks {q:?}");
    }
}

/// #9: no invented advice (firewall "403", "SSL certificate management", "30% compression").
#[test]
fn seed_9_no_invented_advice() {
    for p in db().all() {
        for lang in Lang::ALL {
            for step in p.setup_steps.get(lang) {
                for bad in [
                    "403",
                    "30%",
                    "SSL证书",
                    "SSL憑證管理",
                    "whitelist",
                    "白名单",
                ] {
                    assert!(!step.contains(bad), "{}: {step}", p.id);
                }
            }
        }
    }
}

/// NetEase personal mail refuses the inbox unless the client sends IMAP ID.
#[test]
fn netease_needs_imap_id() {
    for id in ["netease-163", "netease-126", "netease-yeah"] {
        let p = provider(id);
        assert!(p.quirks.contains(&Quirk::NeteaseNeedsImapId), "{id}");
        assert_eq!(p.password_kind, PasswordKind::AuthorizationCode, "{id}");
    }
    assert_eq!(
        provider("netease-163").smtp[0],
        ep("smtp.163.com", 465, Security::Tls)
    );
}

/// Tencent Exmail is not personal QQ Mail.
#[test]
fn exmail_uses_exmail_hosts() {
    let p = provider("tencent-exmail");
    assert_eq!(p.kind, ProviderKind::Business);
    assert_eq!(p.imap[0].host, "imap.exmail.qq.com");
    assert_eq!(p.smtp[0].host, "smtp.exmail.qq.com");
    assert!(p.mx_patterns.iter().any(|m| m == "mxbiz1.qq.com"));
    assert!(db().by_domain("qq.com").is_some_and(|q| q.id == "qq"));
}

// ---- Sources: every citation is a well-formed address, and cited ISPDB / provider-db files exist ----

/// The 163 files of Thunderbird's ISPDB (`ispdb/` in thunderbird/autoconfig) at master
/// c6ad79659b5f (2026-03-12), listed from the snapshot the project keeps of that commit. A source
/// that cites `.../thunderbird/autoconfig/blob/<ref>/ispdb/<name>` must name one of these (a name
/// missing here is a dead link: `ispdb/mail.ru` instead of `ispdb/mail.ru.xml`). Kept in the
/// test itself so it runs on a clean checkout; update it together with the ISPDB snapshot.
const ISPDB_FILES: [&str; 163] = [
    "126.com.xml",
    "163.com.xml",
    "1und1.de.xml",
    "a1.net.xml",
    "active24.com.xml",
    "alice.it.xml",
    "aol.com.xml",
    "arubapec.it.xml",
    "att.net.xml",
    "bay.wind.ne.jp.xml",
    "bb-niigata.jp.xml",
    "bell.net.xml",
    "biglobe.ne.jp.xml",
    "bigpond.com.xml",
    "bluewin.ch.xml",
    "blueyonder.co.uk.xml",
    "bol.com.br.xml",
    "broba.cc.xml",
    "btinternet.com.xml",
    "cc9.ne.jp.xml",
    "cek.ne.jp.xml",
    "centurylink.net.xml",
    "centurytel.net.xml",
    "cgl.ucsf.edu.xml",
    "charter.net.xml",
    "clio.ne.jp.xml",
    "clustermail.de.xml",
    "co1.wind.ne.jp.xml",
    "co2.wind.ne.jp.xml",
    "co3.wind.ne.jp.xml",
    "comcast.net.xml",
    "cty-net.ne.jp.xml",
    "dan.wind.ne.jp.xml",
    "daum.net.xml",
    "dd.iij4u.or.jp.xml",
    "df.eu.xml",
    "dondominio.com.xml",
    "earthlink.net.xml",
    "educa.madrid.org.xml",
    "elpasotel.net.xml",
    "email.it.xml",
    "emailsrvr.com.xml",
    "fastwebnet.it.xml",
    "free.fr.xml",
    "gandi.net.xml",
    "gigahost.dk.xml",
    "gmx.com.xml",
    "gmx.net.xml",
    "go.tvm.ne.jp.xml",
    "goo.jp.xml",
    "googlemail.com.xml",
    "gransy.com.xml",
    "hal.ne.jp.xml",
    "hana.or.jp.xml",
    "hetzner.de.xml",
    "hotmail.com.xml",
    "i.softbank.jp.xml",
    "ic-net.or.jp.xml",
    "iijmio-mail.jp.xml",
    "iiyama-catv.ne.jp.xml",
    "inbox.lv.xml",
    "inet-shibata.or.jp.xml",
    "ipax.at.xml",
    "iwafune.ne.jp.xml",
    "janis.or.jp.xml",
    "jet.ne.jp.xml",
    "ji.jet.ne.jp.xml",
    "kelcom.net.xml",
    "kl.wind.ne.jp.xml",
    "kokuyou.ne.jp.xml",
    "kpnmail.nl.xml",
    "laposte.net.xml",
    "libero.it.xml",
    "mahoroba.ne.jp.xml",
    "mail.com.xml",
    "mail.dk.xml",
    "mail.ee.xml",
    "mail.iwafune.ne.jp.xml",
    "mail.jubii.dk.xml",
    "mail.ru.xml",
    "mail.wind.ne.jp.xml",
    "me.com.xml",
    "messagingengine.com.xml",
    "mit.edu.xml",
    "ml.murakami.ne.jp.xml",
    "mnet.ne.jp.xml",
    "mopera.net.xml",
    "mx1.tiki.ne.jp.xml",
    "naver.com.xml",
    "nifty.com.xml",
    "nili.ca.xml",
    "nsat.jp.xml",
    "ntlworld.com.xml",
    "o2.pl.xml",
    "ocn.ne.jp.xml",
    "office365.com.xml",
    "one.com.xml",
    "one.cz.xml",
    "onet.pl.xml",
    "orange.fr.xml",
    "ovh.net.xml",
    "oxcloud-eu.xml",
    "oxcloud-us.xml",
    "parabox.or.jp.xml",
    "pdx.edu.xml",
    "peoplepc.com.xml",
    "po.wind.ne.jp.xml",
    "pobox.com.xml",
    "pop.shibata.ne.jp.xml",
    "postecert.it.xml",
    "posteo.de.xml",
    "ptd.net.xml",
    "q.com.xml",
    "qq.com.xml",
    "rambler.ru.xml",
    "rediffmail.com.xml",
    "rr.com.xml",
    "runestone.net.xml",
    "sapo.pt.xml",
    "schwaz.net.xml",
    "seznam.cz.xml",
    "sfr.fr.xml",
    "sky.com.xml",
    "skynet.be.xml",
    "so.wind.ne.jp.xml",
    "strato.de.xml",
    "studenti.univr.it.xml",
    "t-online.de.xml",
    "teol.net.xml",
    "thinline.cz.xml",
    "tiki.ne.jp.xml",
    "tim.it.xml",
    "tiscali.cz.xml",
    "tiscali.it.xml",
    "umich.edu.xml",
    "uol.com.br.xml",
    "verizon.net.xml",
    "virgilio.it.xml",
    "virgin.net.xml",
    "virginmedia.com.xml",
    "vm.aikis.or.jp.xml",
    "vodafonemail.de.xml",
    "vp.tiki.ne.jp.xml",
    "web.de.xml",
    "webhuset.no.xml",
    "websupport.sk.xml",
    "wildwestdomains.com.xml",
    "wp.pl.xml",
    "xp.wind.jp.xml",
    "xtra.co.nz.xml",
    "yahoo.co.jp.xml",
    "yahoo.com.xml",
    "yandex.ru.xml",
    "ybb.ne.jp.xml",
    "yeah.net.xml",
    "zeelandnet.nl.xml",
    "ziggo.nl.xml",
    "zoho.com.au.xml",
    "zoho.com.xml",
    "zoho.eu.xml",
    "zoho.in.xml",
    "zoho.jp.xml",
    "zohocloud.ca.xml",
];

/// The files of Delta Chat's provider-db `_providers/` folder (deltachat/provider-db, also
/// published as chatmail/provider-db) at 5c14381dcfd9 (2024-11-22). `hotmail.md` is not here: it
/// was renamed to `outlook.com.md` on 2020-01-29.
const PROVIDER_DB_FILES: [&str; 74] = [
    "163.md",
    "aktivix.org.md",
    "aliyun.md",
    "aol.md",
    "arcor.de.md",
    "autistici.org.md",
    "blindzeln.org.md",
    "bluewin.ch.md",
    "buzon.uy.md",
    "chello.at.md",
    "comcast.md",
    "daleth.cafe.md",
    "dismail.de.md",
    "disroot.md",
    "e.email.md",
    "espiv.net.md",
    "example.com.md",
    "fastmail.md",
    "firemail.de.md",
    "five.chat.md",
    "freenet.de.md",
    "gmail.md",
    "gmx.net.md",
    "hermes.radio.md",
    "hey.com.md",
    "i.ua.md",
    "i3.net.md",
    "icloud.md",
    "infomaniak.com.md",
    "kolst.com.md",
    "kontent.com.md",
    "mail.com.md",
    "mail.de.md",
    "mail.ru.md",
    "mail2tor.md",
    "mailbox.org.md",
    "mailo.com.md",
    "mehl.cloud.md",
    "mehl.store.md",
    "migadu.md",
    "nauta.cu.md",
    "naver.md",
    "nine.testrun.org.md",
    "nubo.coop.md",
    "outlook.com.md",
    "ouvaton.coop.md",
    "posteo.md",
    "protonmail.md",
    "purelymail.com.md",
    "qq.md",
    "rambler.ru.md",
    "riseup.net.md",
    "rogers.com.md",
    "sonic.md",
    "stinpriza.net.md",
    "systemausfall.org.md",
    "systemli.org.md",
    "t-online.md",
    "testrun.md",
    "tiscali.it.md",
    "tutanota.md",
    "ukr.net.md",
    "undernet.uy.md",
    "vfemail.md",
    "vivaldi.md",
    "vk.com.md",
    "vodafone.de.md",
    "web.de.md",
    "wkpb.de.md",
    "yahoo.md",
    "yandex.ru.md",
    "yggmail.md",
    "ziggo.nl.md",
    "zoho.md",
];

/// Why a source address is not acceptable, or `None` when it is. A source is an `https://` URL
/// with a host name (lowercase letters, digits, dots and hyphens, at least one dot) and no
/// spaces or non-ASCII characters (non-ASCII paths are percent-encoded). GitHub addresses of the
/// two provider databases are checked further: a file in thunderbird/autoconfig's `ispdb/` must
/// be in [`ISPDB_FILES`], a folder link must be the `ispdb` folder itself, and a file in
/// provider-db's `_providers/` must be in [`PROVIDER_DB_FILES`].
fn source_url_problem(url: &str) -> Option<String> {
    let Some(rest) = url.strip_prefix("https://") else {
        return Some("not an https:// URL".into());
    };
    if !url.chars().all(|c| c.is_ascii_graphic()) {
        return Some("spaces or non-ASCII characters (percent-encode them)".into());
    }
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    if host.is_empty()
        || !host.contains('.')
        || host.starts_with('.')
        || host.ends_with('.')
        || !host
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-')
    {
        return Some(format!("bad host {host:?}"));
    }
    if host != "github.com" {
        return None;
    }
    let parts: Vec<&str> = path.split('/').collect();
    let [owner, repo, kind, git_ref, file @ ..] = parts.as_slice() else {
        return None;
    };
    if !matches!(*kind, "blob" | "tree") {
        return None;
    }
    if git_ref.is_empty() || file.is_empty() || file.iter().any(|p| p.is_empty()) {
        return Some("GitHub blob/tree link without a ref or a path".into());
    }
    let repo = format!("{owner}/{repo}").to_lowercase();
    match (repo.as_str(), *kind, file) {
        ("thunderbird/autoconfig", "blob", ["ispdb", name]) => {
            (!ISPDB_FILES.contains(name)).then(|| format!("ISPDB has no file {name:?} at c6ad7965"))
        }
        ("thunderbird/autoconfig", "tree", ["ispdb"]) => None,
        ("thunderbird/autoconfig", _, _) => {
            Some("an ISPDB citation must name ispdb/<file> or the ispdb folder".into())
        }
        ("deltachat/provider-db" | "chatmail/provider-db", "blob", ["_providers", name]) => {
            (!PROVIDER_DB_FILES.contains(name))
                .then(|| format!("provider-db has no file _providers/{name}"))
        }
        ("deltachat/provider-db" | "chatmail/provider-db", "tree", ["_providers"]) => None,
        ("deltachat/provider-db" | "chatmail/provider-db", _, _) => Some(
            "a provider-db citation must name _providers/<file> or the _providers folder".into(),
        ),
        _ => None,
    }
}

#[test]
fn every_source_url_is_well_formed_and_cited_database_files_exist() {
    let mut checked = 0;
    for p in db().all() {
        for s in &p.sources {
            if let Some(problem) = source_url_problem(&s.url) {
                panic!("{}: source {}: {problem}", p.id, s.url);
            }
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} sources");
}

/// The checker itself: each kind of broken citation is caught, and the citation forms the
/// provider files use pass.
#[test]
fn source_url_checker_catches_dead_and_malformed_citations() {
    for bad in [
        "http://help.yahoo.com/kb/SLN4075.html",
        "https://",
        "https:///ispdb/qq.com.xml",
        "https://Example.com/",
        "https://localhost/page",
        "https://help.yahoo.com/kb/SLN 4075.html",
        "https://github.com/thunderbird/autoconfig/blob/master/ispdb/mail.ru",
        "https://github.com/thunderbird/autoconfig/blob/master/ispdb/sina.com.xml",
        "https://github.com/thunderbird/autoconfig/blob/master/mail.ru.xml",
        "https://github.com/thunderbird/autoconfig/blob//ispdb/qq.com.xml",
        "https://github.com/deltachat/provider-db/blob/master/_providers/hotmail.md",
        "https://github.com/chatmail/provider-db/blob/master/_providers/sina.md",
    ] {
        assert!(source_url_problem(bad).is_some(), "{bad} passed");
    }
    for good in [
        "https://help.yahoo.com/kb/SLN4075.html",
        "https://github.com/thunderbird/autoconfig/blob/master/ispdb/mail.ru.xml",
        "https://github.com/thunderbird/autoconfig/tree/c6ad79659b5fc321d1593ec4c277815b83e5dec5/ispdb",
        "https://github.com/thunderbird/autoconfig/pull/139",
        "https://github.com/deltachat/provider-db/blob/master/_providers/outlook.com.md",
        "https://github.com/chatmail/provider-db/blob/master/_providers/163.md",
        "https://github.com/mguessan/davmail/issues/341",
    ] {
        assert_eq!(source_url_problem(good), None, "{good}");
    }
    assert_eq!(ISPDB_FILES.len(), 163);
    assert!(
        ISPDB_FILES.windows(2).all(|w| w[0] < w[1]),
        "keep ISPDB_FILES sorted"
    );
    assert!(!PROVIDER_DB_FILES.contains(&"hotmail.md"));
}

// ---- Providers added for issue 13 ----

/// Proton Mail is reached only through Proton Mail Bridge on the person's own computer: Bridge's
/// default ports (1143 IMAP, 1025 SMTP), plain listeners upgraded with STARTTLS, no POP3, and the
/// Bridge-generated password.
#[test]
fn proton_mail_goes_through_bridge_on_this_computer() {
    for domain in ["proton.me", "protonmail.com", "protonmail.ch", "pm.me"] {
        assert_eq!(
            db().by_domain(domain).map(|p| p.id.as_str()),
            Some("proton-mail"),
            "{domain}"
        );
    }
    let p = provider("proton-mail");
    assert_eq!(p.imap, [ep("127.0.0.1", 1143, Security::Starttls)]);
    assert_eq!(p.smtp, [ep("127.0.0.1", 1025, Security::Starttls)]);
    assert!(p.pop3.is_empty(), "Bridge has no POP3 server");
    assert_eq!(p.password_kind, PasswordKind::AppPassword);
}

/// Microsoft 365 operated by 21Vianet is recognised by its own MX, which the worldwide
/// Microsoft 365 pattern does not match (and the other way round).
#[test]
fn microsoft_365_21vianet_is_told_apart_by_mx() {
    use crate::core::discovery::dns::mx_matches;
    let china = provider("microsoft-365-21vianet");
    let world = provider("microsoft-365");
    let china_mx = "contoso-com.mail.protection.partner.outlook.cn";
    let world_mx = "contoso-com.mail.protection.outlook.com";
    assert!(china.mx_patterns.iter().any(|m| mx_matches(m, china_mx)));
    assert!(!china.mx_patterns.iter().any(|m| mx_matches(m, world_mx)));
    assert!(!world.mx_patterns.iter().any(|m| mx_matches(m, china_mx)));
    assert_eq!(china.kind, ProviderKind::Business);
    assert!(china.domains.is_empty());
    assert_eq!(china.imap[0], ep("partner.outlook.cn", 993, Security::Tls));
    assert_eq!(
        china.smtp[0],
        ep("smtp.partner.outlook.cn", 587, Security::Starttls)
    );
    assert!(china.quirks.contains(&Quirk::ServersFromClientLists));
    assert_eq!(world.password_kind, PasswordKind::Oauth2Only);
}

/// Mailboxes known by name but without an authoritative server source are recognised and carry
/// no servers at all (never a guess).
#[test]
fn recognised_mailboxes_without_a_source_have_no_servers() {
    for (domain, id) in [
        ("88.com", "88-com"),
        ("263.net", "263-net"),
        ("21cn.com", "21cn"),
        ("tom.com", "tom"),
        ("sina.cn", "sina-cn"),
        ("vip.188.com", "netease-vip188"),
        ("sohu.com", "sohu"),
    ] {
        let Some(p) = db().by_domain(domain) else {
            panic!("{domain} not recognised");
        };
        assert_eq!(p.id, id, "{domain}");
        assert!(p.quirks.contains(&Quirk::ServersUnverified), "{id}");
        assert!(
            p.imap.is_empty() && p.pop3.is_empty() && p.smtp.is_empty(),
            "{id}"
        );
    }
}

#[test]
fn new_aliases_of_existing_providers() {
    for (domain, id) in [("yahoo.ca", "yahoo"), ("messagingengine.com", "fastmail")] {
        assert_eq!(
            db().by_domain(domain).map(|p| p.id.as_str()),
            Some(id),
            "{domain}"
        );
    }
    // NetEase's own table lists SMTP 465 and 994, both SSL; 465 stays preferred.
    let n = provider("netease-163");
    assert_eq!(
        n.smtp,
        [
            ep("smtp.163.com", 465, Security::Tls),
            ep("smtp.163.com", 994, Security::Tls)
        ]
    );
    assert_eq!(n.pop3, [ep("pop.163.com", 995, Security::Tls)]);
    // Outlook.com: ISPDB master names smtp-mail.outlook.com only; it stays first.
    assert_eq!(
        provider("outlook-com").smtp[0],
        ep("smtp-mail.outlook.com", 587, Security::Starttls)
    );
}
