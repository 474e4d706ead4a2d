//! Keeping webhooks out of the platform's own network (server-side request
//! forgery). A webhook may reach public addresses only: loopback, private,
//! link-local (where cloud metadata services answer), shared, multicast and
//! reserved addresses are refused, in IPv4 and IPv6 and in the IPv6 forms
//! that carry an IPv4 address, unless the operator allows them with
//! `REDRESS_WEBHOOK_ALLOWED_NETWORKS`. Names of the local machine and of
//! metadata services are refused whatever they resolve to.
//!
//! The address is checked when a webhook is registered and again at every
//! delivery: the delivery client resolves names through [`GuardedResolver`],
//! so it connects only to addresses that were checked, even if the name's
//! records changed since (DNS rebinding).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use ipnet::IpNet;
use reqwest::Url;
use reqwest::dns::{Addrs, Name, Resolve, Resolving};

/// Why a webhook address is refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("the address is not an absolute URL")]
    NotAUrl,
    #[error("only http:// and https:// addresses are allowed")]
    Scheme,
    #[error("the address carries a user name or password")]
    Credentials,
    #[error("{host} is {why}; webhooks may not reach it")]
    Forbidden { host: String, why: &'static str },
    #[error("{host} could not be resolved")]
    Unresolvable { host: String },
}

/// The networks the operator lets webhooks reach although they are not public.
#[derive(Clone, Debug, Default)]
pub struct Allowed(Arc<Vec<IpNet>>);

impl Allowed {
    pub fn new(networks: &[IpNet]) -> Self {
        Self(Arc::new(networks.to_vec()))
    }

    fn contains(&self, address: IpAddr) -> bool {
        self.0.iter().any(|network| network.contains(&address))
    }

    /// Refuses an address that is not public, unless it is allowed.
    pub fn check_address(&self, address: IpAddr) -> Result<(), &'static str> {
        let address = address.to_canonical();
        match not_public(address) {
            Some(why) if !self.contains(address) => Err(why),
            _ => Ok(()),
        }
    }

    /// Checks what can be checked without the network: the scheme, no
    /// credentials, a literal address, a refused name.
    pub fn check_url(&self, raw: &str) -> Result<Url, Refusal> {
        let url = Url::parse(raw.trim()).map_err(|_| Refusal::NotAUrl)?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(Refusal::Scheme);
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(Refusal::Credentials);
        }
        match literal_address(&url) {
            Some(address) => self
                .check_address(address)
                .map_err(|why| forbidden(&address.to_string(), why))?,
            None => refused_name(url.host_str().ok_or(Refusal::NotAUrl)?)?,
        }
        Ok(url)
    }

    /// Checks the URL and, for a name, every address it resolves to now.
    pub async fn check_url_resolving(&self, raw: &str, timeout: Duration) -> Result<Url, Refusal> {
        let url = self.check_url(raw)?;
        if let (None, Some(name)) = (literal_address(&url), url.host_str()) {
            let port = url.port_or_known_default().unwrap_or(443);
            let resolving = self.resolve(name, port);
            tokio::time::timeout(timeout, resolving)
                .await
                .map_err(|_| Refusal::Unresolvable {
                    host: name.to_owned(),
                })??;
        }
        Ok(url)
    }

    /// The name's addresses, if every one of them may be reached.
    pub async fn resolve(&self, name: &str, port: u16) -> Result<Vec<SocketAddr>, Refusal> {
        refused_name(name)?;
        let unresolvable = || Refusal::Unresolvable {
            host: name.to_owned(),
        };
        let addresses: Vec<SocketAddr> = tokio::net::lookup_host((name, port))
            .await
            .map_err(|_| unresolvable())?
            .collect();
        if addresses.is_empty() {
            return Err(unresolvable());
        }
        self.check_resolved(name, &addresses)?;
        Ok(addresses)
    }

    /// Refuses the name if any of its addresses may not be reached: one bad
    /// record is enough to steer a connection inside.
    pub fn check_resolved(&self, name: &str, addresses: &[SocketAddr]) -> Result<(), Refusal> {
        for address in addresses {
            self.check_address(address.ip())
                .map_err(|why| forbidden(&format!("{name} ({})", address.ip()), why))?;
        }
        Ok(())
    }
}

