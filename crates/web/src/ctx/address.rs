//! The client's address, as the peer or the proxies we trust report it.

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, Request};
use std::net::SocketAddr;

/// The client's address. From a trusted proxy, `X-Forwarded-For` is read from the right:
/// each proxy appends the address it was reached from, so the right-most entry that is not
/// one of our trusted proxies is the one no client could have written; entries to its left
/// may be forged. Without a usable entry, the peer itself.
pub(super) fn client_ip(req: &Request<Body>, trusted_proxies: &[String]) -> Option<String> {
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0);
    client_address(peer, req.headers(), trusted_proxies)
}

/// [`client_ip`] from the peer's socket address and the request's headers, for handlers that
/// run outside the context middleware (Open311).
pub(crate) fn client_address(
    peer: Option<SocketAddr>,
    headers: &HeaderMap,
    trusted_proxies: &[String],
) -> Option<String> {
    let trusted = |a: &str| trusted_proxies.iter().any(|t| t == a);
    let peer = peer?.ip().to_string();
    if !trusted(&peer) {
        return Some(peer);
    }
    let forwarded: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect();
    let mut client = None;
    for entry in forwarded.iter().rev() {
        // Not an address: nothing left of it can be believed.
        let Ok(ip) = entry.parse::<std::net::IpAddr>() else {
            break;
        };
        let ip = ip.to_string();
        let done = !trusted(&ip);
        client = Some(ip);
        if done {
            break;
        }
    }
    client.or(Some(peer))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn from_peer(peer: &str, forwarded: &[&'static str]) -> Request<Body> {
        let mut req = Request::new(Body::empty());
        for f in forwarded {
            req.headers_mut()
                .append("x-forwarded-for", HeaderValue::from_static(f));
        }
        let addr: SocketAddr = format!("{peer}:40000").parse().unwrap();
        req.extensions_mut().insert(ConnectInfo(addr));
        req
    }

    #[test]
    fn client_is_the_rightmost_forwarded_address_not_a_trusted_proxy() {
        let trusted = vec!["10.0.0.1".to_string(), "10.0.0.2".to_string()];
        let ip = |peer, fwd: &[&'static str]| client_ip(&from_peer(peer, fwd), &trusted);
        // A client that writes its own header is answered by what the proxy appended.
        assert_eq!(
            ip("10.0.0.1", &["1.2.3.4, 203.0.113.9"]).as_deref(),
            Some("203.0.113.9")
        );
        // Through two trusted proxies, and with the header split over two lines.
        assert_eq!(
            ip("10.0.0.1", &["6.6.6.6, 203.0.113.9", "10.0.0.2"]).as_deref(),
            Some("203.0.113.9")
        );
        // Garbage stops the walk: the last address read from the right is kept.
        assert_eq!(
            ip("10.0.0.1", &["203.0.113.9, not-an-address, 10.0.0.2"]).as_deref(),
            Some("10.0.0.2")
        );
        assert_eq!(ip("10.0.0.1", &["junk"]).as_deref(), Some("10.0.0.1"));
        assert_eq!(ip("10.0.0.1", &[]).as_deref(), Some("10.0.0.1"));
        // From anyone else the header is ignored.
        assert_eq!(
            ip("198.51.100.7", &["203.0.113.9"]).as_deref(),
            Some("198.51.100.7")
        );
        assert_eq!(client_ip(&Request::new(Body::empty()), &trusted), None);
    }
}
