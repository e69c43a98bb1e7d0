//! `chrono` views of the millisecond Unix timestamps the API returns.

use chrono::{DateTime, Utc};

use crate::types;

fn from_millis(millis: i64) -> Option<DateTime<Utc>> {
    DateTime::from_timestamp_millis(millis)
}

impl types::UserRelation {
    /// When the connection was made (`created_at`, milliseconds since the
    /// Unix epoch); `None` if out of `chrono`'s range.
    pub fn created_at_utc(&self) -> Option<DateTime<Utc>> {
        from_millis(self.created_at)
    }
}

impl types::LinkedinUserProfile {
    /// When the user connected with the account (`connected_at`, milliseconds).
    pub fn connected_at_utc(&self) -> Option<DateTime<Utc>> {
        self.connected_at.and_then(from_millis)
    }
}

impl types::LinkedinNote {
    /// When the note was written (`created_at`, milliseconds).
    pub fn created_at_utc(&self) -> Option<DateTime<Utc>> {
        from_millis(self.created_at)
    }
}

impl types::PeopleSearchNote {
    /// When the note was written (`created_at`, milliseconds).
    pub fn created_at_utc(&self) -> Option<DateTime<Utc>> {
        from_millis(self.created_at)
    }
}
