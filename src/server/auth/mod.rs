//! Who is asking: passwords, session cookies, one-time tokens, rate limits and
//! the same-origin rule for writes.

pub mod csrf;
pub mod form_return;
pub mod password;
pub mod proxy;
pub mod rate_limit;
pub mod request;
pub mod secret;
pub mod session;
pub mod token;
