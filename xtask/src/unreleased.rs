//! The `## Unreleased` section at the top of `CHANGELOG.md`: notes written
//! by hand as changes land, taken into the next release's entry by `cargo
//! xtask release` so none is left behind under an older heading. Its
//! `### Breaking` lines count as handwritten breaking changes (they bump the
//! version like `--breaking`); its other sections are kept as written.

/// What the `## Unreleased` section held.
#[derive(Debug, Default, PartialEq)]
pub struct Unreleased {
    /// The `- ` lines under `### Breaking`, without the dash.
    pub breaking: Vec<String>,
    /// Every other `### ` section, heading and lines, as written.
    pub other: String,
}

/// `body` (a changelog after its heading) without a leading `## Unreleased`
/// section, and what that section held.
pub fn take(body: &str) -> Result<(String, Unreleased), String> {
    let body = body.trim_start();
    let Some(section) = body.strip_prefix("## Unreleased\n") else {
        return Ok((body.to_string(), Unreleased::default()));
    };
    let (section, rest) = match section.find("\n## ") {
        Some(end) => (&section[..end], &section[end + 1..]),
        None => (section, ""),
    };
    let mut parts = section.split("### ");
    if parts
        .next()
        .is_some_and(|preamble| !preamble.trim().is_empty())
    {
        return Err("CHANGELOG.md, Unreleased: text outside a `### ` section".to_string());
    }
    let mut unreleased = Unreleased::default();
    for part in parts {
        let (title, lines) = part.split_once('\n').unwrap_or((part, ""));
        if title.trim() == "Breaking" {
            for line in lines.lines().filter(|line| !line.trim().is_empty()) {
                let text = line.strip_prefix("- ").ok_or_else(|| {
                    format!("CHANGELOG.md, Unreleased, Breaking: not a `- ` line: {line}")
                })?;
                unreleased.breaking.push(text.to_string());
            }
        } else {
            unreleased
                .other
                .push_str(&format!("### {}\n\n{}\n\n", title.trim(), lines.trim()));
        }
    }
    Ok((rest.to_string(), unreleased))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn breaking_lines_are_taken_apart_and_other_sections_kept_as_written() {
        let body = "## Unreleased\n\n### Changed\n\n- TLS uses ring.\n\n### Breaking\n\n- `A` is gone: use `B`.\n- `C` renamed.\n\n## 0.3.0 (d)\n\nOld.\n";
        let (rest, unreleased) = take(body).unwrap();
        assert_eq!(rest, "## 0.3.0 (d)\n\nOld.\n");
        assert_eq!(
            unreleased.breaking,
            ["`A` is gone: use `B`.", "`C` renamed."]
        );
        assert_eq!(unreleased.other, "### Changed\n\n- TLS uses ring.\n\n");
    }

    #[test]
    fn a_changelog_without_the_section_is_unchanged_and_stray_text_is_refused() {
        let body = "## 0.3.0 (d)\n\nOld.\n";
        assert_eq!(
            take(body).unwrap(),
            (body.to_string(), Unreleased::default())
        );
        assert!(take("## Unreleased\n\nloose words\n\n## 0.3.0 (d)\n").is_err());
        assert!(take("## Unreleased\n\nloose words\n\n### Changed\n\n- x\n").is_err());
        assert!(take("## Unreleased\n\n### Breaking\n\nno dash\n").is_err());
    }
}
