//! The crate's error type. Core code returns it; only the wasm boundary turns it
//! into a `JsError`.

use thiserror::Error;

/// What can go wrong when a lab is configured or run.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum Error {
    /// A configuration value is outside what the lab accepts.
    #[error("invalid setting `{field}`: {reason}")]
    InvalidConfig { field: &'static str, reason: String },
    /// A name that is not one of the scenario's models; `known` lists that
    /// scenario's model ids (the tasks race's, the funnel's or watch time's).
    #[error("unknown model `{name}` in the {scenario} scenario (known: {known})")]
    UnknownModel { name: String, scenario: &'static str, known: String },
}

impl Error {
    /// [`Error::UnknownModel`] for `name`, listing the ids `scenario` accepts.
    pub fn unknown_model<'a>(name: &str, scenario: &'static str, known: impl IntoIterator<Item = &'a str>) -> Self {
        let known = known.into_iter().collect::<Vec<_>>().join(", ");
        Error::UnknownModel { name: name.to_string(), scenario, known }
    }
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

#[cfg(test)]
mod tests {
    use crate::models::funnel::FunnelKind;
    use crate::models::watch::WatchKind;
    use crate::models::ModelKind;

    /// Each scenario's unknown-model message names that scenario's models, all of them.
    #[test]
    fn unknown_model_lists_the_scenarios_models() {
        let tasks = "mmo".parse::<ModelKind>().unwrap_err().to_string();
        assert_eq!(tasks, "unknown model `mmo` in the tasks scenario (known: single, shared_bottom, omoe, mmoe, cgc, ple)");
        let funnel = "esm".parse::<FunnelKind>().unwrap_err().to_string();
        assert_eq!(funnel, "unknown model `esm` in the funnel scenario (known: base, division, esmm_ns, esmm)");
        let watch = "mmoe".parse::<WatchKind>().unwrap_err().to_string();
        assert_eq!(watch, "unknown model `mmoe` in the watch scenario (known: ctr, weighted_ce, two_tasks)");
    }
}
