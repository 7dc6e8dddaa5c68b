//! The crate's error type. Core code returns it; only the wasm boundary turns it
//! into a `JsError`.

use thiserror::Error;

/// What can go wrong when a lab is configured or run.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum Error {
    /// A configuration value is outside what the lab accepts.
    #[error("invalid setting `{field}`: {reason}")]
    InvalidConfig { field: &'static str, reason: String },
    /// A name that is not one of the known models.
    #[error("unknown model `{0}` (known: single, shared_bottom, omoe, mmoe)")]
    UnknownModel(String),
}

pub type Result<T> = std::result::Result<T, Error>;

/// Fails with [`Error::InvalidConfig`] unless `ok`.
pub fn ensure(ok: bool, field: &'static str, reason: impl FnOnce() -> String) -> Result<()> {
    if ok {
        Ok(())
    } else {
        Err(Error::InvalidConfig { field, reason: reason() })
    }
}
