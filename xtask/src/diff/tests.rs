//! Each rule of the diff, proven with a pair of spec versions: a small base
//! spec and one edit.

use super::{Change, diff, markdown};
use crate::model::parse;

const BASE: &str = r##"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /users/{id}:
    get:
      operationId: get_user
      parameters:
        - {name: id, in: path, required: true, schema: {type: string, minLength: 1}}
        - {name: account_id, in: query, required: true, schema: {type: string}}
        - {name: limit, in: query, required: false, schema: {type: integer, minimum: 1, maximum: 1000}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Profile'}
        '404':
          description: missing
  /search:
    post:
      operationId: search
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/SearchRequest'}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Page'}
components:
  schemas:
    Profile:
      oneOf:
        - $ref: '#/components/schemas/LinkedinProfile'
        - $ref: '#/components/schemas/WhatsappProfile'
      discriminator: {propertyName: provider}
    LinkedinProfile:
      type: object
      required: [provider, first_name, headline]
      properties:
        provider: {type: string, enum: [LINKEDIN]}
        first_name: {type: string}
        headline: {type: string}
        network_distance: {type: string, enum: [FIRST_DEGREE, SECOND_DEGREE]}
    WhatsappProfile:
      type: object
      required: [provider, phone]
      properties:
        provider: {type: string, enum: [WHATSAPP]}
        phone: {type: string}
    SearchRequest:
      oneOf:
        - type: object
          required: [api, keywords]
          properties:
            api: {type: string, enum: [classic]}
            keywords: {type: string}
            sort_by: {type: string, enum: [relevance, date]}
        - type: object
          required: [cursor]
          properties:
            cursor: {type: string, minLength: 1}
    Page:
      type: object
      required: [items]
      properties:
        items: {type: array, items: {type: string}}
        cursor: {type: string, nullable: true}
"##;

fn changes_after(edits: &[(&str, &str)]) -> Vec<Change> {
    let mut edited = BASE.to_string();
    for (from, to) in edits {
        assert!(edited.contains(from), "the base spec contains {from:?}");
        edited = edited.replacen(from, to, 1);
    }
    let old = parse(BASE).expect("base parses");
    let new = parse(&edited).expect("edited spec parses");
    diff(&old, &new)
}

fn breaking(changes: &[Change]) -> Vec<String> {
    changes
        .iter()
        .filter(|c| c.breaking)
        .map(|c| format!("{}: {}", c.subject, c.what))
        .collect()
}

fn only_change(changes: &[Change]) -> &Change {
    assert_eq!(changes.len(), 1, "{changes:#?}");
    &changes[0]
}

#[test]
fn identical_specs_have_no_changes() {
    assert!(changes_after(&[]).is_empty());
}

#[test]
fn a_removed_response_field_is_breaking() {
    let changes = changes_after(&[("        headline: {type: string}\n", "")]);
    let change = only_change(&changes);
    assert!(change.breaking);
    assert_eq!(change.subject, "`LinkedinProfile.headline` (response)");
    assert!(change.what.contains("field removed"), "{}", change.what);
}

#[test]
fn a_new_required_query_parameter_is_breaking() {
    let changes = changes_after(&[(
        "        - {name: account_id,",
        "        - {name: since, in: query, required: true, schema: {type: string}}\n        - {name: account_id,",
    )]);
    let change = only_change(&changes);
    assert!(change.breaking);
    assert_eq!(change.subject, "`get_user` query parameter `since`");
}

#[test]
fn a_new_optional_query_parameter_is_not_breaking() {
    let changes = changes_after(&[(
        "        - {name: account_id,",
        "        - {name: since, in: query, required: false, schema: {type: string}}\n        - {name: account_id,",
    )]);
    assert!(!only_change(&changes).breaking);
}

