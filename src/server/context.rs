//! What a service is told of the request it serves, in one shape for server
//! functions and plain routes alike (built at the edge by `http::edge`): the
//! database and uploaded files, the site's key and public address, who is
//! asking (their address, as the rate limits count it) and when.

use crate::model::Time;
use crate::server::auth::secret::Secret;
use crate::server::db::Db;
use crate::server::storage::Storage;

pub struct Context<'a> {
    pub db: &'a Db,
    pub storage: &'a Storage,
    pub secret: &'a Secret,
    pub public_url: &'a str,
    /// The client's address as the rate limits count it.
    pub client_ip: &'a str,
    pub now: Time,
}
