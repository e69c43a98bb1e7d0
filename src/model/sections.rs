//! The `linkedin_sections` query parameter.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Which LinkedIn profile sections `GET /users/{identifier}` returns in
/// detail: `*_preview` (all, in preview), `*` (all, in full: heavy) or section
/// names such as `experience`, combined freely.
///
/// Sent as one comma-joined value (`linkedin_sections=*_preview,experience`),
/// the form the API expects, not as repeated keys.
///
/// ```
/// use postpress::LinkedinSections;
/// let sections = LinkedinSections::from(["*_preview", "experience", "skills"]);
/// assert_eq!(sections.to_string(), "*_preview,experience,skills");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LinkedinSections(Vec<String>);

impl LinkedinSections {
    /// Every section, in preview (`*_preview`).
    pub fn all_preview() -> Self {
        Self(vec!["*_preview".to_string()])
    }

    /// Every section, in full (`*`): the heaviest request.
    pub fn all() -> Self {
        Self(vec!["*".to_string()])
    }

    /// Adds a selector.
    pub fn with(mut self, selector: impl Into<String>) -> Self {
        self.0.push(selector.into());
        self
    }

    /// The selectors, in order.
    pub fn selectors(&self) -> &[String] {
        &self.0
    }

    /// Which of these requested sections came back empty in `profile`
    /// because LinkedIn throttled them (its `throttled_sections`), in the
    /// profile's order. `*` and `*_preview` ask for every section; no
    /// selectors at all ask for the API's default ones, so every throttled
    /// section counts. Empty for other providers.
    ///
    /// ```
    /// use postpress::{LinkedinSections, UserProfile};
    /// use postpress::types::LinkedinThrottledSection as Section;
    /// # fn check(profile: &UserProfile) {
    /// let asked = LinkedinSections::from(["experience", "skills"]);
    /// for section in asked.throttled_in(profile) {
    ///     assert!(matches!(section, Section::Experience | Section::Skills));
    /// }
    /// # }
    /// ```
    pub fn throttled_in<'p>(
        &self,
        profile: &'p crate::UserProfile,
    ) -> Vec<&'p crate::types::LinkedinThrottledSection> {
        let crate::UserProfile::Linkedin(profile) = profile else {
            return Vec::new();
        };
        let everything = self.0.is_empty() || self.0.iter().any(|s| s == "*" || s == "*_preview");
        profile
            .throttled_sections
            .iter()
            .filter(|section| everything || self.0.iter().any(|s| s == section.as_str()))
            .collect()
    }
}

impl fmt::Display for LinkedinSections {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.join(","))
    }
}

impl<S: Into<String>> FromIterator<S> for LinkedinSections {
    fn from_iter<I: IntoIterator<Item = S>>(iter: I) -> Self {
        Self(iter.into_iter().map(Into::into).collect())
    }
}

impl<S: Into<String>, const N: usize> From<[S; N]> for LinkedinSections {
    fn from(selectors: [S; N]) -> Self {
        selectors.into_iter().collect()
    }
}

impl<S: Into<String>> From<Vec<S>> for LinkedinSections {
    fn from(selectors: Vec<S>) -> Self {
        selectors.into_iter().collect()
    }
}

impl From<&str> for LinkedinSections {
    /// Parses the comma-joined form, e.g. `"*_preview,experience"`.
    fn from(joined: &str) -> Self {
        joined
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect()
    }
}

/// The comma-joined string, or an array of section names.
#[cfg(feature = "schemars")]
impl schemars::JsonSchema for LinkedinSections {
    fn schema_name() -> String {
        "LinkedinSections".to_string()
    }

    fn json_schema(generator: &mut schemars::r#gen::SchemaGenerator) -> schemars::schema::Schema {
        let forms = vec![
            generator.subschema_for::<String>(),
            generator.subschema_for::<Vec<String>>(),
        ];
        schemars::schema::Schema::Object(schemars::schema::SchemaObject {
            subschemas: Some(Box::new(schemars::schema::SubschemaValidation {
                any_of: Some(forms),
                ..Default::default()
            })),
            ..Default::default()
        })
    }
}

impl Serialize for LinkedinSections {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for LinkedinSections {
    /// Accepts the comma-joined string or a JSON array of strings.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Form {
            Joined(String),
            List(Vec<String>),
        }
        Ok(match Form::deserialize(deserializer)? {
            Form::Joined(joined) => Self::from(joined.as_str()),
            Form::List(list) => Self(list),
        })
    }
}
