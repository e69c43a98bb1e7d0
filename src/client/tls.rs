//! The TLS set-up of a client the SDK builds (not of one passed with
//! `http_client`).
//!
//! With `rustls` (and not `native-tls`, which wins when both are on, as
//! the configuration chapter says), the configuration is made here and
//! handed to reqwest whole: the `ring` provider (reqwest's own `rustls` feature brings
//! aws-lc-rs, whose C build is the longest step of a cold build), the
//! platform's certificate verifier, HTTP/2 or HTTP/1.1 by ALPN.

use crate::error::Result;

/// `builder` with TLS set up. For a plain `http` base URL no certificate
/// roots are loaded: loading the platform's is about half of a short
/// command's CPU time (measured: 19 M of 39 M instructions for one page of
/// relations), and no request to that base URL uses them; only a redirect
/// to `https` would, and it then fails on the certificate.
pub(super) fn configure(
    builder: reqwest::ClientBuilder,
    plain_http: bool,
) -> Result<reqwest::ClientBuilder> {
    #[cfg(all(feature = "rustls", not(feature = "native-tls")))]
    {
        Ok(builder.tls_backend_preconfigured(rustls_config(plain_http)?))
    }
    #[cfg(feature = "native-tls")]
    {
        Ok(if plain_http {
            builder.tls_certs_only([])
        } else {
            builder
        })
    }
    #[cfg(not(any(feature = "rustls", feature = "native-tls")))]
    {
        let _ = plain_http;
        Ok(builder)
    }
}

#[cfg(feature = "rustls")]
#[cfg_attr(feature = "native-tls", allow(dead_code))]
fn rustls_config(plain_http: bool) -> Result<rustls::ClientConfig> {
    use rustls_platform_verifier::BuilderVerifierExt;
    let unusable =
        |e: rustls::Error| crate::error::Error::config(format!("cannot set up TLS: {e}"));
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    let versions = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(unusable)?;
    let verified = if plain_http {
        versions.with_root_certificates(rustls::RootCertStore::empty())
    } else {
        versions.with_platform_verifier().map_err(unusable)?
    };
    let mut config = verified.with_no_client_auth();
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(config)
}

#[cfg(all(test, feature = "rustls"))]
mod tests {
    use super::rustls_config;

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
