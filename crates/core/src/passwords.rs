//! Password hashing (argon2id, OWASP parameters) off the async runtime, one hash per
//! core at a time, and the common-password list.
//!
//! Each hashing slot owns its 19 MiB of Argon2 memory for the life of the server. Letting
//! the crate allocate it per hash made glibc raise its mmap threshold and keep every
//! freed block: 4 clients signing in for a few seconds grew the server from 125 MB to
//! 560 MB (`cargo xtask bench`). Reused memory keeps it at the slots' 38 MiB.

use std::{
    collections::HashSet,
    sync::{Arc, Mutex},
};

use argon2::{
    Algorithm, Argon2, Block, Params, Version,
    password_hash::phc::{Output, ParamsString, PasswordHash, Salt},
};
use migraup_domain::{DomainError, Reason, error::DomainResult, validate};
use rand::RngCore as _;
use tokio::sync::Semaphore;

static COMMON: &str = include_str!("../data/common-passwords.txt");

/// Hashes and checks passwords.
pub struct Passwords {
    slots: Arc<Semaphore>,
    /// One Argon2 memory per slot; a holder of a semaphore permit takes one.
    memories: Arc<Mutex<Vec<Vec<Block>>>>,
    common: HashSet<&'static str>,
    /// A hash of a random password, verified for unknown e-mails so timing reveals nothing.
    dummy: std::sync::OnceLock<String>,
}

/// OWASP: m = 19 MiB, t = 2, p = 1.
fn params() -> Params {
    Params::new(19 * 1024, 2, 1, None).expect("valid argon2 parameters")
}

/// The raw Argon2id output for `password`, `salt` and `params`, in `memory` (grown when
/// a stored hash asks for more than the current parameters).
fn compute(memory: &mut Vec<Block>, params: &Params, password: &[u8], salt: &[u8], out: &mut [u8]) -> Result<(), argon2::Error> {
    if memory.len() < params.block_count() {
        memory.resize(params.block_count(), Block::default());
    }
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone()).hash_password_into_with_memory(
        password,
        salt,
        out,
        &mut memory[..params.block_count()],
    )
}

/// A new PHC string (`$argon2id$v=19$m=19456,t=2,p=1$salt$hash`).
fn hash_with(memory: &mut Vec<Block>, password: &[u8]) -> Option<String> {
    let params = params();
    let mut salt = [0u8; 16];
    rand::rng().fill_bytes(&mut salt);
    let mut out = [0u8; 32];
    compute(memory, &params, password, &salt, &mut out).ok()?;
    let hash = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params).ok()?,
        salt: Some(Salt::new(&salt).ok()?),
        hash: Some(Output::new(&out).ok()?),
    };
    Some(hash.to_string())
}

/// Whether `password` matches the PHC string `stored` (compared in constant time).
fn verify_with(memory: &mut Vec<Block>, password: &[u8], stored: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(stored) else { return false };
    let (Ok(params), Some(salt), Some(expected)) = (Params::try_from(&parsed), parsed.salt, parsed.hash) else { return false };
    if parsed.algorithm != Algorithm::Argon2id.ident() {
        return false;
    }
    let mut out = vec![0u8; expected.len()];
    compute(memory, &params, password, &salt, &mut out).is_ok() && Output::new(&out).is_ok_and(|o| o == expected)
}

impl Passwords {
    pub(crate) fn new() -> Self {
        let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
        Passwords {
            slots: Arc::new(Semaphore::new(cores)),
            // Allocated on first use, then kept.
            memories: Arc::new(Mutex::new((0..cores).map(|_| Vec::new()).collect())),
            common: COMMON.lines().filter(|l| !l.starts_with('#')).collect(),
            dummy: std::sync::OnceLock::new(),
        }
    }

    /// Runs `work` on a blocking thread with a slot's memory.
    async fn with_memory<T: Send + 'static>(&self, work: impl FnOnce(&mut Vec<Block>) -> T + Send + 'static) -> Option<T> {
        let _slot = self.slots.acquire().await.ok()?;
        let memories = self.memories.clone();
        let mut memory = memories.lock().unwrap_or_else(|e| e.into_inner()).pop().unwrap_or_default();
        tokio::task::spawn_blocking(move || {
            let result = work(&mut memory);
            memories.lock().unwrap_or_else(|e| e.into_inner()).push(memory);
            result
        })
        .await
        .ok()
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
        self.with_memory(move |memory| hash_with(memory, password.as_bytes())).await.flatten().ok_or_else(|| {
            tracing::error!("password hashing failed");
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
        let ok = self.with_memory(move |memory| verify_with(memory, password.as_bytes(), &hash)).await.unwrap_or(false);
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

    #[test]
    fn hashes_of_the_argon2_crate_verify_too() {
        // A hash made by the crate's own PHC path (as stored before this module reused
        // memory) is still accepted, and ours is accepted by the crate.
        use argon2::{PasswordHasher as _, PasswordVerifier as _};
        let crate_hash =
            Argon2::new(Algorithm::Argon2id, Version::V0x13, params()).hash_password(b"alte Passphrase 2025").unwrap().to_string();
        let mut memory = Vec::new();
        assert!(verify_with(&mut memory, b"alte Passphrase 2025", &crate_hash));
        assert!(!verify_with(&mut memory, b"alte Passphrase 2026", &crate_hash));
        let ours = hash_with(&mut memory, b"neue Passphrase").unwrap();
        assert!(Argon2::default().verify_password(b"neue Passphrase", &PasswordHash::new(&ours).unwrap()).is_ok());
    }
}
