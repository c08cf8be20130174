//! Sending e-mail: through SMTP when configured, else (development) logged and kept
//! in memory for the dev mail page and for tests.

use std::{
    sync::{Arc, Mutex},
    time::Duration,
};

use chrono::{DateTime, Utc};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor, message::header::ContentType};
use migraup_domain::{DomainError, error::DomainResult};

/// A sent message, as kept by the development outbox.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SentMail {
    pub to: String,
    pub subject: String,
    pub body: String,
    pub sent_at: DateTime<Utc>,
}

/// The mail path.
#[derive(Clone)]
pub enum Mailer {
    /// Real SMTP (`MIGRAUP_SMTP_URL`).
    Smtp { transport: AsyncSmtpTransport<Tokio1Executor>, from: String },
    /// Development: log and keep the newest messages.
    Outbox(Arc<Mutex<Vec<SentMail>>>),
}

const OUTBOX_LIMIT: usize = 200;
/// How long connecting to the SMTP server may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// How long sending one message may take in all. lettre's async transport times out
/// only the connect, so a server that accepts and never answers would hold the mail
/// worker for ever; the mail is then tried again later.
const SEND_TIMEOUT: Duration = Duration::from_secs(30);

impl Mailer {
    /// An SMTP mailer from a URL such as `smtp://127.0.0.1:2525` or `smtps://user:pass@host`.
    pub fn smtp(url: &str, from: &str) -> Result<Self, String> {
        let transport =
            AsyncSmtpTransport::<Tokio1Executor>::from_url(url).map_err(|e| e.to_string())?.timeout(Some(CONNECT_TIMEOUT)).build();
        Ok(Mailer::Smtp { transport, from: from.to_owned() })
    }

    /// The development outbox.
    pub fn outbox() -> Self {
        Mailer::Outbox(Arc::default())
    }

    /// Sends one plain-text message. An SMTP server that does not answer in
    /// [`SEND_TIMEOUT`] is `UNAVAILABLE`.
    pub async fn send(&self, to: &str, subject: &str, body: &str) -> DomainResult<()> {
        match self {
            Mailer::Smtp { transport, from } => {
                let message = Message::builder()
                    .from(from.parse().map_err(|_| DomainError::internal())?)
                    .to(to.parse().map_err(|_| DomainError::internal())?)
                    .subject(subject)
                    .header(ContentType::TEXT_PLAIN)
                    .body(body.to_owned())
                    .map_err(|_| DomainError::internal())?;
                match tokio::time::timeout(SEND_TIMEOUT, transport.send(message)).await {
                    Ok(sent) => {
                        sent.map_err(|e| {
                            tracing::error!(error = %e, "sending e-mail failed");
                            DomainError::internal()
                        })?;
                    }
                    Err(_) => {
                        tracing::error!(timeout = ?SEND_TIMEOUT, "the SMTP server did not answer in time");
                        return Err(DomainError::unavailable());
                    }
                }
            }
            Mailer::Outbox(outbox) => {
                tracing::info!(mail.subject = subject, "e-mail kept in the development outbox (no SMTP configured)");
                let mut outbox = outbox.lock().unwrap_or_else(|e| e.into_inner());
                if outbox.len() >= OUTBOX_LIMIT {
                    outbox.remove(0);
                }
                outbox.push(SentMail { to: to.to_owned(), subject: subject.to_owned(), body: body.to_owned(), sent_at: Utc::now() });
            }
        }
        Ok(())
    }

    /// The kept messages, newest last (empty for SMTP).
    pub fn kept(&self) -> Vec<SentMail> {
        match self {
            Mailer::Smtp { .. } => Vec::new(),
            Mailer::Outbox(outbox) => outbox.lock().unwrap_or_else(|e| e.into_inner()).clone(),
        }
    }
}
