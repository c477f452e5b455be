//! Who is asking: passwords, session tokens, one-time tokens, keyed digests,
//! rate limits and the proxies trusted to say who the client is. Nothing
//! here speaks HTTP (`http::request` and `http::csrf` do).

pub mod password;
pub mod proxy;
pub mod rate_limit;
pub mod secret;
pub mod seeker_session;
pub mod session;
pub mod token;
