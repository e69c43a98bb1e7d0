//! Responses the vendor's published schemas accept: printed as received,
//! with no warning, and `--strict` passes.

use crate::common::{assert_exit, fixture, text, tokens, users_get_answered};

/// An out-of-network member: names, identifier and dates `null`, as the
/// vendor's schema allows. Printed as received, no warning, and `--strict`
/// passes.
#[test]
fn an_out_of_network_profile_prints_no_warning_even_strict() {
    let text_sent = fixture("variants/get_user.linkedin_vendor_nulls.json");
    for strict in [false, true] {
        let output = users_get_answered(&text_sent, strict);
        assert_exit(&output, 0);
        assert_eq!(tokens(&text(&output.stdout)), tokens(&text_sent));
        assert_eq!(text(&output.stderr), "", "strict: {strict}");
    }
}
