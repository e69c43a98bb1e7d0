//! The spec-edit pairs that prove `cargo xtask diff`'s verdicts against
//! cargo-semver-checks on the generated crate, and their checked-in table
//! (`xtask/SEMVER_PAIRS.md`).
//!
//! Each pair is one edit of the real `openapi/postpress.yaml` (plus, where a
//! maintainer would have to make it too, the matching edit of the handwritten
//! layer). The test below keeps the table's `cargo xtask diff` column true on
//! every run; the cargo-semver-checks column is refreshed by
//! `cargo xtask semver --pairs` (CONTRIBUTING.md, "Updating the spec": it takes minutes).

use std::collections::BTreeMap;
use std::path::Path;

use crate::codegen::SPEC_PATH;

/// The checked-in table, relative to the workspace root.
pub const TABLE: &str = "xtask/SEMVER_PAIRS.md";

/// One spec edit, with what a release would need beside it.
pub struct Pair {
    pub name: &'static str,
    /// The edit in a few words, for the table.
    pub edit: &'static str,
    pub edits: &'static [Edit],
    /// Where `cargo xtask diff` says breaking and cargo-semver-checks cannot
    /// see it: the lint it lacks. Our rule is the stricter one there.
    pub blind: Option<&'static str>,
}

/// A textual edit of one file; its anchor must occur exactly once.
pub enum Edit {
    Replace {
        file: &'static str,
        from: &'static str,
        to: &'static str,
    },
    /// Removes everything from `start` up to (not including) `end`.
    Cut {
        file: &'static str,
        start: &'static str,
        end: &'static str,
    },
}

const SPEC: &str = SPEC_PATH;
const RELATION_PICTURE: &str =
    "          description: Link to the profile photo.\n    # ---- POST /linkedin/search";
const RELATION_REQUIRED: &str = "required: [object, first_name, last_name, headline, \
     public_identifier, public_profile_url, created_at,";
const SAVE_LEAD_LIST: &str = "          description: Lead list to save into.\n";
const SAVE_LEAD_REQUIRED: &str = "      required: [account_id, api, action]\n";
const REJECT_REASONS: &str = "WITHDREW_APPLICATION, NOT_CONSIDERED_OR_REASON_NOT_SPECIFIED]";
const MESSAGE_STATUS: &str = "enum: [PENDING, ACCEPTED, DECLINED, AWAITING_REPLY]";
const RELATIONS_LIMIT: &str = "            maximum: 1000\n            default: 100\n";
const NOTIFY_PARAM: &str = "        - name: notify\n";
const NOTIFICATION_TEXT: &str = "          description: Text of the notification.\n";

const fn replace(from: &'static str, to: &'static str) -> Edit {
    Edit::Replace {
        file: SPEC,
        from,
        to,
    }
}

