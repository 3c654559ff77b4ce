//! `verify_ssl`: against a TLS stand-in on loopback whose certificate is self-signed
//! (`tests/fixtures/self_signed_*.pem`, made for these tests only), the default refuses the
//! certificate and `verify_ssl = false` logs in.
#![cfg(feature = "rustls")]

use std::sync::Arc;

use looker_sdk::{ApiSettings, Error, LookerSdk};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_rustls::TlsAcceptor;

/// Starts the stand-in; every request gets a login answer. Returns its base URL.
async fn self_signed_looker() -> String {
    let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
    let cert = CertificateDer::from_pem_file(format!("{fixtures}/self_signed_cert.pem"))
        .expect("certificate");
    let key = PrivateKeyDer::from_pem_file(format!("{fixtures}/self_signed_key.pem")).expect("key");
    // The provider the runtime uses (deprecated by rustls 0.23.48: no post-quantum exchange).
    #[allow(deprecated)]
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .expect("protocols")
    .with_no_client_auth()
    .with_single_cert(vec![cert], key)
    .expect("server config");
    let acceptor = TlsAcceptor::from(Arc::new(config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let address = listener.local_addr().expect("address");
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                // A client that refuses the certificate ends the handshake: nothing to serve.
                let Ok(mut tls) = acceptor.accept(stream).await else {
                    return;
                };
                let mut request = Vec::new();
                let mut chunk = [0u8; 4096];
                while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                    match tls.read(&mut chunk).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => request.extend_from_slice(&chunk[..n]),
                    }
                }
                let body = r#"{"access_token":"tok","token_type":"Bearer","expires_in":3600}"#;
                let answer = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\
                     Connection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = tls.write_all(answer.as_bytes()).await;
                let _ = tls.shutdown().await;
            });
        }
    });
    format!("https://{address}")
}

#[tokio::test]
async fn a_self_signed_certificate_is_refused_unless_verify_ssl_is_false() {
    let base_url = self_signed_looker().await;
    let mut settings = ApiSettings::new(base_url, "id", "secret");
    let error = LookerSdk::new(settings.clone())
        .expect("sdk")
        .auth()
        .login()
        .await
        .expect_err("an unknown issuer");
    assert!(
        matches!(&error, Error::Transport { source, .. } if source.is_connect()),
        "{error:?}"
    );
    let text = error.to_string();
    assert!(
        text.starts_with("POST /login: could not connect to https://127.0.0.1:"),
        "{text}"
    );
    assert!(text.to_lowercase().contains("certificate"), "{text}");

    settings.verify_ssl = false;
    let sdk = LookerSdk::new(settings).expect("sdk");
    sdk.auth()
        .login()
        .await
        .expect("verify_ssl = false accepts it");
    assert!(sdk.auth().is_authenticated().await);
}
