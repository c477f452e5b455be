//! Which address a request came from. `X-Forwarded-For` is anyone's to
//! write, so it counts only when the operator names the proxies in front of
//! us: by their addresses (`FARCODER_TRUSTED_PROXIES`) or by how many there
//! are (`FARCODER_PROXY_HOPS`). Then the client is the right-most hop no
//! trusted proxy wrote; the left-most entries are whatever the client sent.

use std::net::IpAddr;

use ipnet::IpNet;

/// How the client's address is found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum ProxyRule {
    /// No proxy: the peer is the client, and the header is ignored.
    #[default]
    None,
    /// This many proxies stand in front of us, each appending the address
    /// it was reached from.
    Hops(usize),
    /// Proxies at these addresses; any other peer is the client itself.
    Trusted(Vec<IpNet>),
}

impl ProxyRule {
    /// From the settings: a list of addresses or networks
    /// (`10.0.0.0/8, 192.0.2.7`) wins over a hop count. A malformed entry is
    /// an error, so a typo does not silently trust nobody (or everybody).
    pub fn from_settings(trusted: Option<&str>, hops: Option<&str>) -> Result<ProxyRule, String> {
        if let Some(list) = trusted {
            let nets = list
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|entry| {
                    entry
                        .parse::<IpNet>()
                        .or_else(|_| entry.parse::<IpAddr>().map(IpNet::from))
                        .map_err(|_| format!("FARCODER_TRUSTED_PROXIES: {entry:?} is not an address or a network"))
                })
                .collect::<Result<Vec<_>, _>>()?;
            return Ok(if nets.is_empty() { ProxyRule::None } else { ProxyRule::Trusted(nets) });
        }
        match hops.map(|h| h.trim().parse::<usize>()) {
            None | Some(Ok(0)) => Ok(ProxyRule::None),
            Some(Ok(n)) => Ok(ProxyRule::Hops(n)),
            Some(Err(_)) => Err("FARCODER_PROXY_HOPS must be a whole number".to_owned()),
        }
    }

    /// The client's address, given the connection's `peer` and every
    /// `X-Forwarded-For` header value in the order they arrived.
    pub fn client<'a>(&self, peer: Option<IpAddr>, forwarded: impl Iterator<Item = &'a str>) -> Option<IpAddr> {
        let trusts = |ip: &IpAddr| match self {
            ProxyRule::Trusted(nets) => nets.iter().any(|net| net.contains(ip)),
            _ => false,
        };
        match self {
            ProxyRule::None => peer,
            ProxyRule::Trusted(_) if !peer.as_ref().is_some_and(trusts) => peer,
            ProxyRule::Trusted(_) => {
                // Walk from the right past our own proxies; an entry that
                // does not parse ends the walk, as nothing left of it can be
                // believed.
                let hops = hops_of(forwarded);
                let mut client = peer;
                for hop in hops.iter().rev() {
                    match hop {
                        Some(ip) if trusts(ip) => client = Some(*ip),
                        Some(ip) => return Some(*ip),
                        None => break,
                    }
                }
                client
            }
            ProxyRule::Hops(n) => {
                // The last proxy is the peer; the n - 1 before it appended
                // their entries after the client's.
                let hops = hops_of(forwarded);
                match hops.len().checked_sub(*n) {
                    Some(at) => hops[at].or(peer),
                    // Fewer entries than proxies: something in front of us
                    // is not as configured, and the header cannot be read.
                    None => peer,
                }
            }
        }
    }
}

fn hops_of<'a>(headers: impl Iterator<Item = &'a str>) -> Vec<Option<IpAddr>> {
    headers.flat_map(|value| value.split(',')).map(|hop| parse_hop(hop.trim())).collect()
}

/// One entry: an address, perhaps with a port (`[::1]:443`, `192.0.2.1:80`).
fn parse_hop(hop: &str) -> Option<IpAddr> {
    if let Ok(ip) = hop.parse() {
        return Some(ip);
    }
    hop.parse::<std::net::SocketAddr>().ok().map(|a| a.ip())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn client(rule: &ProxyRule, peer: &str, headers: &[&str]) -> Option<IpAddr> {
        rule.client(Some(ip(peer)), headers.iter().copied())
    }

    #[test]
    fn without_a_named_proxy_the_header_is_ignored() {
        assert_eq!(client(&ProxyRule::None, "203.0.113.9", &["198.51.100.1"]), Some(ip("203.0.113.9")));
    }

    #[test]
    fn a_hop_count_takes_the_entry_the_first_proxy_wrote() {
        let one = ProxyRule::Hops(1);
        // The client sent "1.2.3.4" itself; our proxy appended its real address.
        assert_eq!(client(&one, "10.0.0.2", &["1.2.3.4, 198.51.100.7"]), Some(ip("198.51.100.7")));
        assert_eq!(client(&one, "10.0.0.2", &["1.2.3.4", "198.51.100.7"]), Some(ip("198.51.100.7")));
        let two = ProxyRule::Hops(2);
        assert_eq!(client(&two, "10.0.0.3", &["1.2.3.4, 198.51.100.7, 10.0.0.2"]), Some(ip("198.51.100.7")));
        assert_eq!(client(&two, "10.0.0.3", &["198.51.100.7"]), Some(ip("10.0.0.3")), "too few entries");
        assert_eq!(client(&one, "10.0.0.2", &[]), Some(ip("10.0.0.2")));
    }

    #[test]
    fn trusted_proxies_yield_the_right_most_untrusted_hop() {
        let rule = ProxyRule::from_settings(Some("10.0.0.0/8, 192.0.2.7"), None).unwrap();
        assert_eq!(client(&rule, "10.1.1.1", &["6.6.6.6, 198.51.100.7, 192.0.2.7"]), Some(ip("198.51.100.7")));
        // A peer we do not trust is the client, whatever it says.
        assert_eq!(client(&rule, "203.0.113.9", &["198.51.100.7"]), Some(ip("203.0.113.9")));
        // Only our proxies in the chain: the left-most of them.
        assert_eq!(client(&rule, "10.1.1.1", &["10.2.2.2"]), Some(ip("10.2.2.2")));
        // Garbage ends the walk at the last believable address.
        assert_eq!(client(&rule, "10.1.1.1", &["nonsense, 10.2.2.2"]), Some(ip("10.2.2.2")));
        assert_eq!(client(&rule, "10.1.1.1", &["[2001:db8::1]:443"]), Some(ip("2001:db8::1")));
    }

    #[test]
    fn settings_are_checked() {
        assert_eq!(ProxyRule::from_settings(None, None), Ok(ProxyRule::None));
        assert_eq!(ProxyRule::from_settings(None, Some("2")), Ok(ProxyRule::Hops(2)));
        assert!(ProxyRule::from_settings(None, Some("two")).is_err());
        assert!(ProxyRule::from_settings(Some("10.0.0.0/33"), None).is_err());
        assert_eq!(
            ProxyRule::from_settings(Some("::1"), Some("3")),
            Ok(ProxyRule::Trusted(vec!["::1/128".parse().unwrap()]))
        );
    }
}