/// The host when it is an address rather than a name. The URL parser has
/// already turned odd IPv4 spellings (`2130706433`, `0x7f.1`) into dotted form.
fn literal_address(url: &Url) -> Option<IpAddr> {
    let host = url.host_str()?;
    let host = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host);
    host.parse().ok()
}

fn forbidden(host: &str, why: &'static str) -> Refusal {
    Refusal::Forbidden {
        host: host.to_owned(),
        why,
    }
}

/// Names that lead inside whatever they resolve to.
fn refused_name(name: &str) -> Result<(), Refusal> {
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    let why = if name == "localhost" || name.ends_with(".localhost") {
        "the local machine"
    } else if matches!(
        name.as_str(),
        "metadata" | "metadata.google.internal" | "metadata.goog" | "instance-data"
    ) || name.ends_with(".internal")
    {
        "an internal or cloud metadata name"
    } else {
        return Ok(());
    };
    Err(forbidden(&name, why))
}

/// Why an address is not a public one, if it is not.
pub fn not_public(address: IpAddr) -> Option<&'static str> {
    match address.to_canonical() {
        IpAddr::V4(v4) => not_public_v4(v4),
        IpAddr::V6(v6) => not_public_v6(v6),
    }
}

fn not_public_v4(address: Ipv4Addr) -> Option<&'static str> {
    let [a, b, c, _] = address.octets();
    match (a, b, c) {
        (0, _, _) => Some("an unspecified address"),
        (127, _, _) => Some("a loopback address"),
        (10, _, _) | (192, 168, _) => Some("a private address"),
        (172, 16..=31, _) => Some("a private address"),
        (169, 254, _) => Some("a link-local address, where cloud metadata services answer"),
        (100, 64..=127, _) => Some("a shared (carrier-grade NAT) address"),
        (192, 0, 0) | (198, 18..=19, _) => Some("a reserved address"),
        (192, 0, 2) | (198, 51, 100) | (203, 0, 113) => Some("a documentation address"),
        (224..=239, _, _) => Some("a multicast address"),
        (240..=255, _, _) => Some("a reserved or broadcast address"),
        _ => None,
    }
}

fn not_public_v6(address: Ipv6Addr) -> Option<&'static str> {
    if address.is_unspecified() {
        return Some("an unspecified address");
    }
    if address.is_loopback() {
        return Some("a loopback address");
    }
    if let Some(v4) = embedded_v4(address) {
        return not_public_v4(v4);
    }
    let [first, second, ..] = address.segments();
    match first {
        _ if first & 0xfe00 == 0xfc00 => Some("a private (unique local) address"),
        _ if first & 0xffc0 == 0xfe80 => Some("a link-local address"),
        _ if first & 0xffc0 == 0xfec0 => Some("a private (site-local) address"),
        _ if first & 0xff00 == 0xff00 => Some("a multicast address"),
        0x2001 if second == 0x0db8 => Some("a documentation address"),
        // Teredo hides an IPv4 address that cannot be checked.
        0x2001 if second == 0 => Some("a tunnelling address"),
        0x0100 if address.segments()[1..4] == [0, 0, 0] => Some("a discard address"),
        _ => None,
    }
}

/// The IPv4 address inside an IPv4-compatible (`::a.b.c.d`), NAT64
/// (`64:ff9b::a.b.c.d`) or 6to4 (`2002:aabb:ccdd::`) address. IPv4-mapped
/// ones (`::ffff:a.b.c.d`) were made canonical before.
fn embedded_v4(address: Ipv6Addr) -> Option<Ipv4Addr> {
    let s = address.segments();
    let low = |high: u16, low: u16| {
        let [a, b] = high.to_be_bytes();
        let [c, d] = low.to_be_bytes();
        Ipv4Addr::new(a, b, c, d)
    };
    match s {
        [0, 0, 0, 0, 0, 0, high, low_bits] => Some(low(high, low_bits)),
        [0x64, 0xff9b, 0, 0, 0, 0, high, low_bits] => Some(low(high, low_bits)),
        [0x2002, high, low_bits, ..] => Some(low(high, low_bits)),
        _ => None,
    }
}

/// The delivery client's resolver: every address of a name is checked
/// before the client may connect to any of them.
pub struct GuardedResolver {
    allowed: Allowed,
}

