//! Users and their company memberships.

use crate::model::{Role, Time};
use crate::server::db::{Backend, Conn, DbError, Sql};

#[derive(Debug, sqlx::FromRow)]
pub struct UserRow {
    pub id: i64,
    pub email: String,
    pub password_hash: String,
    pub email_confirmed_at: Option<Time>,
}

/// A signed-in employer with the company they act for.
#[derive(Debug, sqlx::FromRow)]
pub struct MemberRow {
    pub user_id: i64,
    pub email: String,
    pub email_confirmed_at: Option<Time>,
    pub company_id: i64,
    pub company_name: String,
    pub company_slug: String,
    pub role: Role,
}

const USER_COLUMNS: &str = "id, email, password_hash, email_confirmed_at";

/// How many accounts exist, of every kind.
pub async fn count(mut c: impl Conn) -> Result<i64, DbError> {
    let (n,): (i64,) = c.sql("SELECT COUNT(*) FROM users").query_as().fetch_one(c.executor()).await?;
    Ok(n)
}

pub async fn find_by_email(mut c: impl Conn, email: &str) -> Result<Option<UserRow>, DbError> {
    let mut sql = c.sql(&format!("SELECT {USER_COLUMNS} FROM users WHERE email = "));
    sql.bind(email);
    Ok(sql.query_as().fetch_optional(c.executor()).await?)
}

/// The user's (first) company membership.
pub async fn membership(mut c: impl Conn, user_id: i64) -> Result<Option<MemberRow>, DbError> {
    let mut sql = c.sql(
        "SELECT u.id AS user_id, u.email, u.email_confirmed_at, c.id AS company_id, c.name AS company_name, \
         c.slug AS company_slug, m.role FROM users u JOIN memberships m ON m.user_id = u.id \
         JOIN companies c ON c.id = m.company_id WHERE u.id = ",
    );
    sql.bind(user_id).push(" ORDER BY m.created_at LIMIT 1");
    Ok(sql.query_as().fetch_optional(c.executor()).await?)
}

/// User `user_id`'s role in `company_id`, on `c`; `None` when not on
/// its team. On PostgreSQL the membership is held until the transaction
/// ends, so a hand-over or removal waits for what the role allowed.
pub async fn role(mut c: impl Conn, user_id: i64, company_id: i64) -> Result<Option<Role>, DbError> {
    let mut sql = c.sql("SELECT role FROM memberships WHERE user_id = ");
    sql.bind(user_id).push(" AND company_id = ").bind(company_id);
    if c.backend() == Backend::Postgres {
        sql.push(" FOR SHARE");
    }
    let row: Option<(String,)> = sql.query_as().fetch_optional(c.executor()).await?;
    Ok(row.and_then(|(role,)| Role::from_slug(&role)))
}

/// Stores a new employer who owns `company_id`, on `c` (inside the
/// sign-up's transaction); `None` when the address is taken.
pub async fn insert_owner(
    mut c: impl Conn,
    email: &str,
    password_hash: &str,
    company_id: i64,
    now: Time,
) -> Result<Option<i64>, DbError> {
    let mut sql = c.sql("INSERT INTO users (email, password_hash, role, created_at) VALUES (");
    sql.bind(email).push(", ").bind(password_hash).push(", ").state(crate::model::AccountKind::Employer.slug());
    sql.push(", ").bind(now);
    sql.push(") ON CONFLICT (email) DO NOTHING RETURNING id");
    let Some((user_id,)) = sql.query_as::<(i64,)>().fetch_optional(c.executor()).await? else {
        return Ok(None);
    };
    add_membership(&mut c, user_id, company_id, Role::Owner, now).await?;
    Ok(Some(user_id))
}

/// Makes `user_id` a member of `company_id` with `role`, inside `tx`.
pub async fn add_membership(
    mut c: impl Conn,
    user_id: i64,
    company_id: i64,
    role: Role,
    now: Time,
) -> Result<(), DbError> {
    let mut sql = c.sql("INSERT INTO memberships (user_id, company_id, role, created_at) VALUES (");
    sql.bind(user_id).push(", ").bind(company_id).push(", ").bind(role.slug()).push(", ").bind(now).push(")");
    sql.query().execute(c.executor()).await?;
    Ok(())
}

pub async fn team(mut c: impl Conn, company_id: i64) -> Result<Vec<(String, Role, Time)>, DbError> {
    let mut sql = c.sql("SELECT u.email, m.role, m.created_at FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.company_id = ",
    );
    sql.bind(company_id).push(" ORDER BY m.created_at, u.id");
    Ok(sql.query_as().fetch_all(c.executor()).await?)
}