/// Every pair, in table order.
pub const PAIRS: &[Pair] = &[
    Pair {
        name: "response-field-added",
        edit: "optional field `is_premium` added to `UserRelation` (response)",
        edits: &[replace(
            RELATION_PICTURE,
            "          description: Link to the profile photo.\n        is_premium:\n          \
             type: boolean\n    # ---- POST /linkedin/search",
        )],
        blind: None,
    },
    Pair {
        name: "response-field-added-required",
        edit: "required field `is_premium` added to `UserRelation` (response)",
        edits: &[
            replace(
                RELATION_PICTURE,
                "          description: Link to the profile photo.\n        is_premium:\n          \
                 type: boolean\n    # ---- POST /linkedin/search",
            ),
            replace(
                RELATION_REQUIRED,
                "required: [object, is_premium, first_name, last_name, headline, \
                 public_identifier, public_profile_url, created_at,",
            ),
        ],
        blind: None,
    },
    Pair {
        name: "response-field-removed",
        edit: "optional field `profile_picture_url` removed from `UserRelation` (response)",
        edits: &[replace(
            "        profile_picture_url:\n          type: string\n          description: Link to the profile photo.\n    # ---- POST /linkedin/search",
            "    # ---- POST /linkedin/search",
        )],
        blind: None,
    },
    Pair {
        name: "request-field-added",
        edit: "optional field `note` added to `SalesNavigatorSaveLeadAction` (request body)",
        edits: &[replace(
            SAVE_LEAD_LIST,
            "          description: Lead list to save into.\n        note:\n          type: string\n",
        )],
        blind: None,
    },
    Pair {
        name: "request-field-added-required",
        edit: "required field `note` added to `SalesNavigatorSaveLeadAction` (request body)",
        edits: &[
            replace(
                SAVE_LEAD_LIST,
                "          description: Lead list to save into.\n        note:\n          type: string\n",
            ),
            replace(
                SAVE_LEAD_REQUIRED,
                "      required: [account_id, api, action, note]\n",
            ),
        ],
        blind: None,
    },
    Pair {
        name: "request-field-made-required",
        edit: "`SalesNavigatorSaveLeadAction.list_id` optional → required (request body)",
        edits: &[replace(
            SAVE_LEAD_REQUIRED,
            "      required: [account_id, api, action, list_id]\n",
        )],
        blind: None,
    },
    Pair {
        name: "request-field-made-optional",
        edit: "`RejectionNotification.message` required → optional (request body)",
        edits: &[replace(
            "      required: [message]\n      properties:\n        message:\n          type: string\n          description: Text of the notification.\n",
            "      properties:\n        message:\n          type: string\n          description: Text of the notification.\n",
        )],
        blind: None,
    },
    Pair {
        name: "request-enum-value-added",
        edit: "value `OVERQUALIFIED` added to `RecruiterRejectApplicantActionReason` (request enum)",
        edits: &[replace(
            REJECT_REASONS,
            "WITHDREW_APPLICATION, NOT_CONSIDERED_OR_REASON_NOT_SPECIFIED, OVERQUALIFIED]",
        )],
        blind: None,
    },
    Pair {
        name: "request-enum-value-removed",
        edit: "value `WITHDREW_APPLICATION` removed from `RecruiterRejectApplicantActionReason` (request enum)",
        edits: &[replace(
            REJECT_REASONS,
            "NOT_CONSIDERED_OR_REASON_NOT_SPECIFIED]",
        )],
        blind: None,
    },
    Pair {
        name: "response-enum-value-added",
        edit: "value `EXPIRED` added to `MessageActivityStatus` (response enum)",
        edits: &[replace(
            MESSAGE_STATUS,
            "enum: [PENDING, ACCEPTED, DECLINED, AWAITING_REPLY, EXPIRED]",
        )],
        blind: None,
    },
    Pair {
        name: "response-enum-value-removed",
        edit: "value `AWAITING_REPLY` removed from `MessageActivityStatus` (response enum)",
        edits: &[replace(
            MESSAGE_STATUS,
            "enum: [PENDING, ACCEPTED, DECLINED]",
        )],
        blind: None,
    },
    Pair {
        name: "response-union-variant-added",
        edit: "variant `RecruiterSeatError` added to `SalesNavigatorSeatStatus` (generated response union)",
        edits: &[replace(
            "        - $ref: '#/components/schemas/SalesNavigatorSeatError'\n",
            "        - $ref: '#/components/schemas/SalesNavigatorSeatError'\n        - $ref: '#/components/schemas/RecruiterSeatError'\n",
        )],
        blind: None,
    },
    Pair {
        name: "request-union-variant-added",
        edit: "variant `RejectionNotification` added to `LinkedinSearchRequest` (request union)",
        edits: &[replace(
            "        - $ref: '#/components/schemas/CursorSearch'\n",
            "        - $ref: '#/components/schemas/CursorSearch'\n        - $ref: '#/components/schemas/RejectionNotification'\n",
        )],
        blind: None,
    },
    Pair {
        name: "operation-removed",
        edit: "operation `linkedin_user_action` removed (and its `send` in src/http/send.rs)",
        edits: &[
            Edit::Cut {
                file: SPEC,
                start: "  /linkedin/user/{user_id}:\n",
                end: "components:\n",
            },
            Edit::Replace {
                file: "src/http/send.rs",
                from: "    /// Sends `POST /linkedin/user/{user_id}`: acts on a LinkedIn user.\n    /// Not idempotent: the SDK never repeats it after the request was sent.\n    LinkedinUserAction => types::LinkedinPerformActionOnUser;\n",
                to: "",
            },
        ],
        blind: None,
    },
    Pair {
        name: "parameter-added-optional",
        edit: "optional query parameter `locale` added to `get_user`",
        edits: &[replace(
            NOTIFY_PARAM,
            "        - name: locale\n          in: query\n          required: false\n          \
             schema:\n            type: string\n        - name: notify\n",
        )],
        blind: None,
    },
    Pair {
        name: "parameter-added-required",
        edit: "required query parameter `locale` added to `get_user`",
        edits: &[replace(
            NOTIFY_PARAM,
            "        - name: locale\n          in: query\n          required: true\n          \
             schema:\n            type: string\n        - name: notify\n",
        )],
        blind: Some(
            "no lint for a builder value that `send()` now requires (a runtime check, the builder's signature is unchanged)",
        ),
    },
    Pair {
        name: "response-field-type-changed",
        edit: "`UserRelation.created_at` integer → string (response)",
        edits: &[replace(
            "        created_at:\n          type: integer\n          format: int64\n          description: When the connection was made",
            "        created_at:\n          type: string\n          description: When the connection was made",
        )],
        blind: Some("no lint for a change of a public field's type"),
    },
    Pair {
        name: "request-field-type-changed",
        edit: "`RejectionNotification.send_notification_at` integer → string (request body)",
        edits: &[replace(
            "        send_notification_at:\n          type: integer\n          format: int64\n",
            "        send_notification_at:\n          type: string\n",
        )],
        blind: Some(
            "no lint for a change of a public field's type, nor of an `impl Into<T>` argument's bound",
        ),
    },
    Pair {
        name: "response-field-made-optional",
        edit: "`UserRelation.headline` required → optional (response)",
        edits: &[replace(
            RELATION_REQUIRED,
            "required: [object, first_name, last_name, public_identifier, public_profile_url, \
             created_at,",
        )],
        blind: Some("no lint for a public field turning from `T` to `Option<T>` (a type change)"),
    },
    Pair {
        name: "response-field-made-required",
        edit: "`UserRelation.profile_picture_url` optional → required (response)",
        edits: &[replace(
            "member_id, member_urn, connection_urn]",
            "member_id, member_urn, connection_urn, profile_picture_url]",
        )],
        blind: Some("no lint for a public field turning from `Option<T>` to `T` (a type change)"),
    },
    Pair {
        name: "request-limit-tightened",
        edit: "`list_relations` query `limit` maximum 1000 → 500",
        edits: &[replace(
            RELATIONS_LIMIT,
            "            maximum: 500\n            default: 100\n",
        )],
        blind: Some(
            "no lint for a validation limit (checked at run time, the types are unchanged)",
        ),
    },
    Pair {
        name: "request-limit-loosened",
        edit: "`list_relations` query `limit` maximum 1000 → 2000",
        edits: &[replace(
            RELATIONS_LIMIT,
            "            maximum: 2000\n            default: 100\n",
        )],
        blind: None,
    },
    Pair {
        name: "request-field-length-limit-added",
        edit: "`RejectionNotification.message` gains maxLength 2000 (request body)",
        edits: &[replace(
            NOTIFICATION_TEXT,
            "          maxLength: 2000\n          description: Text of the notification.\n",
        )],
        blind: Some(
            "no lint for a public field's type change (`String` → a validated newtype), nor of an `impl Into<T>` argument's bound",
        ),
    },
];

