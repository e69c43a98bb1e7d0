//! The [`ClientBuilder`] settings of response decoding: strictness and
//! observations (`crate::decode`).

use std::sync::Arc;

use super::ClientBuilder;
use crate::Observation;
use crate::decode::ObservationHook;

impl ClientBuilder {
    /// Strict decoding for every call (default: off). Off, a response that
    /// departs from the spec is corrected to stay typed and each correction
    /// is reported ([`Response::corrections`](crate::Response::corrections),
    /// [`Page::corrections`](crate::Page::corrections)); on, any departure
    /// is an [`Error::Decode`](crate::Error::Decode) with the path of the
    /// first one and the whole body. One call can be made strict with
    /// [`RequestOptions::strict`](crate::RequestOptions::strict).
    pub fn strict(mut self, strict: bool) -> Self {
        self.decoding.strict = strict;
        self
    }

    /// Calls `hook` with every [`Observation`]: each correction's shape,
    /// each unknown enum value or union variant and, with
    /// [`observe_unknown_fields`](ClientBuilder::observe_unknown_fields),
    /// each unknown field. It runs on the decoding task, so it should be
    /// quick (send the observation on a channel for slow work). Each is also
    /// a `tracing` event at target `postpress::observation`.
    ///
    /// ```
    /// # fn main() -> Result<(), postpress::Error> {
    /// let client = postpress::Client::builder()
    ///     .api_key("pp_live_...")
    ///     .on_observation(|seen| {
    ///         // One JSON line per observation, values left out.
    ///         eprintln!("{}", serde_json::to_string(seen).unwrap_or_default());
    ///     })
    ///     .build()?;
    /// # Ok(()) }
    /// ```
    pub fn on_observation(mut self, hook: impl Fn(&Observation) + Send + Sync + 'static) -> Self {
        self.decoding.hook = Some(ObservationHook(Arc::new(hook)));
        self
    }

    /// Observes fields the spec does not have ([`ObservationKind::UnknownField`](crate::ObservationKind::UnknownField);
    /// default: off). Each response is then also read by the tolerant
    /// decoder, which sees every member the types have no field for (its
    /// cost is in BENCHMARKS.md).
    pub fn observe_unknown_fields(mut self, observe: bool) -> Self {
        self.decoding.unknown_fields = observe;
        self
    }
}