pub async fn confirm_email(mut c: impl Conn, user_id: i64, now: Time) -> Result<(), DbError> {
    let mut sql = c.sql("UPDATE users SET email_confirmed_at = COALESCE(email_confirmed_at, ");
    sql.bind(now).push(") WHERE id = ").bind(user_id);
    sql.query().execute(c.executor()).await?;
    Ok(())
}

pub async fn set_password(mut c: impl Conn, user_id: i64, password_hash: &str) -> Result<(), DbError> {
    let mut sql = c.sql("UPDATE users SET password_hash = ");
    sql.bind(password_hash).push(" WHERE id = ").bind(user_id);
    sql.query().execute(c.executor()).await?;
    Ok(())
}

/// The user id and role of `email` on `company_id`'s team.
pub async fn on_team(mut c: impl Conn, company_id: i64, email: &str) -> Result<Option<(i64, Role)>, DbError> {
    let mut sql =
        c.sql("SELECT u.id, m.role FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.company_id = ");
    sql.bind(company_id).push(" AND u.email = ").bind(email);
    Ok(sql.query_as().fetch_optional(c.executor()).await?)
}

/// Takes `user_id` off `company_id`'s team; `false` when they were not on it.
pub async fn remove_membership(mut c: impl Conn, user_id: i64, company_id: i64) -> Result<bool, DbError> {
    let mut sql = c.sql("DELETE FROM memberships WHERE user_id = ");
    sql.bind(user_id).push(" AND company_id = ").bind(company_id);
    Ok(sql.query().execute(c.executor()).await?.rows_affected() == 1)
}

/// Makes member `to` the owner of `company_id` and owner `from` a member,
/// on `c` (in a transaction: both or neither); `false` when either was
/// not what it should be, and the caller rolls back.
pub async fn hand_over(mut c: impl Conn, company_id: i64, from: i64, to: i64) -> Result<bool, DbError> {
    for (user, was, becomes) in [(to, Role::Member, Role::Owner), (from, Role::Owner, Role::Member)] {
        let mut sql = c.sql("UPDATE memberships SET role = ");
        sql.bind(becomes.slug()).push(" WHERE company_id = ").bind(company_id).push(" AND user_id = ").bind(user);
        sql.push(" AND role = ").bind(was.slug());
        if sql.query().execute(c.executor()).await?.rows_affected() != 1 {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Deletes the user, with their sessions, links and memberships.
pub async fn delete(mut c: impl Conn, user_id: i64) -> Result<(), DbError> {
    let mut sql = c.sql("DELETE FROM users WHERE id = ");
    sql.bind(user_id);
    sql.query().execute(c.executor()).await?;
    Ok(())
}

/// Deletes the employer sign-ups never confirmed that were made before
/// `before` and hold no link still good at `now`, and the companies they
/// alone made (no confirmed member, no posting), slugs and all; how many
/// sign-ups went. A sign-up that is the only member of a company that stays
/// (one with a posting) stays too: no company is left without a member.
pub async fn purge_unconfirmed(mut c: impl Conn, before: Time, now: Time) -> Result<u64, DbError> {
    let stale = |sql: &mut Sql| {
        sql.push("SELECT id FROM users WHERE role = ").state(crate::model::AccountKind::Employer.slug());
        sql.push(" AND email_confirmed_at IS NULL AND created_at < ").bind(before);
        sql.push(" AND NOT EXISTS (SELECT 1 FROM email_tokens t WHERE t.user_id = users.id AND t.expires_at > ");
        sql.bind(now).push(")");
    };
    let mut sql = c.sql("DELETE FROM companies WHERE id IN (SELECT company_id FROM memberships WHERE user_id IN (");
    stale(&mut sql);
    sql.push(
        ")) AND NOT EXISTS (SELECT 1 FROM memberships m JOIN users u ON u.id = m.user_id \
         WHERE m.company_id = companies.id AND u.email_confirmed_at IS NOT NULL) \
         AND NOT EXISTS (SELECT 1 FROM jobs WHERE jobs.company_id = companies.id)",
    );
    sql.query().execute(c.executor()).await?;
    let mut sql = c.sql("DELETE FROM users WHERE id IN (");
    stale(&mut sql);
    sql.push(
        ") AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = users.id AND NOT EXISTS \
         (SELECT 1 FROM memberships o WHERE o.company_id = m.company_id AND o.user_id <> users.id))",
    );
    Ok(sql.query().execute(c.executor()).await?.rows_affected())
}

/// The user's password hash, to confirm a destructive action.
pub async fn password_hash(mut c: impl Conn, user_id: i64) -> Result<Option<String>, DbError> {
    let mut sql = c.sql("SELECT password_hash FROM users WHERE id = ");
    sql.bind(user_id);
    Ok(sql.query_as::<(String,)>().fetch_optional(c.executor()).await?.map(|(h,)| h))
}
