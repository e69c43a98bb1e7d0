//! The kinds of call a per-account budget applies to. A leaf module: the
//! error enum (`Error::QuotaExhausted`), the limits and the generated
//! operations table all name a kind, and it names none of them.

use std::fmt;

macro_rules! call_kinds {
    ($( $(#[$doc:meta])* $variant:ident = $name:literal, )+) => {
        /// The kind of call a budget applies to. Every operation that acts for
        /// an account has one kind ([`CallKind::of_operation`]; the table of
        /// operations is generated from the spec, `codegen/operations.rs`).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum CallKind {
            $( $(#[$doc])* $variant, )+
        }

        impl CallKind {
            /// Every kind.
            pub const ALL: &'static [CallKind] = &[$( CallKind::$variant, )+];

            /// A short stable name (`profile_view`, ...), used in keys and messages.
            pub fn name(&self) -> &'static str {
                match self {
                    $( CallKind::$variant => $name, )+
                }
            }
        }
    };
}

call_kinds! {
    /// Viewing someone's profile (`get_user`).
    ProfileView = "profile_view",
    /// Reading the account owner's own profile (`get_own_profile`): not a
    /// view of anyone else's profile, so it has its own kind and does not
    /// spend the profile-view budget.
    OwnProfile = "own_profile",
    /// One page of the account's relations (`list_relations`).
    RelationPage = "relation_page",
    /// One page of a search (`linkedin_search`).
    Search = "search",
    /// An action on a user: invitation, message, ... (`linkedin_user_action`).
    UserAction = "user_action",
}

impl fmt::Display for CallKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