#[test]
fn a_removal_inside_an_inline_one_of_variant_is_breaking() {
    // Optic misses this one: the field sits in a oneOf branch.
    let changes = changes_after(&[(
        "            sort_by: {type: string, enum: [relevance, date]}\n",
        "",
    )]);
    let change = only_change(&changes);
    assert!(change.breaking);
    assert_eq!(change.subject, "`SearchRequest.oneOf[0].sort_by` (request)");
}

#[test]
fn a_removal_inside_a_referenced_one_of_variant_is_breaking() {
    let changes = changes_after(&[("        phone: {type: string}\n", "")]);
    assert_eq!(
        breaking(&changes),
        [
            "`WhatsappProfile.phone` (response): field removed: code that reads or sets it no longer compiles"
        ]
    );
}

#[test]
fn a_removed_union_variant_is_breaking_and_an_added_response_variant_is_not() {
    let removed = changes_after(&[(
        "        - $ref: '#/components/schemas/WhatsappProfile'\n",
        "",
    )]);
    assert!(
        breaking(&removed)
            .iter()
            .any(|c| c.contains("variant `WhatsappProfile` removed")),
        "{removed:#?}"
    );
    let added = changes_after(&[(
        "        - $ref: '#/components/schemas/WhatsappProfile'\n",
        "        - $ref: '#/components/schemas/WhatsappProfile'\n        - $ref: '#/components/schemas/Page'\n",
    )]);
    assert!(breaking(&added).is_empty(), "{added:#?}");
    assert!(
        added
            .iter()
            .any(|c| c.what.contains("variant `Page` added"))
    );
}

#[test]
fn a_removed_request_value_is_breaking_and_an_added_response_value_is_not() {
    let removed = changes_after(&[("enum: [relevance, date]", "enum: [relevance]")]);
    let change = only_change(&removed);
    assert!(change.breaking);
    assert!(
        change.what.contains("allowed values removed: date"),
        "{}",
        change.what
    );

    let added = changes_after(&[(
        "enum: [FIRST_DEGREE, SECOND_DEGREE]",
        "enum: [FIRST_DEGREE, SECOND_DEGREE, THIRD_DEGREE]",
    )]);
    let change = only_change(&added);
    assert!(!change.breaking);
    assert!(change.what.contains("THIRD_DEGREE"));
}

#[test]
fn a_changed_type_is_breaking() {
    let changes = changes_after(&[(
        "        phone: {type: string}",
        "        phone: {type: integer}",
    )]);
    let change = only_change(&changes);
    assert!(change.breaking);
    assert!(
        change.what.contains("from `string` to `integer`"),
        "{}",
        change.what
    );
}

#[test]
fn required_to_optional_in_a_response_is_breaking_but_nullable_to_optional_is_not() {
    let changes = changes_after(&[(
        "required: [provider, first_name, headline]",
        "required: [provider, first_name]",
    )]);
    let change = only_change(&changes);
    assert!(change.breaking);
    assert!(
        change.what.contains("from `T` to `Option<T>`"),
        "{}",
        change.what
    );

    // `cursor` is optional and nullable: making it required but nullable
    // keeps the Rust field `Option<T>`.
    let changes = changes_after(&[(
        "      required: [items]\n",
        "      required: [items, cursor]\n",
    )]);
    assert!(!only_change(&changes).breaking, "{changes:#?}");
}

#[test]
fn a_new_required_request_field_is_breaking_and_an_optional_one_is_not() {
    let required = changes_after(&[
        (
            "          required: [api, keywords]",
            "          required: [api, keywords, region]",
        ),
        (
            "            keywords: {type: string}\n",
            "            keywords: {type: string}\n            region: {type: string}\n",
        ),
    ]);
    assert!(only_change(&required).breaking, "{required:#?}");

    let optional = changes_after(&[(
        "            keywords: {type: string}\n",
        "            keywords: {type: string}\n            region: {type: string}\n",
    )]);
    assert!(!only_change(&optional).breaking);
}

