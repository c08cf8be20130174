//! The second wall behind the guard: an answer that grows past a few megabytes is
//! ended with a clear error. The guard's cost bounds the number of fields, not their
//! size (a description holds up to thousands of characters), so the resolved values
//! are counted as they are produced: once past the limit, every field not yet
//! resolved fails at once, no further work is done, and the server answers the error
//! alone, so the partial answer's memory is freed with the request.

use std::sync::{
    Arc,
    atomic::{AtomicBool, AtomicUsize, Ordering},
};

use async_graphql::{
    ServerError, ServerResult, Value,
    extensions::{Extension, ExtensionContext, ExtensionFactory, NextResolve, ResolveInfo},
};

/// The largest answer, in bytes of JSON (about).
pub const MAX_ANSWER_BYTES: usize = 8 * 1024 * 1024;

/// `extensions.reason` of an answer ended for its size.
pub const ANSWER_TOO_LARGE: &str = "ANSWER_TOO_LARGE";

/// Counts each request's answer as it is resolved (one counter per request).
pub struct AnswerLimit {
    pub max_bytes: usize,
}

impl ExtensionFactory for AnswerLimit {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(AnswerBudget { max: self.max_bytes, used: AtomicUsize::new(0), ended: AtomicBool::new(false) })
    }
}

struct AnswerBudget {
    max: usize,
    used: AtomicUsize,
    ended: AtomicBool,
}

/// The bytes a value adds to the answer, without the objects inside it: their fields
/// pass through `resolve` themselves and are counted there.
fn own_size(value: &Value) -> usize {
    match value {
        Value::String(s) => s.len() + 2,
        Value::Number(_) => 8,
        Value::Boolean(_) | Value::Null => 5,
        Value::Enum(e) => e.len() + 2,
        Value::Binary(b) => b.len() * 2,
        Value::List(items) => items.iter().map(own_size).sum::<usize>() + items.len() + 2,
        Value::Object(_) => 2,
    }
}

#[async_trait::async_trait]
impl Extension for AnswerBudget {
    async fn resolve(&self, ctx: &ExtensionContext<'_>, info: ResolveInfo<'_>, next: NextResolve<'_>) -> ServerResult<Option<Value>> {
        if self.ended.load(Ordering::Relaxed) {
            return Err(too_large());
        }
        let key = info.alias.unwrap_or(info.name).len() + 4;
        let value = next.run(ctx, info).await?;
        let size = key + value.as_ref().map_or(5, own_size);
        if self.used.fetch_add(size, Ordering::Relaxed) + size > self.max {
            self.ended.store(true, Ordering::Relaxed);
            return Err(too_large());
        }
        Ok(value)
    }
}

/// The error of an answer ended for its size; `complete_errors` translates it.
fn too_large() -> ServerError {
    let mut error = ServerError::new(ANSWER_TOO_LARGE, None);
    let ext = error.extensions.get_or_insert_with(Default::default);
    ext.set("reason", ANSWER_TOO_LARGE);
    error
}

/// Whether an executed request was ended for its size.
pub fn ended(errors: &[ServerError]) -> bool {
    let reason = |e: &ServerError| e.extensions.as_ref().and_then(|x| x.get("reason")).cloned();
    errors.iter().any(|e| reason(e) == Some(Value::String(ANSWER_TOO_LARGE.into())))
}
