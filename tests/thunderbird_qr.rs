//! Thunderbird for Android's QR code, read back as the phone would: the PNG that
//! `mailwiz export --format thunderbird-qr -o FILE.png` writes is decoded by an independent QR
//! decoder (rqrr, from pixels the png crate reads), and the payload is checked by a reader written
//! here from the specification (thunderbird-android `feature/migration/qrcode/qr-code-format.md`,
//! version 1) rather than by mailwiz's own writer: format version 1, sequence 1 of 1, every
//! field's type and range, and no `Password` element anywhere.

use std::process::Command as Process;

use mailwiz::core::export::{Format, QrImage, export_file, thunderbird_qr_json};
use mailwiz::core::i18n::Lang;
use mailwiz::core::provider::database;
use mailwiz::core::provider::model::{PasswordKind, Security};
use mailwiz::core::settings::{AccountSettings, Incoming, ServerChoice, resolve};
use serde_json::Value;

/// The text an independent decoder reads from a PNG picture.
fn decode_png(png_bytes: &[u8]) -> String {
    let decoder = png::Decoder::new(std::io::Cursor::new(png_bytes));
    let mut reader = decoder.read_info().expect("a PNG");
    let mut pixels = vec![0; reader.output_buffer_size().expect("size")];
    let info = reader.next_frame(&mut pixels).expect("PNG pixels");
    assert_eq!(info.color_type, png::ColorType::Grayscale);
    assert_eq!(info.bit_depth, png::BitDepth::Eight);
    let (w, h) = (info.width as usize, info.height as usize);
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| pixels[y * w + x]);
    let grids = image.detect_grids();
    assert_eq!(grids.len(), 1, "one code in the picture");
    let (meta, content) = grids[0].decode().expect("decodes");
    // Error correction M or better (rqrr: 0 = M, 1 = L, 2 = H, 3 = Q, as in the format bits).
    assert_ne!(meta.ecc_level, 1, "error correction L is too weak");
    content
}

fn is_int_in(v: &Value, range: std::ops::RangeInclusive<u64>) -> bool {
    v.as_u64().is_some_and(|n| range.contains(&n))
}

fn is_single_line_string(v: &Value) -> bool {
    v.as_str().is_some_and(|s| !s.contains(['\r', '\n']))
}

fn is_ascii_host(v: &Value) -> bool {
    v.as_str().is_some_and(|s| {
        !s.is_empty()
            && s.is_ascii()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-.:".contains(&b))
    })
}

/// A server array as the specification defines it for format version 1, without the optional
/// `Password` (mailwiz never writes one): protocol, host, port, security (0, 2, 3; 1 is
/// reserved), authentication (0–6), user name; incoming servers may add `AccountName`, which
/// mailwiz leaves out too.
fn check_server(server: &Value, protocols: &[u64]) {
    let a = server.as_array().expect("server array");
    assert_eq!(a.len(), 6, "exactly six elements, no password: {server}");
    assert!(
        protocols.contains(&a[0].as_u64().expect("protocol")),
        "{server}"
    );
    assert!(is_ascii_host(&a[1]), "{server}");
    assert!(is_int_in(&a[2], 1..=65535), "{server}");
    assert!(
        [0, 2, 3].contains(&a[3].as_u64().expect("security")),
        "{server}"
    );
    assert!(is_int_in(&a[4], 0..=6), "{server}");
    assert!(is_single_line_string(&a[5]), "{server}");
}

/// The whole payload, as a reader must validate it; returns it parsed.
fn check_payload(payload: &str) -> Value {
    let v: Value = serde_json::from_str(payload).expect("JSON");
    let root = v.as_array().expect("root array");
    assert_eq!(root.len(), 4, "one account: {payload}");
    assert_eq!(root[0], 1, "format version 1");
    assert_eq!(root[1], serde_json::json!([1, 1]), "sequence 1 of 1");
    check_server(&root[2], &[0, 1]);
    let groups = root[3].as_array().expect("outgoing server groups");
    assert_eq!(groups.len(), 1);
    let group = groups[0].as_array().expect("group");
    assert_eq!(group.len(), 2, "one server, one identity");
    check_server(&group[0], &[0]);
    let identity = group[1].as_array().expect("identity");
    assert_eq!(identity.len(), 2);
    let email = identity[0].as_str().expect("address");
    assert!(email.is_ascii() && email.contains('@'), "{payload}");
    assert!(is_single_line_string(&identity[1]));
    v
}

fn security_value(s: Security) -> u64 {
    match s {
        Security::None => 0,
        Security::Starttls => 2,
        Security::Tls => 3,
    }
}

