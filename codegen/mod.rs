//! Code generation settings, shared by `build.rs` and `cargo xtask` so both
//! produce byte-identical code from `openapi/postpress.yaml`.
//!
//! This file is included with `#[path]` by both; it depends only on crates
//! both list (`progenitor`, `openapiv3`, `serde_yaml_ng`, `syn`,
//! `prettyplease`, `proc-macro2`).

mod call_context;
mod feature_gates;
mod messages;
mod mock;
mod non_exhaustive;
mod open_enums;
mod operations;
pub mod required_values;
mod schemars;
pub mod spec;
pub mod stamp;
mod struct_deserialize;
mod untagged_unions;

pub use mock::generate_mock;

use std::fmt;

pub use stamp::{MOCK_OUTPUT_FILE, OUTPUT_FILE, SPEC_PATH};

/// Response unions that are generated as plain variant structs by progenitor
/// and dispatched by a handwritten enum (`src/model/unions.rs`): progenitor would
/// make them `#[serde(untagged)]`, which tries each variant in turn, loses the
/// JSON path of a decoding error and rejects variants added later.
pub const HANDWRITTEN_TYPES: &[(&str, &str)] = &[
    ("UserProfile", "crate::model::unions::UserProfile"),
    (
        "AccountOwnerProfile",
        "crate::model::unions::AccountOwnerProfile",
    ),
    (
        "RecruitingActivity",
        "crate::model::unions::RecruitingActivity",
    ),
    ("SearchResult", "crate::model::unions::SearchResult"),
    (
        "PostSearchAttachment",
        "crate::model::unions::PostSearchAttachment",
    ),
    (
        "LinkedinSections",
        "crate::model::sections::LinkedinSections",
    ),
];

/// Why generation failed, naming the file and the problem.
#[derive(Debug)]
pub struct GenerateError {
    pub file: String,
    pub problem: String,
}

impl fmt::Display for GenerateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.file, self.problem)
    }
}

impl std::error::Error for GenerateError {}

/// Every file of [`stamp::GENERATED_FILES`] with its content, in that order.
pub fn generate_all(
    file: &str,
    spec_text: &str,
) -> Result<Vec<(&'static str, String)>, GenerateError> {
    let files = vec![
        (OUTPUT_FILE, generate(file, spec_text)?),
        (MOCK_OUTPUT_FILE, generate_mock(file, spec_text)?),
    ];
    // The checked-in path of `build.rs` copies exactly the listed files.
    if !files
        .iter()
        .map(|(name, _)| *name)
        .eq(stamp::GENERATED_FILES.iter().copied())
    {
        return Err(GenerateError {
            file: file.to_string(),
            problem: "codegen/stamp.rs GENERATED_FILES does not list the generated files"
                .to_string(),
        });
    }
    Ok(files)
}

/// Generates the formatted Rust source for the spec text read from `file`.
pub fn generate(file: &str, spec_text: &str) -> Result<String, GenerateError> {
    let fail = |problem: String| GenerateError {
        file: file.to_string(),
        problem,
    };
    let mut spec: openapiv3::OpenAPI = serde_yaml_ng::from_str(spec_text)
        .map_err(|e| fail(format!("not a valid OpenAPI 3.0 document: {e}")))?;
    if !spec.openapi.starts_with("3.0.") {
        return Err(fail(format!(
            "progenitor reads OpenAPI 3.0.x; this document says {}",
            spec.openapi
        )));
    }
    raw_bodies(&mut spec).map_err(fail)?;
    defaulted_constants(&mut spec);
    nullable_refs(&mut spec);

    let mut generator = progenitor::Generator::new(&settings().map_err(fail)?);
    let tokens = generator
        .generate_tokens(&spec)
        .map_err(|e| fail(format!("progenitor could not generate a client: {e}")))?;
    let mut file_ast: syn::File = syn::parse2(tokens)
        .map_err(|e| fail(format!("progenitor produced code that does not parse: {e}")))?;
    hide_raw_constructors(&mut file_ast);
    messages::user_words(&mut file_ast, &spec);
    let mut raw_send = HideRawSend::default();
    syn::visit_mut::VisitMut::visit_file_mut(&mut raw_send, &mut file_ast);
    if let Some(problem) = raw_send.problem {
        return Err(fail(problem));
    }
    // A progenitor that names its builders' method otherwise would leave
    // every operation without its `send_raw`: fail here, not in `src/`.
    let operations = spec
        .paths
        .paths
        .values()
        .filter_map(|item| item.as_item())
        .map(|item| spec::operations(item).count())
        .sum::<usize>();
    if raw_send.rewritten != operations {
        return Err(fail(format!(
            "{}: rewrote {} builder `send` methods for {operations} operations",
            call_context::PASS,
            raw_send.rewritten
        )));
    }
    open_enums::open_response_enums(&mut file_ast).map_err(fail)?;
    non_exhaustive::mark_growable_types(&mut file_ast).map_err(fail)?;
    schemars::derive_json_schema(&mut file_ast);
    feature_gates::gate_optional_code(&mut file_ast).map_err(fail)?;
    struct_deserialize::lighten_struct_deserialize(&mut file_ast).map_err(fail)?;
    untagged_unions::track_untagged_unions(&mut file_ast).map_err(fail)?;
    file_ast
        .items
        .push(operations::operations(&spec).map_err(fail)?);
    file_ast
        .items
        .push(required_values::required_value_methods(&spec).map_err(fail)?);
    let header = "// @generated by progenitor from openapi/postpress.yaml (settings: codegen/mod.rs).\n\
                  // Do not edit: edit the spec and run `cargo xtask regen`.\n";
    Ok(format!(
        "{header}{}\n{}",
        stamp::line(spec_text),
        prettyplease::unparse(&file_ast)
    ))
}

