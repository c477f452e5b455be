//! Keys the server makes once and every app server shares.

use crate::model::Time;
use crate::server::db::{Conn, DbError};

/// The value stored under `name`; `candidate` becomes it when there is none
/// yet (two servers starting together agree on the first one stored).
pub async fn get_or_insert(mut c: impl Conn, name: &str, candidate: &str, now: Time) -> Result<String, DbError> {
    let mut insert = c.sql("INSERT INTO server_secrets (name, value, created_at) VALUES (");
    insert.bind(name).push(", ").bind(candidate).push(", ").bind(now).push(") ON CONFLICT (name) DO NOTHING");
    insert.query().execute(c.executor()).await?;
    let mut select = c.sql("SELECT value FROM server_secrets WHERE name = ");
    select.bind(name);
    let (value,): (String,) = select.query_as().fetch_one(c.executor()).await?;
    Ok(value)
}