impl GuardedResolver {
    pub fn new(allowed: Allowed) -> Self {
        Self { allowed }
    }
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let allowed = self.allowed.clone();
        let name = name.as_str().to_owned();
        Box::pin(async move {
            // Port 0: the client puts the URL's port in.
            let addresses = allowed.resolve(&name, 0).await?;
            Ok(Box::new(addresses.into_iter()) as Addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(address: &str) -> bool {
        Allowed::default()
            .check_address(address.parse().unwrap())
            .is_err()
    }

    #[test]
    fn inside_addresses_are_refused_in_every_form() {
        for address in [
            "127.0.0.1",
            "127.1.2.3",
            "0.0.0.0",
            "10.0.0.1",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "100.100.100.200",
            "224.0.0.1",
            "255.255.255.255",
            "::1",
            "::",
            "fc00::1",
            "fd00:ec2::254",
            "fe80::1",
            "ff02::1",
            "::ffff:127.0.0.1",
            "::ffff:169.254.169.254",
            "::127.0.0.1",
            "64:ff9b::a00:1",
            "2002:a00:1::",
        ] {
            assert!(refused(address), "{address} should be refused");
        }
    }

    #[test]
    fn public_addresses_pass() {
        for address in [
            "1.1.1.1",
            "114.114.114.114",
            "172.32.0.1",
            "100.128.0.1",
            "2400:3200::1",
            "::ffff:8.8.8.8",
            "64:ff9b::808:808",
        ] {
            assert!(!refused(address), "{address} should pass");
        }
    }

    #[test]
    fn allowed_networks_open_only_themselves() {
        let allowed = Allowed::new(&["127.0.0.1/32".parse().unwrap()]);

        assert!(allowed.check_address("127.0.0.1".parse().unwrap()).is_ok());
        assert!(
            allowed
                .check_address("::ffff:127.0.0.1".parse().unwrap())
                .is_ok()
        );
        assert!(allowed.check_address("127.0.0.2".parse().unwrap()).is_err());
        assert!(allowed.check_address("::1".parse().unwrap()).is_err());
    }

    #[test]
    fn urls_need_a_web_scheme_and_no_credentials() {
        let allowed = Allowed::default();

        assert_eq!(
            allowed.check_url("ftp://example.cn/x"),
            Err(Refusal::Scheme)
        );
        assert_eq!(
            allowed.check_url("https://user:pw@example.cn/x"),
            Err(Refusal::Credentials)
        );
        assert_eq!(allowed.check_url("example.cn/x"), Err(Refusal::NotAUrl));
        assert!(allowed.check_url("https://example.cn/hooks").is_ok());
    }

    #[test]
    fn literal_addresses_are_checked_in_their_odd_spellings_too() {
        let allowed = Allowed::default();

        for url in [
            "http://169.254.169.254/latest/meta-data/",
            "http://[::ffff:a9fe:a9fe]/",
            "http://2130706433/",
            "http://0x7f.1/",
            "http://10.1/",
        ] {
            assert!(
                matches!(allowed.check_url(url), Err(Refusal::Forbidden { .. })),
                "{url}"
            );
        }
    }

    #[test]
    fn local_and_metadata_names_are_refused_by_name() {
        let allowed = Allowed::new(&["0.0.0.0/0".parse().unwrap()]);

        for url in [
            "http://localhost:8080/",
            "http://LOCALHOST./",
            "http://api.localhost/",
            "http://metadata.google.internal/computeMetadata/v1/",
        ] {
            assert!(
                matches!(allowed.check_url(url), Err(Refusal::Forbidden { .. })),
                "{url}"
            );
        }
    }

    #[test]
    fn a_name_is_refused_when_any_of_its_addresses_is_inside() {
        let allowed = Allowed::default();
        let mixed: Vec<SocketAddr> = vec![
            "93.184.216.34:443".parse().unwrap(),
            "127.0.0.1:443".parse().unwrap(),
        ];
        let public: Vec<SocketAddr> = vec!["93.184.216.34:443".parse().unwrap()];

        assert!(matches!(
            allowed.check_resolved("rebind.example.cn", &mixed),
            Err(Refusal::Forbidden { .. })
        ));
        assert!(allowed.check_resolved("hooks.example.cn", &public).is_ok());
    }
}
