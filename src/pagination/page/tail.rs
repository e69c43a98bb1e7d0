//! The cursor of a listing body, read from its end: the API sends `cursor`
//! after `items`, so a pager can ask for the next page as soon as a body
//! arrives, before its items are read.
//!
//! The members after `items` are walked backwards, from the final `}`, as
//! JSON that parses allows: outside strings there are no backslashes, so a
//! `"` preceded by an even number of backslashes opens or closes a string,
//! whichever way it is read. A body that does not parse after all fails
//! when its page decodes.

use crate::pagination::cursor::sent_cursor;

/// How far back the members after `items` are looked through: they are a
/// few small fields.
const LOOK_BACK: usize = 64 * 1024;

/// The cursor of `body` when its top-level `cursor` member comes after
/// `items` (or there is no `items`):
/// `Some(None)` when it is not a string (`null`), `Some(Some(..))` when it
/// is. `None` when it is not found there (before `items`, missing, or the
/// end is not as JSON that parses would be): the body is then split whole
/// before the next page is asked for.
pub(super) fn tail_cursor(body: &[u8]) -> Option<Option<String>> {
    let floor = body.len().saturating_sub(LOOK_BACK);
    let close = trim(body, body.len()).checked_sub(1)?;
    (body[close] == b'}').then_some(())?;
    let mut end = close;
    loop {
        let value_end = trim(body, end);
        let value_start = back_over_value(body, value_end, floor)?;
        let colon = trim(body, value_start).checked_sub(1)?;
        (body[colon] == b':').then_some(())?;
        let key_end = trim(body, colon);
        let key_start = back_over_string(body, key_end, floor)?;
        match &body[key_start..key_end] {
            b"\"cursor\"" => return Some(cursor(&body[value_start..value_end])),
            b"\"items\"" => return None,
            _ => {}
        }
        let comma = trim(body, key_start).checked_sub(1)?;
        (body[comma] == b',').then_some(())?;
        end = comma;
    }
}

/// The top-level `cursor` member's value, as `cursor.rs` reads a cursor.
fn cursor(value: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(value).ok()?;
    let value: serde_json::Value = serde_json::from_str(text).ok()?;
    // A top-level member: `paging` is never asked.
    sent_cursor(Some(&value), || None)
}

/// Where the whitespace before `end` starts.
fn trim(body: &[u8], end: usize) -> usize {
    body[..end]
        .iter()
        .rposition(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
        .map_or(0, |last| last + 1)
}

/// Where the value that ends at `end` starts.
fn back_over_value(body: &[u8], end: usize, floor: usize) -> Option<usize> {
    let last = *body.get(end.checked_sub(1)?)?;
    match last {
        b'"' => back_over_string(body, end, floor),
        b'}' | b']' => back_over_container(body, end, floor),
        // A number or a literal.
        _ => {
            let scalar = |b: &u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'+' | b'-');
            let start = body[..end]
                .iter()
                .rposition(|b| !scalar(b))
                .map_or(0, |i| i + 1);
            (start < end && start >= floor).then_some(start)
        }
    }
}

/// Where the string that ends at `end` (its closing `"`) starts.
fn back_over_string(body: &[u8], end: usize, floor: usize) -> Option<usize> {
    let close = end
        .checked_sub(1)
        .filter(|&i| i >= floor && body[i] == b'"')?;
    let mut at = close;
    loop {
        at = body[floor..at].iter().rposition(|&b| b == b'"')? + floor;
        if !escaped(body, at) {
            return Some(at);
        }
    }
}

/// Where the object or array that ends at `end` starts.
fn back_over_container(body: &[u8], end: usize, floor: usize) -> Option<usize> {
    let mut depth = 0_usize;
    let mut at = end;
    while at > floor {
        at -= 1;
        match body[at] {
            b'}' | b']' => depth += 1,
            b'{' | b'[' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(at);
                }
            }
            b'"' => at = back_over_string(body, at + 1, floor)?,
            _ => {}
        }
    }
    None
}

/// Whether the `"` at `at` is escaped: an odd number of `\` before it.
fn escaped(body: &[u8], at: usize) -> bool {
    let slashes = body[..at].iter().rev().take_while(|&&b| b == b'\\').count();
    slashes % 2 == 1
}

#[cfg(test)]
mod tests {
    use super::tail_cursor;

    fn read(body: &str) -> Option<Option<String>> {
        tail_cursor(body.as_bytes())
    }

    /// A cursor read from the end of a body that parses is the one the
    /// split reads: `cursor.rs`'s rule over a full parse (the last `cursor`
    /// member, a string or none).
    fn agrees_with_a_full_parse(body: &[u8]) -> Result<(), String> {
        let (Some(read), Ok(serde_json::Value::Object(page))) =
            (tail_cursor(body), serde_json::from_slice(body))
        else {
            return Ok(());
        };
        let parsed =
            crate::pagination::cursor::sent_cursor(page.get("cursor"), || page.get("paging"));
        match read == parsed {
            true => Ok(()),
            false => Err(format!("{read:?} read, {parsed:?} parsed: {body:?}")),
        }
    }

