//! The walker on a small spec of its own: enums, closed and open objects,
//! a tagged union.

use serde_json::{Value, json};

use super::super::observation::Kind;
use super::super::walk::Walker;

fn document() -> Value {
    let schema = |name: &str| json!({"$ref": format!("#/components/schemas/{name}")});
    json!({"components": {"schemas": {
        "Color": {"type": "string", "enum": ["RED", "BLUE"]},
        "Pet": {
            "type": "object", "required": ["name"], "additionalProperties": false,
            "properties": {
                "name": {"type": "string"}, "color": schema("Color"),
                "nick": {"type": "string", "nullable": true},
                "pal": {"oneOf": [schema("Cat")], "discriminator": {"propertyName": "kind"}},
                "mood": {"enum": ["calm"]}
            }
        },
        "A": {"type": "object", "required": ["x"], "properties": {"x": {"type": "string"}}},
        "B": {"type": "object", "required": ["y"], "properties": {"y": {"type": "string"}}},
        "Either": {"oneOf": [schema("A"), schema("B")]},
        "Bag": {"type": "object"},
        "Labels": {"type": "object", "properties": {"a": {"type": "string"}},
                   "additionalProperties": {"type": "string"}},
        "Cat": {"type": "object", "properties": {"kind": {"type": "string"}}},
        "Animal": {"oneOf": [schema("Cat")], "discriminator": {"propertyName": "kind"}}
    }}})
}

/// What walking `body` against the component `name` finds: kind, location,
/// path and expected type of each.
fn walk(name: &str, body: Value) -> Vec<(Kind, String, String, String)> {
    let document = document();
    let schema = json!({"$ref": format!("#/components/schemas/{name}")});
    let mut walker = Walker::new(&document, "op", 200);
    walker.body(&schema, "op.200", &body);
    let found = walker.found.into_iter();
    found
        .map(|o| (o.kind, o.location, o.path, o.expected))
        .collect()
}

#[test]
fn an_unknown_enum_value_and_a_field_a_closed_object_lacks_are_reported() {
    let found = walk("Pet", json!({"name": "n", "color": "GREEN", "extra": 1}));
    let expected = [
        (Kind::UnknownEnumValue, "Pet.color", "color", "Color"),
        (Kind::UnknownField, "Pet.extra", "extra", "absent"),
    ];
    let expected = expected.map(|(k, l, p, e)| (k, l.into(), p.into(), e.into()));
    assert_eq!(found, expected);
}

#[test]
fn free_form_objects_and_maps_take_any_key() {
    assert_eq!(walk("Bag", json!({"anything": 1})), []);
    assert_eq!(walk("Labels", json!({"a": "x", "b": "y"})), []);
}

#[test]
fn an_unknown_tag_is_reported_at_the_union() {
    let found = walk("Animal", json!({"kind": "Fish"}));
    let expected = (
        Kind::UnknownVariant,
        "Animal".into(),
        "".into(),
        "Animal".into(),
    );
    assert_eq!(found, [expected]);
}

#[test]
fn a_named_object_of_another_type_expects_an_object_and_null_follows_nullable() {
    let wrong = walk("Pet", json!(5));
    assert_eq!(
        wrong,
        [(Kind::WrongType, "op.200".into(), "".into(), "object".into())]
    );
    // `nick` is nullable, `name` is not.
    let found = walk("Pet", json!({"name": null, "nick": null}));
    let null = (
        Kind::NullRequired,
        "Pet.name".into(),
        "name".into(),
        "string".into(),
    );
    assert_eq!(found, [null]);
    // Nor is `Color`, behind a `$ref`.
    let found = walk("Pet", json!({"name": "n", "color": null}));
    let null = (
        Kind::NullOptional,
        "Pet.color".into(),
        "color".into(),
        "Color".into(),
    );
    assert_eq!(found, [null]);
}

#[test]
fn an_untagged_union_is_walked_as_its_best_fit_the_first_on_a_tie() {
    assert_eq!(walk("Either", json!({"y": "b"})), []);
    let tie = walk("Either", json!({}));
    let missing = (
        Kind::MissingRequired,
        "A.x".into(),
        "x".into(),
        "string".into(),
    );
    assert_eq!(tie, [missing]);
}

#[test]
fn an_inline_union_is_expected_by_its_location_and_an_untyped_enum_as_any() {
    let found = walk("Pet", json!({"name": "n", "pal": 5, "mood": "wild"}));
    let expected = [
        (Kind::UnknownEnumValue, "Pet.mood", "mood", "any"),
        (Kind::WrongType, "Pet.pal", "pal", "Pet.pal"),
    ];
    let expected = expected.map(|(k, l, p, e)| (k, l.into(), p.into(), e.into()));
    assert_eq!(found, expected);
}
