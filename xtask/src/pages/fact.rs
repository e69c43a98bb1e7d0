//! One documented point compared with the spec, and the spec's types said
//! in the pages' words.

use crate::model::{Api, Shape, TypeKind, element};

/// What a page says about one point and what the spec says about it.
#[derive(Clone, Debug, PartialEq)]
pub struct Fact {
    pub page: String,
    /// The page's line (1-based).
    pub line: usize,
    /// Where in the spec: `LinkedinInvitation.type`, `GET /users/relations ?limit`.
    pub location: String,
    /// What is compared: `field`, `type`, `required`, `nullable`, `value X`, ...
    pub aspect: String,
    pub page_says: String,
    pub spec_says: String,
    pub agrees: bool,
}

impl Fact {
    pub fn at(page: &str, line: usize, location: &str, aspect: &str) -> FactBuilder {
        FactBuilder(Fact {
            page: page.to_string(),
            line,
            location: location.to_string(),
            aspect: aspect.to_string(),
            page_says: String::new(),
            spec_says: String::new(),
            agrees: true,
        })
    }

    /// The key under which two snapshots of a page are compared.
    pub fn key(&self) -> (String, String, String) {
        (
            self.page.clone(),
            self.location.clone(),
            self.aspect.clone(),
        )
    }

    pub fn render(&self) -> String {
        format!(
            "{}:{}: {} ({}): page says `{}`, spec says `{}`",
            self.page, self.line, self.location, self.aspect, self.page_says, self.spec_says
        )
    }
}

pub struct FactBuilder(Fact);

impl FactBuilder {
    /// Equal strings agree.
    pub fn says(self, page: impl Into<String>, spec: impl Into<String>) -> Fact {
        let (page, spec) = (page.into(), spec.into());
        let agrees = page == spec;
        self.judged(page, spec, agrees)
    }

    pub fn judged(mut self, page: String, spec: String, agrees: bool) -> Fact {
        self.0.page_says = page;
        self.0.spec_says = spec;
        self.0.agrees = agrees;
        self.0
    }
}

/// A spec type in the pages' vocabulary: `string`, `number`, `integer`,
/// `boolean`, `object`, `array of strings`, `any` (no type).
pub fn kind(api: &Api, ty: &str) -> String {
    if ty.starts_with('[') {
        let inner = &ty[1..ty.len() - 1];
        return format!("array of {}", plural(&kind(api, inner)));
    }
    let base = ty.split('(').next().unwrap_or(ty);
    if matches!(
        base,
        "string" | "integer" | "number" | "boolean" | "object" | "any"
    ) {
        return base.to_string();
    }
    match api.types.get(ty).map(|def| &def.kind) {
        Some(TypeKind::Scalar(shape)) => kind(api, &shape.ty),
        Some(TypeKind::OneOf { variants, .. })
            if variants.iter().all(|v| {
                matches!(api.types.get(v).map(|d| &d.kind), Some(TypeKind::Scalar(_)))
            }) =>
        {
            let kinds: Vec<String> = variants.iter().map(|v| kind(api, v)).collect();
            kinds.join("|")
        }
        Some(_) => "object".to_string(),
        None => format!("unknown type {ty}"),
    }
}

fn plural(kind: &str) -> String {
    match kind {
        "string" | "number" | "integer" | "boolean" | "object" => format!("{kind}s"),
        other => other.to_string(),
    }
}

/// Whether a page type and a spec kind agree. They must be equal: a bare
/// `array` on the page (items untyped) agrees only with untyped items, so
/// items the spec types from prose are a recorded deviation.
pub fn types_agree(page: &str, spec: &str) -> bool {
    page == spec || (page == "array" && spec == "array of any")
}

/// The allowed values of a shape, following a named scalar type
/// (`RecruiterPriority`) or array items of one.
pub fn values(api: &Api, shape: &Shape) -> Vec<String> {
    if !shape.values.is_empty() {
        return shape.values.clone();
    }
    match api.types.get(element(&shape.ty)).map(|def| &def.kind) {
        Some(TypeKind::Scalar(inner)) => values(api, inner),
        _ => Vec::new(),
    }
}

/// Splits a glued allowed-value line (`SENTRECEIVED`) into values, using
/// the values already known (the spec's, the page examples'). The pages
/// print no separator, so a stretch that no known value covers cannot be
/// split further: it comes back whole, marked `false`, and is reported as
/// an unknown value rather than guessed apart.
pub fn split_glued(glued: &str, known: &[String]) -> Vec<(String, bool)> {
    let n = glued.len();
    // cost[i]: fewest characters left unexplained in glued[..i].
    let mut cost = vec![usize::MAX; n + 1];
    let mut step: Vec<Option<(usize, bool)>> = vec![None; n + 1];
    cost[0] = 0;
    for i in 0..n {
        if cost[i] == usize::MAX || !glued.is_char_boundary(i) {
            continue;
        }
        for value in known.iter().filter(|v| !v.is_empty()) {
            if glued[i..].starts_with(value.as_str()) && cost[i] < cost[i + value.len()] {
                cost[i + value.len()] = cost[i];
                step[i + value.len()] = Some((i, true));
            }
        }
        let next = (i + 1..=n)
            .find(|j| glued.is_char_boundary(*j))
            .unwrap_or(n);
        if cost[i] + 1 < cost[next] {
            cost[next] = cost[i] + 1;
            step[next] = Some((i, false));
        }
    }
    let mut pieces: Vec<(String, bool)> = Vec::new();
    let mut at = n;
    while let Some((from, known)) = step[at] {
        let piece = glued[from..at].to_string();
        match pieces.last_mut() {
            // Adjacent unexplained characters are one unknown stretch.
            Some((text, false)) if !known => text.insert_str(0, &piece),
            _ => pieces.push((piece, known)),
        }
        at = from;
    }
    pieces.reverse();
    pieces
}

#[cfg(test)]
mod tests {
    use super::split_glued;

    fn known(values: &[&str]) -> Vec<String> {
        values.iter().map(|v| v.to_string()).collect()
    }

    #[test]
    fn glued_values_split_on_known_values_and_keep_unknown_stretches_whole() {
        let spec = known(&["CURRENT", "CURRENT_OR_PAST", "PAST", "PAST_NOT_CURRENT"]);
        let pieces = split_glued("CURRENT_OR_PASTCURRENTPASTPAST_NOT_CURRENT", &spec);
        let names: Vec<&str> = pieces.iter().map(|(v, _)| v.as_str()).collect();
        assert_eq!(
            names,
            ["CURRENT_OR_PAST", "CURRENT", "PAST", "PAST_NOT_CURRENT"]
        );
        let pieces = split_glued("SENTNEWRECEIVED", &known(&["SENT", "RECEIVED"]));
        assert_eq!(
            pieces,
            vec![
                ("SENT".to_string(), true),
                ("NEW".to_string(), false),
                ("RECEIVED".to_string(), true)
            ]
        );
    }
}