    #[test]
    fn the_cursor_after_items_is_read_from_the_end() {
        assert_eq!(
            read(r#"{"items":[],"cursor":"c1"}"#),
            Some(Some("c1".into()))
        );
        assert_eq!(read("{\"items\":[] ,\n \"cursor\" : null }\n"), Some(None));
        assert_eq!(read(r#"{"items":[],"cursor":7}"#), Some(None));
        assert_eq!(
            read(r#"{"items":[],"cursor":"c\"1\\"}"#),
            Some(Some("c\"1\\".into()))
        );
        // Members after it, as a search page sends them.
        let search = r#"{"items":[{"a":"}"}],"paging":{"start":0,"x":["]",{"q":"\\\"{"}]},"cursor":"c2","metadata":{"n":"a\"}\\","m":[1,2.5e-3,true,null]}}"#;
        assert_eq!(read(search), Some(Some("c2".into())));
        // No `items` at all: the split reads the same cursor.
        assert_eq!(read(r#"{"cursor":"c1"}"#), Some(Some("c1".into())));
        // The last of two wins, as in a map.
        assert_eq!(
            read(r#"{"items":[],"cursor":"a","cursor":"b"}"#),
            Some(Some("b".into()))
        );
    }

    #[test]
    fn a_long_end_is_looked_through_only_so_far() {
        let far = " ".repeat(super::LOOK_BACK + 10);
        for body in [
            format!(r#"{{"items":[],"cursor":"c1"{far},"a":1}}"#),
            format!(r#"{{"items":[],"cursor":"c1","a":{far}1}}"#),
            format!(r#"{{"items":[],"cursor":"c1","a":"{far}"}}"#),
            format!(r#"{{"items":[],"cursor":"c1","a":[{far}]}}"#),
        ] {
            assert_eq!(read(&body), None);
        }
        let near = format!(
            r#"{{"items":[{far}],"a":"{}","cursor":"c1"}}"#,
            "x".repeat(100)
        );
        assert_eq!(read(&near), Some(Some("c1".into())));
    }

    proptest::proptest! {
        #[test]
        fn any_bytes_end_in_a_cursor_or_none(
            bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..256),
        ) {
            agrees_with_a_full_parse(&bytes).map_err(proptest::test_runner::TestCaseError::fail)?;
        }

        #[test]
        fn any_ending_of_a_listing_ends_in_a_cursor_or_none(
            tail in "[ \\\\\"{}\\[\\],:a-c0-9nul]{0,40}",
        ) {
            for body in [
                format!(r#"{{"items":[],"cursor":"c1"{tail}"#),
                format!(r#"{{"items":[]{tail}}}"#),
            ] {
                agrees_with_a_full_parse(body.as_bytes())
                    .map_err(proptest::test_runner::TestCaseError::fail)?;
            }
        }
    }

    /// A member after `items`: its key (`cursor`, `items` again or another)
    /// and its text, with a value of any JSON type, escapes and look-alike
    /// text included.
    fn member() -> impl proptest::strategy::Strategy<Value = (&'static str, String)> {
        use proptest::prelude::*;
        let key = prop_oneof![Just("cursor"), Just("items"), Just(r#"a\"b"#)];
        let value = prop_oneof![
            Just(r#""c2""#),
            Just(r#""c\"3\\""#),
            Just("null"),
            Just("-7.5e2"),
            Just(r#"[{"cursor":"x"},[]]"#),
            Just(r#"{"cursor":"y","items":[]}"#),
            Just(r#""]},{\"cursor\":\"z""#),
        ];
        (key, value, any::<bool>()).prop_map(|(key, value, spaced)| {
            let text = match spaced {
                true => format!(",\n  \"{key}\" : {value} "),
                false => format!(",\"{key}\":{value}"),
            };
            (key, text)
        })
    }

    proptest::proptest! {
        #[test]
        fn a_listing_s_cursor_read_from_the_end_is_the_one_a_parse_finds(
            members in proptest::collection::vec(member(), 0..5),
        ) {
            let texts: Vec<&str> = members.iter().map(|(_, text)| text.as_str()).collect();
            let body = format!(r#"{{"items":[]{}}}"#, texts.concat());
            // Read from the end when a cursor comes after the last `items`.
            let last = |key: &str| members.iter().rposition(|(k, _)| *k == key);
            let after_items = last("cursor") > last("items");
            proptest::prop_assert_eq!(read(&body).is_some(), after_items, "{}", body);
            agrees_with_a_full_parse(body.as_bytes())
                .map_err(proptest::test_runner::TestCaseError::fail)?;
        }
    }

    #[test]
    fn anything_else_is_left_to_the_split() {
        for body in [
            r#"{"cursor":"c1","items":[]}"#,
            r#"{"items":[],"xcursor":"c1"}"#,
            r#"{"items":[],"a":"b\",\"cursor\":\"c1"}"#,
            r#"{"items":[],"cursor":"c1""#,
            r#"{"items":[],"cursor":"c1"]"#,
            r#"{"items":[],"cursor" "c1"}"#,
            r#"{"items":[],"cursor":"c1" "x":1}"#,
            r#"{"items":[],"cursor":nul l}"#,
            "",
            "}",
            "<html></html>",
        ] {
            assert_eq!(read(body), None, "{body}");
        }
    }

    #[test]
    fn a_member_with_no_value_is_left_to_the_split() {
        // Not a `null` cursor: the body does not parse.
        for body in [r#"{"items":[],"cursor":}"#, "{\"items\":[],\"cursor\": \n}"] {
            assert_eq!(read(body), None, "{body}");
        }
    }

    #[test]
    fn members_after_items_are_looked_through_up_to_64_kib() {
        let long = "x".repeat(60 * 1024);
        let body = format!(r#"{{"items":[],"cursor":"c1","note":"{long}"}}"#);
        assert_eq!(read(&body), Some(Some("c1".into())));
    }
}