#[test]
fn new_fields_grow_non_exhaustive_structs_and_a_required_request_field_changes_new() {
    // A response struct is `#[non_exhaustive]`: even a required new field
    // is not breaking.
    let response = changes_after(&[
        (
            "required: [provider, phone]",
            "required: [provider, phone, country]",
        ),
        (
            "        phone: {type: string}\n",
            "        phone: {type: string}\n        country: {type: string}\n",
        ),
    ]);
    let change = only_change(&response);
    assert!(!change.breaking);
    assert!(
        change.what.contains("`#[non_exhaustive]`"),
        "{}",
        change.what
    );

    let optional = changes_after(&[(
        "            keywords: {type: string}\n",
        "            keywords: {type: string}\n            region: {type: string}\n",
    )]);
    let change = only_change(&optional);
    assert!(change.what.contains("a new setter"), "{}", change.what);

    let required = changes_after(&[(
        "          required: [api, keywords]",
        "          required: [api]",
    )]);
    let change = only_change(&required);
    assert!(change.breaking);
    assert!(change.what.contains("`new`"), "{}", change.what);
}

#[test]
fn a_new_request_value_grows_a_non_exhaustive_enum() {
    let added = changes_after(&[("enum: [relevance, date]", "enum: [relevance, date, views]")]);
    let change = only_change(&added);
    assert!(!change.breaking);
    assert!(
        change.what.contains("`#[non_exhaustive]` enum"),
        "{}",
        change.what
    );
}

#[test]
fn request_limits_that_tighten_are_breaking_and_loosened_ones_are_not() {
    let tighter = changes_after(&[("minimum: 1, maximum: 1000", "minimum: 1, maximum: 100")]);
    assert!(only_change(&tighter).breaking);
    let looser = changes_after(&[("minimum: 1, maximum: 1000", "minimum: 1, maximum: 5000")]);
    assert!(!only_change(&looser).breaking);
}

#[test]
fn a_length_limit_on_a_field_changes_its_rust_type() {
    let changes = changes_after(&[(
        "        phone: {type: string}",
        "        phone: {type: string, minLength: 3}",
    )]);
    let change = only_change(&changes);
    assert!(change.breaking);
    assert!(change.what.contains("newtype"), "{}", change.what);
}

#[test]
fn a_removed_operation_is_breaking_and_a_changed_error_list_is_not() {
    let removed = changes_after(&[(
        "    post:\n      operationId: search",
        "    put:\n      operationId: search_v2",
    )]);
    assert!(
        breaking(&removed)
            .iter()
            .any(|c| c.starts_with("operation `search`: removed"))
    );
    assert!(
        removed
            .iter()
            .any(|c| c.subject == "operation `search_v2`" && !c.breaking)
    );

    let errors = changes_after(&[("        '404':\n          description: missing\n", "")]);
    assert!(!only_change(&errors).breaking);
}

#[test]
fn the_markdown_names_each_breaking_change() {
    let changes = changes_after(&[
        ("        headline: {type: string}\n", ""),
        (
            "        - {name: account_id,",
            "        - {name: since, in: query, required: true, schema: {type: string}}\n        - {name: account_id,",
        ),
    ]);
    let text = markdown(&changes, "HEAD", "working tree");
    assert!(text.contains("**2 breaking**, 0 other."), "{text}");
    assert!(text.contains("`LinkedinProfile.headline`"), "{text}");
    assert!(
        text.contains("`get_user` query parameter `since`"),
        "{text}"
    );
}

#[test]
fn the_real_spec_parses_and_equals_itself() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../openapi/postpress.yaml");
    let text = std::fs::read_to_string(root).expect("spec");
    let api = parse(&text).expect("the spec parses");
    assert_eq!(api.operations.len(), 5);
    assert!(api.types["LinkedinSearchRequest"].usage.request);
    assert!(api.types["UserProfile"].usage.response);
    assert!(diff(&api, &api).is_empty());
}