/// The settings both generated files are made with.
fn settings() -> Result<progenitor::GenerationSettings, String> {
    let mut settings = progenitor::GenerationSettings::default();
    settings
        .with_interface(progenitor::InterfaceStyle::Builder)
        .with_tag(progenitor::TagStyle::Merged)
        // The client's settings, read by the pre hook and the request path.
        .with_inner_type(tokens("crate::http::Inner")?)
        // The key, user agent and `Accept`: per client, so progenitor's pre
        // hook suffices (each call's timeouts are set by `http::run`). Its
        // `ClientHooks` stay default (never called: `call_context.rs` hands
        // the request over first).
        .with_pre_hook(tokens("crate::http::client_headers")?)
        .with_hooks(progenitor::HooksMode::Optional)
        .with_derive("PartialEq");
    for (name, path) in HANDWRITTEN_TYPES {
        settings.with_replacement(name, path, std::iter::empty());
    }
    Ok(settings)
}

fn tokens(s: &str) -> Result<proc_macro2::TokenStream, String> {
    s.parse()
        .map_err(|e| format!("invalid token stream `{s}`: {e}"))
}

/// Every response keeps its documented schema in the spec, but its body is
/// handed to the handwritten layer raw (`src/http/response.rs` owns decoding):
/// - a success body is kept as received, so a listing page decodes item by
///   item, a departure from the spec costs only its item, and any call can
///   return the JSON it got next to the typed value;
/// - an error body keeps its status even when a proxy answers with HTML
///   (progenitor would decode it with `serde_json` and drop the status).
fn raw_bodies(spec: &mut openapiv3::OpenAPI) -> Result<(), String> {
    let shared = spec
        .components
        .as_ref()
        .map(|c| c.responses.clone())
        .unwrap_or_default();
    for (path, item) in spec.paths.paths.iter_mut() {
        let openapiv3::ReferenceOr::Item(item) = item else {
            return Err(format!("path `{path}`: a $ref path item is not supported"));
        };
        for (method, op) in spec::operations_mut(item) {
            let Some(op) = op else { continue };
            for (status, response) in op.responses.responses.iter_mut() {
                let mut resolved = match response {
                    openapiv3::ReferenceOr::Item(r) => r.clone(),
                    openapiv3::ReferenceOr::Reference { reference } => {
                        match shared.get(spec::ref_name(reference)) {
                            Some(openapiv3::ReferenceOr::Item(r)) => r.clone(),
                            _ => {
                                return Err(format!(
                                    "{method} {path} {status}: unresolved response {reference}"
                                ));
                            }
                        }
                    }
                };
                let content = std::mem::take(&mut resolved.content);
                for (_, media) in content {
                    resolved
                        .content
                        .insert("application/octet-stream".to_string(), media);
                }
                *response = openapiv3::ReferenceOr::Item(resolved);
            }
        }
    }
    Ok(())
}

