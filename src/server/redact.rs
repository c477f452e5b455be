//! Settings printed without their secrets.

/// `url` with the password in its user part (`postgres://user:pw@host`) hidden.
pub fn without_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_owned() };
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    match authority.rsplit_once('@') {
        Some((user, host)) if user.contains(':') => {
            let name = user.split(':').next().unwrap_or_default();
            format!("{scheme}://{name}:hidden@{host}{path}")
        }
        _ => url.to_owned(),
    }
}
