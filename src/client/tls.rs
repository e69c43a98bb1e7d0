//! The TLS set-up of a client the SDK builds (not of one passed with
//! `http_client`).
//!
//! With `rustls` (and not `native-tls`, which wins when both are on, as
//! the configuration chapter says), the configuration is made here and
//! handed to reqwest whole: the `ring` provider (reqwest's own `rustls` feature brings
//! aws-lc-rs, whose C build is the longest step of a cold build), the
//! platform's certificate verifier, HTTP/2 or HTTP/1.1 by ALPN. With
//! `native-tls`, the connector is made here too, with reqwest's settings.
//!
//! Both are made once per process and shared by every client: loading the
//! system's certificate roots cost 26 ms (rustls) and 62 ms (OpenSSL) of
//! each client build, and a fleet or a test suite builds many clients
//! (BENCHMARKS.md, "A newcomer's cold start"). A root store changed while
//! the process runs is seen by the next process.

#[cfg(any(feature = "rustls", feature = "native-tls"))]
use std::sync::OnceLock;

#[cfg(any(feature = "rustls", feature = "native-tls"))]
use crate::error::Error;
use crate::error::Result;

/// `builder` with TLS set up. For a plain `http` base URL with rustls no
/// certificate roots are loaded: loading the platform's is about half of a
/// short command's CPU time (measured: 19 M of 39 M instructions for one
/// page of relations), and no request to that base URL uses them; only a
/// redirect to `https` would, and it then fails on the certificate.
pub(crate) fn configure(
    builder: reqwest::ClientBuilder,
    plain_http: bool,
) -> Result<reqwest::ClientBuilder> {
    #[cfg(all(feature = "rustls", not(feature = "native-tls")))]
    {
        Ok(builder.tls_backend_preconfigured(rustls_config(plain_http)?))
    }
    #[cfg(feature = "native-tls")]
    {
        // OpenSSL reads the roots whenever a connector is made, so the one
        // shared connector serves plain `http` too.
        let _ = plain_http;
        Ok(builder.tls_backend_preconfigured(native_tls_connector()?))
    }
    #[cfg(not(any(feature = "rustls", feature = "native-tls")))]
    {
        let _ = plain_http;
        Ok(builder)
    }
}

#[cfg(any(feature = "rustls", feature = "native-tls"))]
/// A value made once per process, or why it could not be (then every
/// client build fails with that reason, as the first one did).
fn shared<T: Clone>(
    cell: &OnceLock<Result<T, String>>,
    make: impl FnOnce() -> Result<T, String>,
) -> Result<T> {
    cell.get_or_init(make).clone().map_err(unusable)
}

#[cfg(any(feature = "rustls", feature = "native-tls"))]
fn unusable(reason: String) -> Error {
    Error::config(format!("cannot set up TLS: {reason}"))
}

#[cfg(feature = "native-tls")]
fn native_tls_connector() -> Result<native_tls::TlsConnector> {
    static CONNECTOR: OnceLock<Result<native_tls::TlsConnector, String>> = OnceLock::new();
    shared(&CONNECTOR, || {
        // reqwest's own settings for its default client: HTTP/2 or
        // HTTP/1.1 by ALPN, the system's roots, SNI, full verification.
        native_tls::TlsConnector::builder()
            .request_alpns(&["h2", "http/1.1"])
            .build()
            .map_err(|e| e.to_string())
    })
}

#[cfg(feature = "rustls")]
#[cfg_attr(feature = "native-tls", allow(dead_code))]
fn rustls_config(plain_http: bool) -> Result<rustls::ClientConfig> {
    static VERIFIED: OnceLock<Result<rustls::ClientConfig, String>> = OnceLock::new();
    if plain_http {
        return make_rustls_config(true).map_err(unusable);
    }
    shared(&VERIFIED, || make_rustls_config(false))
}

#[cfg(feature = "rustls")]
#[cfg_attr(feature = "native-tls", allow(dead_code))]
fn make_rustls_config(plain_http: bool) -> Result<rustls::ClientConfig, String> {
    use rustls_platform_verifier::BuilderVerifierExt;
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    let versions = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?;
    let verified = if plain_http {
        versions.with_root_certificates(rustls::RootCertStore::empty())
    } else {
        versions
            .with_platform_verifier()
            .map_err(|e| e.to_string())?
    };
    let mut config = verified.with_no_client_auth();
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(config)
}

#[cfg(all(test, feature = "rustls"))]
mod tests {
    use super::{rustls_config, shared};
    use std::sync::OnceLock;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn a_set_up_is_made_once_per_process_and_so_is_its_failure() {
        let made = AtomicUsize::new(0);
        let cell = OnceLock::new();
        let make = || {
            made.fetch_add(1, Ordering::Relaxed);
            Ok::<_, String>(7)
        };
        assert_eq!(shared(&cell, make).expect("made"), 7);
        assert_eq!(shared(&cell, make).expect("shared"), 7);
        assert_eq!(made.load(Ordering::Relaxed), 1);

        let failed = OnceLock::new();
        for _ in 0..2 {
            let error = shared(&failed, || Err::<u8, _>("no roots".to_string()))
                .expect_err("the reason is kept");
            assert_eq!(error.kind(), None);
            assert!(
                error.to_string().contains("cannot set up TLS: no roots"),
                "{error}"
            );
        }
    }

    #[test]
    fn offers_http2_then_http1_and_loads_no_roots_for_plain_http() {
        let config = rustls_config(true).expect("a config");
        assert_eq!(
            config.alpn_protocols,
            [b"h2".to_vec(), b"http/1.1".to_vec()]
        );
        let config = rustls_config(false).expect("a config with the platform verifier");
        assert_eq!(config.alpn_protocols.len(), 2);
    }
}