/// A required request property whose only allowed value is also its
/// `default` (`api: classic`, `category: people`) is generated as a field
/// with that default, so `ClassicPeopleSearch { ..Default::default() }`
/// works and callers never spell the constant. It is always serialized, so
/// the request still carries it as the spec requires.
fn defaulted_constants(spec: &mut openapiv3::OpenAPI) {
    let Some(components) = spec.components.as_mut() else {
        return;
    };
    for schema in components.schemas.values_mut() {
        let openapiv3::ReferenceOr::Item(schema) = schema else {
            continue;
        };
        let openapiv3::SchemaKind::Type(openapiv3::Type::Object(object)) = &mut schema.schema_kind
        else {
            continue;
        };
        let constants: Vec<String> = object
            .properties
            .iter()
            .filter(|(_, property)| match property {
                openapiv3::ReferenceOr::Item(property) => is_defaulted_constant(property),
                openapiv3::ReferenceOr::Reference { .. } => false,
            })
            .map(|(name, _)| name.clone())
            .collect();
        object.required.retain(|name| !constants.contains(name));
    }
}

fn is_defaulted_constant(property: &openapiv3::Schema) -> bool {
    let openapiv3::SchemaKind::Type(openapiv3::Type::String(string)) = &property.schema_kind else {
        return false;
    };
    match (string.enumeration.as_slice(), &property.schema_data.default) {
        ([Some(only)], Some(serde_json::Value::String(default))) => only == default,
        _ => false,
    }
}

/// A property that is a named schema or null ([`spec::nullable_ref`]):
/// progenitor would make that a struct of two flattened options; rewritten
/// to `nullable: true, allOf: [{$ref: X}]` it becomes `Option<X>`.
fn nullable_refs(spec: &mut openapiv3::OpenAPI) {
    let Some(components) = spec.components.as_mut() else {
        return;
    };
    for schema in components.schemas.values_mut() {
        let openapiv3::ReferenceOr::Item(schema) = schema else {
            continue;
        };
        let openapiv3::SchemaKind::Type(openapiv3::Type::Object(object)) = &mut schema.schema_kind
        else {
            continue;
        };
        for property in object.properties.values_mut() {
            let openapiv3::ReferenceOr::Item(property) = property else {
                continue;
            };
            let Some(reference) = spec::nullable_ref(property) else {
                continue;
            };
            let reference = openapiv3::ReferenceOr::Reference {
                reference: reference.to_string(),
            };
            property.schema_data.nullable = true;
            property.schema_kind = openapiv3::SchemaKind::AllOf {
                all_of: vec![reference],
            };
        }
    }
}

/// Renames each builder's generated `send` to a crate-private `send_raw`; the
/// public `send` (in `src/http/send.rs`) wraps it and returns
/// `postpress::Error`, so `?` works across every call. `send_raw` takes
/// the call's options and returns the prepared request (`call_context.rs`).
#[derive(Default)]
struct HideRawSend {
    problem: Option<String>,
    rewritten: usize,
}

impl syn::visit_mut::VisitMut for HideRawSend {
    fn visit_impl_item_fn_mut(&mut self, f: &mut syn::ImplItemFn) {
        if f.sig.ident == "send" {
            f.sig.ident = syn::Ident::new("send_raw", f.sig.ident.span());
            f.vis = syn::parse_quote!(pub(crate));
            if let Err(problem) = call_context::hand_over(f) {
                self.problem.get_or_insert(problem);
            }
            self.rewritten += 1;
        }
        syn::visit_mut::visit_impl_item_fn_mut(self, f);
    }
}

/// Every client is made by `ClientBuilder`: the generated `Client::new`
/// (which silently sets a 15 s timeout and unwraps) is removed,
/// `new_with_client` is crate-private, and the `ClientInfo` impl (it names
/// the crate-private `Inner`) is hidden from the docs.
fn hide_raw_constructors(file: &mut syn::File) {
    for item in &mut file.items {
        let syn::Item::Impl(block) = item else {
            continue;
        };
        let on_client = matches!(&*block.self_ty, syn::Type::Path(p) if p.path.is_ident("Client"));
        if !on_client {
            continue;
        }
        match &block.trait_ {
            None => {
                block
                    .items
                    .retain(|item| !matches!(item, syn::ImplItem::Fn(f) if f.sig.ident == "new"));
                for item in &mut block.items {
                    if let syn::ImplItem::Fn(f) = item
                        && f.sig.ident == "new_with_client"
                    {
                        f.vis = syn::parse_quote!(pub(crate));
                    }
                }
            }
            Some((_, path, _))
                if path
                    .segments
                    .last()
                    .is_some_and(|s| s.ident == "ClientInfo") =>
            {
                block.attrs.push(syn::parse_quote!(#[doc(hidden)]));
            }
            Some(_) => {}
        }
    }
}
