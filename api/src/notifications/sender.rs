//! Sending a notice outside the platform (SMS or e-mail) goes through one
//! trait. The logging sender writes what would be sent to the log, without
//! the recipient's full address; a real gateway plugs in behind the same trait.

use std::future::Future;
use std::pin::Pin;

/// A boxed future that can cross threads.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A notice for one person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    /// A mobile number or an e-mail address.
    pub to: String,
    pub subject: String,
    pub body: String,
}

/// Delivers messages; errors are retried by the caller's job, not here.
pub trait MessageSender: Send + Sync {
    fn send<'a>(&'a self, message: &'a Message) -> BoxFuture<'a, anyhow::Result<()>>;
}

/// Logs each message instead of sending it.
pub struct LoggingSender;

impl MessageSender for LoggingSender {
    fn send<'a>(&'a self, message: &'a Message) -> BoxFuture<'a, anyhow::Result<()>> {
        Box::pin(async move {
            tracing::info!(to = %mask(&message.to), subject = %message.subject, "notice (logged, not sent)");
            Ok(())
        })
    }
}

/// `13800138000` → `138****8000`; `wang@example.cn` → `w***@example.cn`.
pub fn mask(address: &str) -> String {
    if let Some((local, domain)) = address.split_once('@') {
        let first: String = local.chars().take(1).collect();
        return format!("{first}***@{domain}");
    }
    let chars: Vec<char> = address.chars().collect();
    if chars.len() < 7 {
        return "***".to_owned();
    }
    let head: String = chars[..3].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}****{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_masked_in_logs() {
        assert_eq!(mask("13800138000"), "138****8000");
        assert_eq!(mask("wang@example.cn"), "w***@example.cn");
        assert_eq!(mask("12"), "***");
    }

    #[tokio::test]
    async fn the_logging_sender_accepts_every_message() {
        let message = Message {
            to: "13800138000".into(),
            subject: "受理通知".into(),
            body: "您的投诉已受理。".into(),
        };

        assert!(LoggingSender.send(&message).await.is_ok());
    }
}
