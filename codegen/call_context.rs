//! The one pass over progenitor's `send` bodies that its settings cannot
//! replace: each builder's `send_raw` takes the call's options and, once
//! the request is built, hands it over with what the typed request says
//! (`account_id`, `limit`, the body) as a `crate::http::Prepared`, instead
//! of sending it.
//!
//! What progenitor's settings do (`codegen/mod.rs` `settings`): the client's
//! headers and timeout are set by its pre hook (`with_pre_hook`), the
//! client's settings ride in its inner type (`with_inner_type`). What they
//! cannot do, and this pass does:
//! - pass per-call values: a hook sees only the inner type and the built
//!   request, not the call's `RequestOptions` nor the typed `account_id`,
//!   `limit` and body (read typed, never re-read from the serialized
//!   request);
//! - end in a typed outcome: progenitor's `exec`, its post hooks and its
//!   status `match` speak `reqwest::Response` only, so a limiter's refusal
//!   or a body past the cap would have to travel inside a fake body. The
//!   request path (`src/http/transport.rs`) sends the prepared request and
//!   turns each attempt into one `Outcome` of ours.
//!
//! The pass checks the exact shape it rewrites; a progenitor upgrade that
//! changes it fails generation with one line naming the pass ([`PASS`]).

/// The name a failure of this pass starts with.
pub const PASS: &str = "codegen pass `call_context`";

/// The typed values the request path reads, by builder field name.
const FACTS: &[&str] = &["account_id", "limit", "body"];

/// The statements progenitor ends each `send` with, from the `pre` hook
/// call on: `pre`, `exec`, `post`, `let response = result?`, the `match`.
const TAIL: usize = 5;

