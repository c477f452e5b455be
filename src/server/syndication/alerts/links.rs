//! The private links in alert mails: a keyed digest of the id and the
//! subscriber's link key, so the server stores no token and a new key ends
//! every link mailed before.

use crate::server::auth::secret::{Secret, same};
use crate::server::repo::alerts::{AlertRow, SubscriberRow};

#[derive(Clone, Copy)]
pub struct Links<'a> {
    pub secret: &'a Secret,
    pub base: &'a str,
}

impl Links<'_> {
    fn key(&self, purpose: &str, id: i64, link_key: &str) -> String {
        self.secret.digest(purpose, &[&id.to_string(), link_key])
    }

    pub fn confirm_path(&self, alert_id: i64, link_key: &str) -> String {
        format!("/alerts/confirm?alert={alert_id}&key={}", self.key("alert-confirm", alert_id, link_key))
    }

    pub fn manage_path(&self, subscriber_id: i64, link_key: &str) -> String {
        format!("/alerts/manage?s={subscriber_id}&key={}", self.key("alert-manage", subscriber_id, link_key))
    }

    pub fn unsubscribe_path(&self, alert: &AlertRow) -> String {
        format!(
            "/alerts/unsubscribe?alert={}&key={}",
            alert.id,
            self.key("alert-unsubscribe", alert.id, &alert.link_key)
        )
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn confirms(&self, alert: &AlertRow, key: &str) -> bool {
        same(&self.key("alert-confirm", alert.id, &alert.link_key), key)
    }

    pub fn manages(&self, subscriber: &SubscriberRow, key: &str) -> bool {
        same(&self.key("alert-manage", subscriber.id, &subscriber.link_key), key)
    }

    pub fn unsubscribes(&self, alert: &AlertRow, key: &str) -> bool {
        same(&self.key("alert-unsubscribe", alert.id, &alert.link_key), key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alert(id: i64, link_key: &str) -> AlertRow {
        AlertRow {
            id,
            subscriber_id: 1,
            email: "ada@example.com".into(),
            link_key: link_key.into(),
            query: String::new(),
            frequency: crate::model::AlertFrequency::Daily,
            confirmed_at: None,
            paused_at: None,
            since: crate::model::Time::EPOCH,
            due_at: crate::model::Time::EPOCH,
            created_at: crate::model::Time::EPOCH,
        }
    }

    #[test]
    fn a_link_opens_only_its_own_alert_and_only_for_its_purpose() {
        let secret = Secret::from_setting(&"k".repeat(40)).expect("secret");
        let links = Links { secret: &secret, base: "https://farcoder.example" };
        let path = links.unsubscribe_path(&alert(7, "a"));
        let key = path.rsplit("key=").next().expect("key");
        assert!(links.unsubscribes(&alert(7, "a"), key));
        assert!(!links.unsubscribes(&alert(8, "a"), key), "another alert");
        assert!(!links.unsubscribes(&alert(7, "b"), key), "a rotated link key");
        assert!(!links.confirms(&alert(7, "a"), key), "another purpose");
        assert!(!links.unsubscribes(&alert(7, "a"), &key[1..]));
    }
}
