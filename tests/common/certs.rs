//! Throwaway certificates for one test run: a CA, and server certificates it signs.
//!
//! Nothing is read from or written to the system trust store. The client under test trusts the CA
//! only when the test hands `ca_pem()` to it as an extra root; a probe without it sees a
//! certificate from an unknown CA.

use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, ExtendedKeyUsagePurpose, IsCa,
    Issuer, KeyPair, KeyUsagePurpose,
};

/// The names every Dovecot server certificate carries.
pub const SERVER_NAMES: &[&str] = &["localhost", "127.0.0.1", "127.0.0.2"];

/// A server certificate and its key, both PEM (the key as PKCS#8).
pub struct ServerCert {
    pub cert_pem: String,
    pub key_pem: String,
}

impl ServerCert {
    /// The identity a native-tls acceptor needs.
    pub fn identity(&self) -> native_tls::Identity {
        native_tls::Identity::from_pkcs8(self.cert_pem.as_bytes(), self.key_pem.as_bytes())
            .expect("rcgen output is a valid PKCS#8 identity")
    }
}

/// A throwaway certificate authority.
pub struct TestCa {
    cert_pem: String,
    issuer: Issuer<'static, KeyPair>,
}

impl TestCa {
    /// Generates a new CA (ECDSA P-256).
    pub fn new(common_name: &str) -> Self {
        let key = KeyPair::generate().expect("generate CA key");
        let mut params = CertificateParams::new(Vec::<String>::new()).expect("CA params");
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        let mut name = DistinguishedName::new();
        name.push(DnType::CommonName, common_name);
        params.distinguished_name = name;
        let cert = params.self_signed(&key).expect("self-sign CA");
        Self {
            cert_pem: cert.pem(),
            issuer: Issuer::new(params, key),
        }
    }

    /// The CA certificate, PEM.
    pub fn ca_pem(&self) -> Vec<u8> {
        self.cert_pem.clone().into_bytes()
    }

    /// A server certificate for these names (DNS names or IP addresses), valid now.
    pub fn server_cert(&self, names: &[&str]) -> ServerCert {
        self.sign(names, false)
    }

    /// A server certificate for these names that expired in 2020.
    pub fn expired_server_cert(&self, names: &[&str]) -> ServerCert {
        self.sign(names, true)
    }

    fn sign(&self, names: &[&str], expired: bool) -> ServerCert {
        let key = KeyPair::generate().expect("generate server key");
        let mut params = server_params(names);
        params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        params.use_authority_key_identifier_extension = true;
        if expired {
            params.not_before = rcgen::date_time_ymd(2019, 1, 1);
            params.not_after = rcgen::date_time_ymd(2020, 1, 1);
        }
        let cert = params
            .signed_by(&key, &self.issuer)
            .expect("sign server cert");
        ServerCert {
            cert_pem: cert.pem(),
            key_pem: key.serialize_pem(),
        }
    }
}

/// A self-signed server certificate for these names: its own root, as on a small company's own
/// mail server. The client trusts it only when handed its PEM as an extra root.
pub fn self_signed_cert(names: &[&str]) -> ServerCert {
    let key = KeyPair::generate().expect("generate server key");
    let mut params = server_params(names);
    params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    let cert = params.self_signed(&key).expect("self-sign server cert");
    ServerCert {
        cert_pem: cert.pem(),
        key_pem: key.serialize_pem(),
    }
}

/// Parameters of a server certificate for these names, the first also as its common name.
fn server_params(names: &[&str]) -> CertificateParams {
    let names: Vec<String> = names.iter().map(|n| (*n).to_owned()).collect();
    let mut params = CertificateParams::new(names.clone()).expect("server params");
    let mut name = DistinguishedName::new();
    name.push(
        DnType::CommonName,
        names.first().cloned().unwrap_or_default(),
    );
    params.distinguished_name = name;
    params
}