/// Rewrites one generated `send_raw` (already renamed).
pub fn hand_over(f: &mut syn::ImplItemFn) -> Result<(), String> {
    let name = f.sig.ident.to_string();
    let fail = |what: &str| {
        format!(
            "{PASS} ({name}): progenitor's `send` changed shape: {what} (see codegen/call_context.rs)"
        )
    };
    let fields = destructured_fields(&f.block)
        .ok_or_else(|| fail("the body no longer starts with `let Self { .. } = self`"))?;
    let stmts = &f.block.stmts;
    let built = |local: &str| {
        stmts
            .iter()
            .any(|stmt| matches!(stmt, syn::Stmt::Local(l) if pat_is(&l.pat, local)))
    };
    if !built("request") || !built("info") {
        return Err(fail("no `let request` or `let info`"));
    }
    let at = stmts
        .iter()
        .position(|stmt| calls_on_client(stmt, "pre"))
        .ok_or_else(|| fail("no `client.pre(..)` hook call"))?;
    let tail = &stmts[at..];
    let expected = tail.len() == TAIL
        && calls_on_client(&tail[1], "exec")
        && calls_on_client(&tail[2], "post")
        && matches!(&tail[3], syn::Stmt::Local(l) if pat_is(&l.pat, "response"))
        && matches!(&tail[4], syn::Stmt::Expr(syn::Expr::Match(_), None));
    if !expected {
        return Err(fail(
            "after `client.pre(..)` expected `exec`, `post`, `let response`, `match` and nothing else",
        ));
    }
    let setters = FACTS
        .iter()
        .filter(|fact| fields.iter().any(|field| field == *fact))
        .map(|fact| syn::Ident::new(fact, proc_macro2::Span::call_site()));
    let hand_over: syn::Expr = syn::parse_quote! {
        Ok(crate::http::Prepared {
            client,
            request,
            operation_id: info.operation_id,
            call: crate::http::Call::new(options) #( .#setters(&#setters) )*,
        })
    };
    f.block.stmts.truncate(at);
    f.block.stmts.push(syn::Stmt::Expr(hand_over, None));
    f.sig
        .inputs
        .push(syn::parse_quote!(options: crate::RequestOptions));
    f.sig.output = syn::parse_quote!(-> Result<crate::http::Prepared<'a>, Error>);
    Ok(())
}

fn pat_is(pat: &syn::Pat, name: &str) -> bool {
    match pat {
        syn::Pat::Ident(ident) => ident.ident == name,
        syn::Pat::Type(typed) => pat_is(&typed.pat, name),
        _ => false,
    }
}

/// Whether `stmt` calls `client.<hook>(..)`, awaited or not, bound or not.
fn calls_on_client(stmt: &syn::Stmt, hook: &str) -> bool {
    let expr = match stmt {
        syn::Stmt::Expr(expr, _) => expr,
        syn::Stmt::Local(local) => match &local.init {
            Some(init) => &init.expr,
            None => return false,
        },
        _ => return false,
    };
    let mut expr = expr;
    loop {
        match expr {
            syn::Expr::Try(inner) => expr = &inner.expr,
            syn::Expr::Await(inner) => expr = &inner.base,
            syn::Expr::MethodCall(call) => {
                return call.method == hook
                    && matches!(&*call.receiver, syn::Expr::Path(p) if p.path.is_ident("client"));
            }
            _ => return false,
        }
    }
}

fn destructured_fields(block: &syn::Block) -> Option<Vec<String>> {
    let syn::Stmt::Local(local) = block.stmts.first()? else {
        return None;
    };
    let syn::Pat::Struct(pattern) = &local.pat else {
        return None;
    };
    Some(
        pattern
            .fields
            .iter()
            .filter_map(|field| match &field.member {
                syn::Member::Named(ident) => Some(ident.to_string()),
                syn::Member::Unnamed(_) => None,
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shape progenitor 0.15 gives every `send` (trimmed).
    fn send() -> syn::ImplItemFn {
        syn::parse_quote! {
            pub(crate) async fn send_raw(self) -> Result<ResponseValue<ByteStream>, Error<ByteStream>> {
                let Self { client, account_id, limit } = self;
                let account_id = account_id.map_err(Error::InvalidRequest)?;
                let url = format!("{}/users/relations", client.baseurl,);
                #[allow(unused_mut)]
                let mut request = client.client.get(url).build()?;
                let info = OperationInfo { operation_id: "list_relations" };
                (crate::http::client_headers)(&client.inner, &mut request);
                client.pre(&mut request, &info).await?;
                let result = client.exec(request, &info).await;
                client.post(&result, &info).await?;
                let response = result?;
                match response.status().as_u16() {
                    200u16 => Ok(ResponseValue::stream(response)),
                    _ => Err(Error::UnexpectedResponse(response)),
                }
            }
        }
    }

    #[test]
    fn the_send_body_hands_over_the_prepared_request() {
        let mut f = send();
        assert_eq!(hand_over(&mut f), Ok(()));
        let file: syn::File = syn::parse_quote!(impl<'a> ListRelations<'a> { #f });
        let text: String = prettyplease::unparse(&file).split_whitespace().collect();
        assert!(
            text.contains("Result<crate::http::Prepared<'a>,Error>"),
            "{text}"
        );
        assert!(text.contains("options:crate::RequestOptions"), "{text}");
        assert!(
            text.contains("crate::http::Call::new(options).account_id(&account_id).limit(&limit)"),
            "{text}"
        );
        // The pre hook stays; nothing of progenitor's sending does.
        assert!(text.contains("client_headers"), "{text}");
        for gone in ["client.pre", "client.exec", "client.post", "match"] {
            assert!(!text.contains(gone), "{gone} in {text}");
        }
    }

    #[test]
    fn a_changed_shape_fails_with_one_line_naming_the_pass() {
        let renamed_exec = |f: &mut syn::ImplItemFn| {
            let at = f.block.stmts.len() - 4;
            f.block.stmts[at] =
                syn::parse_quote!(let result = client.execute(request, &info).await;);
        };
        let extra_statement = |f: &mut syn::ImplItemFn| {
            let at = f.block.stmts.len() - 1;
            f.block.stmts.insert(at, syn::parse_quote!(let _ = 1;));
        };
        let no_pre = |f: &mut syn::ImplItemFn| {
            let at = f.block.stmts.len() - 5;
            f.block.stmts.remove(at);
        };
        let no_destructuring = |f: &mut syn::ImplItemFn| {
            f.block.stmts.remove(0);
        };
        type Mutation = fn(&mut syn::ImplItemFn);
        let mutations: [(&str, Mutation); 4] = [
            ("exec renamed", renamed_exec),
            ("a statement added", extra_statement),
            ("no pre hook call", no_pre),
            ("no destructuring", no_destructuring),
        ];
        for (mutation, mutate) in mutations {
            let mut f = send();
            mutate(&mut f);
            let problem = hand_over(&mut f).err().unwrap_or_default();
            assert!(
                problem.starts_with("codegen pass `call_context` (send_raw)"),
                "{mutation}: {problem}"
            );
            assert!(!problem.contains('\n'), "{mutation}: {problem}");
        }
    }
}
