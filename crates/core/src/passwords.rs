//! Password hashing (argon2id, OWASP parameters) off the async runtime, one hash per
//! core at a time, and the common-password list.

use std::{collections::HashSet, sync::Arc};

use argon2::{Algorithm, Argon2, Params, PasswordHasher, PasswordVerifier, Version};
use migraup_domain::{DomainError, Reason, error::DomainResult, validate};
use tokio::sync::Semaphore;

static COMMON: &str = include_str!("../data/common-passwords.txt");

/// Hashes and checks passwords.
pub struct Passwords {
    slots: Arc<Semaphore>,
    common: HashSet<&'static str>,
    /// A hash of a random password, verified for unknown e-mails so timing reveals nothing.
    dummy: std::sync::OnceLock<String>,
}

fn argon2() -> Argon2<'static> {
    // OWASP: m = 19 MiB, t = 2, p = 1.
    let params = Params::new(19 * 1024, 2, 1, None).expect("valid argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

impl Passwords {
    pub(crate) fn new() -> Self {
        let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
        Passwords {
            slots: Arc::new(Semaphore::new(cores)),
            common: COMMON.lines().filter(|l| !l.starts_with('#')).collect(),
            dummy: std::sync::OnceLock::new(),
        }
    }

    /// Checks the rules for a new password: length, and not on the common list.
    pub fn check_new(&self, field: &str, password: &str) -> DomainResult<()> {
        validate::password_length(field, password)?;
        if self.common.contains(password.to_lowercase().as_str()) {
            return Err(DomainError::invalid(field, Reason::PasswordTooCommon));
        }
        Ok(())
    }

    /// Hashes a password on a blocking thread.
    pub async fn hash(&self, password: &str) -> DomainResult<String> {
        let password = password.to_owned();
        let _slot = self.slots.acquire().await.map_err(|_| DomainError::internal())?;
        tokio::task::spawn_blocking(move || argon2().hash_password(password.as_bytes()).map(|h| h.to_string()))
            .await
            .map_err(|_| DomainError::internal())?
            .map_err(|e| {
                tracing::error!(error = %e, "password hashing failed");
                DomainError::internal()
            })
    }

    /// Verifies a password against a stored hash; with `None` it checks a dummy hash and fails.
    pub async fn verify(&self, password: &str, hash: Option<&str>) -> bool {
        let known = hash.is_some();
        let hash = match hash {
            Some(h) => h.to_owned(),
            None => match self.dummy.get() {
                Some(d) => d.clone(),
                None => {
                    let Ok(d) = self.hash("dummy password that nobody uses").await else { return false };
                    self.dummy.get_or_init(|| d).clone()
                }
            },
        };
        let password = password.to_owned();
        let Ok(_slot) = self.slots.acquire().await else { return false };
        let ok = tokio::task::spawn_blocking(move || argon2().verify_password(password.as_bytes(), hash.as_str()).is_ok())
            .await
            .unwrap_or(false);
        ok && known
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_verify_and_common_passwords_are_refused() {
        let p = Passwords::new();
        let hash = p.hash("lange sichere Passphrase").await.unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(p.verify("lange sichere Passphrase", Some(&hash)).await);
        assert!(!p.verify("falsche Passphrase!!", Some(&hash)).await);
        assert!(!p.verify("lange sichere Passphrase", None).await);
        assert_eq!(p.check_new("password", "qwerty123456").unwrap_err().reason, Reason::PasswordTooCommon);
        assert!(p.check_new("password", "Gemüse-Kiste am Mauerpark").is_ok());
    }
}
