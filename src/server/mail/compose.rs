//! Turning an outbox row into an RFC 5322 message. lettre writes every
//! header: encoded words for non-ASCII subjects and names, `Date`, a
//! `Message-ID` that stays the same if the row is sent again (so a receiver
//! can drop the copy), and RFC 8058's one-click unsubscribe for digests.

use lettre::message::dkim::{
    DkimCanonicalization, DkimCanonicalizationType, DkimConfig, DkimSigningAlgorithm, DkimSigningKey,
};
use lettre::message::header::{ContentType, Header, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart, SinglePart};

use crate::server::mail::error::MailError;
use crate::server::mail::settings::MailSettings;
use crate::server::repo::outbox::Message;

pub struct Composer {
    from: Mailbox,
    /// The `From` address's domain: the right half of each `Message-ID`.
    domain: String,
    dkim: Option<DkimConfig>,
}

#[derive(Debug, thiserror::Error)]
pub enum ComposeError {
    #[error("the recipient `{0}` is not an e-mail address")]
    Recipient(String),
    #[error("the message could not be built: {0}")]
    Build(#[from] lettre::error::Error),
}

impl Composer {
    pub fn new(settings: &MailSettings) -> Result<Composer, MailError> {
        let from: Mailbox = settings
            .from
            .parse()
            .map_err(|e| MailError::Settings(format!("FARCODER_MAIL_FROM `{}`: {e}", settings.from)))?;
        let domain = from.email.domain().to_owned();
        let dkim = match &settings.dkim {
            None => None,
            Some(dkim) => {
                let pem = std::fs::read_to_string(&dkim.key_file).map_err(|e| {
                    MailError::Settings(format!("cannot read FARCODER_DKIM_KEY_FILE {}: {e}", dkim.key_file.display()))
                })?;
                let key = DkimSigningKey::new(&pem, DkimSigningAlgorithm::Rsa).map_err(|e| {
                    let hint = if pem.contains("BEGIN PRIVATE KEY") {
                        " (a PKCS#8 key: `openssl rsa -in key.pem -traditional -out rsa.pem` gives the PKCS#1 form needed)"
                    } else {
                        ""
                    };
                    MailError::Settings(format!("FARCODER_DKIM_KEY_FILE: {e}{hint}"))
                })?;
                let signing_domain = dkim.domain.clone().unwrap_or_else(|| domain.clone());
                // Relaxed headers too: lettre's default, simple, fails at
                // receivers once a header is refolded (seen with dkimpy).
                let canonical = DkimCanonicalization {
                    header: DkimCanonicalizationType::Relaxed,
                    body: DkimCanonicalizationType::Relaxed,
                };
                // The one-click unsubscribe headers are signed where present
                // and, where absent, signed as absent: no one on the way can
                // add them.
                let signed =
                    ["From", "Subject", "To", "Date", "Message-ID", "List-Unsubscribe", "List-Unsubscribe-Post"]
                        .map(HeaderName::new_from_ascii_str)
                        .to_vec();
                Some(DkimConfig::new(dkim.selector.clone(), signing_domain, key, signed, canonical))
            }
        };
        Ok(Composer { from, domain, dkim })
    }

    pub fn build(&self, message: &Message) -> Result<lettre::Message, ComposeError> {
        let to: Mailbox = message.recipient.parse().map_err(|_| ComposeError::Recipient(message.recipient.clone()))?;
        let mut builder = lettre::Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(message.subject.clone())
            .date_now()
            .message_id(Some(format!("<outbox.{}.{}@{}>", message.id, message.created_at.unix(), self.domain)));
        if let Some(url) = &message.unsubscribe_url {
            builder = builder.header(ListUnsubscribe(url.clone())).header(ListUnsubscribePost);
        }
        let mut email = match &message.html {
            Some(html) => builder.multipart(MultiPart::alternative_plain_html(message.body.clone(), html.clone()))?,
            None => {
                builder.singlepart(SinglePart::builder().header(ContentType::TEXT_PLAIN).body(message.body.clone()))?
            }
        };
        if let Some(dkim) = &self.dkim {
            email.sign(dkim);
        }
        Ok(email)
    }
}

/// The composed message as text, for a test or a log of development mail.
pub fn compose(settings: &MailSettings, message: &Message) -> Result<String, MailError> {
    let email = Composer::new(settings)?.build(message).map_err(|e| MailError::Settings(e.to_string()))?;
    Ok(String::from_utf8_lossy(&email.formatted()).into_owned())
}

/// `List-Unsubscribe: <https://…>` (RFC 2369).
#[derive(Clone, Debug)]
struct ListUnsubscribe(String);

impl Header for ListUnsubscribe {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe")
    }

    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(ListUnsubscribe(s.trim().trim_start_matches('<').trim_end_matches('>').to_owned()))
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), format!("<{}>", self.0))
    }
}

/// `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058): a mail
/// client may unsubscribe with one POST, no page in between.
#[derive(Clone, Debug)]
struct ListUnsubscribePost;

impl Header for ListUnsubscribePost {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe-Post")
    }

    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(ListUnsubscribePost)
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "List-Unsubscribe=One-Click".to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(subject: &str, html: Option<&str>, unsubscribe: Option<&str>) -> Message {
        Message {
            id: 7,
            recipient: "zoe@example.com".into(),
            subject: subject.into(),
            body: "Plain words.\nhttps://farcoder.example/alerts/manage?token=abc\n".into(),
            html: html.map(str::to_owned),
            unsubscribe_url: unsubscribe.map(str::to_owned),
            attempts: 0,
            created_at: crate::model::Time::from_unix(1_700_000_000),
        }
    }

    #[test]
    fn headers_are_lettres_and_encoded() {
        let mut settings = MailSettings::files("/nonexistent".into());
        settings.from = "FarCoder Jöbs <no-reply@farcoder.example>".into();
        let text = compose(&settings, &row("Größere Gehälter — new jobs", None, None)).expect("compose");
        let headers = text.split("\r\n\r\n").next().unwrap_or_default();
        assert!(headers.is_ascii(), "headers are 7-bit: {headers}");
        assert!(headers.contains("Subject: =?utf-8?"), "{headers}");
        assert!(headers.contains("From: =?utf-8?"), "{headers}");
        assert!(headers.contains("Message-ID: <outbox.7.1700000000@farcoder.example>"), "{headers}");
        assert!(headers.contains("\r\nDate: "), "{headers}");
        assert!(!headers.contains("List-Unsubscribe"), "only digests carry it");
    }

    #[test]
    fn digests_have_both_parts_and_one_click_unsubscribe() {
        let settings = MailSettings::files("/nonexistent".into());
        let url = "https://farcoder.example/alerts/unsubscribe?token=xyz";
        let text = compose(&settings, &row("3 new jobs", Some("<p>Plain words.</p>"), Some(url))).expect("compose");
        assert!(text.contains(&format!("List-Unsubscribe: <{url}>")), "{text}");
        assert!(text.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"), "{text}");
        assert!(text.contains("multipart/alternative"), "{text}");
        assert!(text.contains("Content-Type: text/plain") && text.contains("Content-Type: text/html"), "{text}");
    }

    #[test]
    fn a_bad_recipient_is_refused_before_sending() {
        let settings = MailSettings::files("/nonexistent".into());
        let mut message = row("Hi", None, None);
        message.recipient = "not an address".into();
        assert!(matches!(Composer::new(&settings).expect("composer").build(&message), Err(ComposeError::Recipient(_))));
    }
}
