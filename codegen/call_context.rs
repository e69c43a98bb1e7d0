//! Each builder's `send_raw` takes the call's options and hands them, with
//! what the typed request says (`account_id`, `limit`, the body), to the
//! request path explicitly: the hooks `pre` and `exec` become calls to
//! `crate::http::pre` / `crate::http::exec` with a `crate::http::Call`.
//! Nothing is re-read from the serialized request.

use syn::visit_mut::VisitMut;

/// The typed values the request path reads, by builder field name.
const FACTS: &[&str] = &["account_id", "limit", "body"];

/// Rewrites one generated `send_raw` (already renamed).
pub fn pass_call(f: &mut syn::ImplItemFn) -> Result<(), String> {
    let name = f.sig.ident.to_string();
    f.sig
        .inputs
        .push(syn::parse_quote!(options: crate::RequestOptions));
    let fields = destructured_fields(&f.block).ok_or_else(|| {
        format!("{name}: the generated body no longer starts with `let Self {{ .. }} = self`")
    })?;
    let setters = FACTS
        .iter()
        .filter(|fact| fields.iter().any(|field| field == *fact))
        .map(|fact| syn::Ident::new(fact, proc_macro2::Span::call_site()));
    let call: syn::Stmt = syn::parse_quote! {
        let call = crate::http::Call::new(options) #( .#setters(&#setters) )*;
    };
    // Before the URL is built: every field is unwrapped by then.
    let at = f
        .block
        .stmts
        .iter()
        .position(|stmt| matches!(stmt, syn::Stmt::Local(local) if pat_is(&local.pat, "url")))
        .ok_or_else(|| format!("{name}: no `let url` in the generated body"))?;
    f.block.stmts.insert(at, call);
    let mut hooks = Hooks { rewritten: 0 };
    hooks.visit_block_mut(&mut f.block);
    if hooks.rewritten != 2 {
        return Err(format!(
            "{name}: expected the `pre` and `exec` hook calls, rewrote {}",
            hooks.rewritten
        ));
    }
    Ok(())
}

fn pat_is(pat: &syn::Pat, name: &str) -> bool {
    matches!(pat, syn::Pat::Ident(ident) if ident.ident == name)
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

/// `client.pre(&mut request, &info)` -> `crate::http::pre(client, &mut request, &info, &call)`,
/// and `exec` alike.
struct Hooks {
    rewritten: usize,
}

impl VisitMut for Hooks {
    fn visit_expr_mut(&mut self, expr: &mut syn::Expr) {
        if let syn::Expr::MethodCall(call) = expr {
            let hook = call.method.to_string();
            let on_client =
                matches!(&*call.receiver, syn::Expr::Path(p) if p.path.is_ident("client"));
            if on_client && (hook == "pre" || hook == "exec") {
                let method = call.method.clone();
                let args = call.args.iter();
                *expr = syn::parse_quote!(crate::http::#method(client, #(#args,)* &call));
                self.rewritten += 1;
                return;
            }
        }
        syn::visit_mut::visit_expr_mut(self, expr);
    }
}
