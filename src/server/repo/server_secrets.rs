//! Keys the server makes once and every app server shares.

use crate::model::Time;
use crate::server::db::{Db, DbError, Sql};

/// The value stored under `name`; `candidate` becomes it when there is none
/// yet (two servers starting together agree on the first one stored).
pub async fn get_or_insert(db: &Db, name: &str, candidate: &str, now: Time) -> Result<String, DbError> {
    let mut insert = Sql::new(db.backend, "INSERT INTO server_secrets (name, value, created_at) VALUES (");
    insert.bind(name).push(", ").bind(candidate).push(", ").bind(now).push(") ON CONFLICT (name) DO NOTHING");
    insert.query().execute(&db.pool).await?;
    let mut select = Sql::new(db.backend, "SELECT value FROM server_secrets WHERE name = ");
    select.bind(name);
    let (value,): (String,) = select.query_as().fetch_one(&db.pool).await?;
    Ok(value)
}