/// The edited text of every file `pair` touches, from the files under `root`.
pub fn apply(root: &Path, pair: &Pair) -> Result<BTreeMap<&'static str, String>, String> {
    let mut files: BTreeMap<&'static str, String> = BTreeMap::new();
    for edit in pair.edits {
        let file = match edit {
            Edit::Replace { file, .. } | Edit::Cut { file, .. } => *file,
        };
        if !files.contains_key(file) {
            let path = root.join(file);
            let text = std::fs::read_to_string(&path)
                .map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
            files.insert(file, text);
        }
        let text = files.get_mut(file).ok_or("file just read")?;
        let once = |anchor: &str| match text.matches(anchor).count() {
            1 => Ok(()),
            n => Err(format!(
                "pair `{}`: {file} contains {anchor:?} {n} times, not once; update the pair in xtask/src/semver_pairs.rs",
                pair.name
            )),
        };
        match edit {
            Edit::Replace { from, to, .. } => {
                once(from)?;
                *text = text.replacen(from, to, 1);
            }
            Edit::Cut { start, end, .. } => {
                once(start)?;
                let from = text.find(start).unwrap_or_default();
                let to = text[from..].find(end).map(|at| from + at).ok_or_else(|| {
                    format!("pair `{}`: {end:?} does not follow {start:?}", pair.name)
                })?;
                text.replace_range(from..to, "");
            }
        }
    }
    Ok(files)
}

/// `cargo xtask diff`'s verdict on `pair`: whether any change is breaking.
pub fn xtask_breaking(root: &Path, pair: &Pair) -> Result<bool, String> {
    let old_text = std::fs::read_to_string(root.join(SPEC))
        .map_err(|e| format!("{SPEC}: cannot read: {e}"))?;
    let files = apply(root, pair)?;
    let new_text = files
        .get(SPEC)
        .ok_or_else(|| format!("pair `{}` does not edit the spec", pair.name))?;
    let old = crate::model::parse(&old_text).map_err(|e| format!("{SPEC}: {e}"))?;
    let new = crate::model::parse(new_text).map_err(|e| format!("pair `{}`: {e}", pair.name))?;
    Ok(crate::diff::diff(&old, &new).iter().any(|c| c.breaking))
}

#[cfg(test)]
#[path = "semver_pairs_tests.rs"]
mod tests;