/// The payload says exactly what the settings say.
fn check_matches(v: &Value, s: &AccountSettings) {
    let auth = if s.password_kind == PasswordKind::Oauth2Only {
        6
    } else {
        1
    };
    let incoming = match s.incoming_protocol {
        Incoming::Imap => 0,
        Incoming::Pop3 => 1,
    };
    assert_eq!(
        v[2],
        serde_json::json!([
            incoming,
            s.incoming.host,
            s.incoming.port,
            security_value(s.incoming.security),
            auth,
            s.username
        ])
    );
    assert_eq!(
        v[3][0][0],
        serde_json::json!([
            0,
            s.outgoing.host,
            s.outgoing.port,
            security_value(s.outgoing.security),
            auth,
            s.username
        ])
    );
}

/// Every provider domain with servers, IMAP and POP3: the picture decodes to the payload, the
/// payload passes the reader's checks and says what the settings say.
#[test]
fn every_provider_qr_decodes_to_its_settings() {
    let mut checked = 0;
    for provider in database().all() {
        for domain in &provider.domains {
            let address = format!("someone@{domain}");
            for incoming in [Incoming::Imap, Incoming::Pop3] {
                let Ok(settings) = resolve(&address, incoming, ServerChoice::Detected) else {
                    continue;
                };
                let png = export_file(Format::ThunderbirdQr, &settings, None, Lang::En)
                    .expect("a picture");
                let payload = decode_png(&png);
                assert_eq!(payload, thunderbird_qr_json(&settings, "").unwrap());
                let v = check_payload(&payload);
                check_matches(&v, &settings);
                checked += 1;
            }
        }
    }
    assert!(checked > 60, "only {checked} cases");
}

/// The command line, as a help desk runs it: the PNG and the JSON agree, an SVG is written, a
/// picture of another kind is refused with exit 2, and no variant carries the code, even with
/// the code in the environment where `mailwiz test` would read it.
#[test]
fn the_command_line_writes_png_svg_and_json_without_the_code() {
    let dir = tempfile::tempdir().unwrap();
    let secret = "qrsecretqrsecret";
    let run = |args: &[&str]| {
        Process::new(env!("CARGO_BIN_EXE_mailwiz"))
            .args(["--lang", "en", "export", "someone@163.com"])
            .args(args)
            .env("MAILWIZ_PASSWORD", secret)
            .output()
            .expect("run mailwiz")
    };
    let png_path = dir.path().join("phone.png");
    let out = run(&[
        "--format",
        "thunderbird-qr",
        "-o",
        png_path.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let json = run(&["--format", "thunderbird-qr-json", "--protocol", "imap"]);
    assert_eq!(json.status.code(), Some(0));
    let json = String::from_utf8(json.stdout).unwrap();
    let png = std::fs::read(&png_path).unwrap();
    assert_eq!(decode_png(&png), json.trim_end());
    check_payload(json.trim_end());

    let svg_path = dir.path().join("phone.svg");
    let out = run(&[
        "--format",
        "thunderbird-qr",
        "-o",
        svg_path.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0));
    let svg = std::fs::read_to_string(&svg_path).unwrap();
    assert!(svg.starts_with("<?xml") && svg.contains("<svg"), "{svg}");
    let stdout_svg = run(&["--format", "thunderbird-qr"]);
    assert_eq!(String::from_utf8(stdout_svg.stdout).unwrap(), svg);

    let out = run(&[
        "--format",
        "thunderbird-qr",
        "-o",
        dir.path().join("phone.jpg").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains(".png"));

    for file in [png_path, svg_path] {
        let bytes = std::fs::read(file).unwrap();
        assert!(!bytes.windows(secret.len()).any(|w| w == secret.as_bytes()));
    }
    assert!(!json.contains(secret) && !decode_png(&png).contains(secret));
}

/// The picture for a provider that accepts only its own sign-in asks the phone to sign in
/// (OAuth2), and one on this computer (Proton Mail Bridge) names 127.0.0.1.
#[test]
fn oauth2_and_bridge_payloads() {
    let outlook = resolve(
        "someone@outlook.com",
        Incoming::Imap,
        ServerChoice::Detected,
    )
    .unwrap();
    let v = check_payload(&decode_png(
        &QrImage::thunderbird(&outlook).unwrap().png(4).unwrap(),
    ));
    assert_eq!(v[2][4], 6);
    let proton = resolve("someone@proton.me", Incoming::Imap, ServerChoice::Detected).unwrap();
    let v = check_payload(&thunderbird_qr_json(&proton, "").unwrap());
    assert_eq!(v[2][1], "127.0.0.1");
    assert_eq!(v[2][3], 2, "STARTTLS");
}
