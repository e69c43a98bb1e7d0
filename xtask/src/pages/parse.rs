//! The structure of a reference page (`openapi/pages/*.txt`).
//!
//! The pages are flat text: a field prints as `namestringrequired`, an
//! allowed-value list as one glued line under its field (`SENTRECEIVED`), a
//! nested object as a field line then a `name object` (or `name array`)
//! line, a union variant as `Labelobject` then `Label object`. Nothing marks
//! where a nested object ends; this module keeps the flat sequence with line
//! numbers, and `resolve` places each field using the spec.

use super::line::{Entry, field, is_glued_list, is_name};

#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    Field(Entry),
    /// `contact_info object` / `organizations array`: the fields after it
    /// belong to the object (or array items) named.
    Open {
        name: String,
        line: usize,
    },
    /// `LinkedIn profileobject` + `LinkedIn profile object`.
    Variant {
        label: String,
        line: usize,
    },
    /// `nullnull`: the enclosing union admits null.
    Null {
        line: usize,
    },
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Section {
    pub title: String,
    pub line: usize,
    pub items: Vec<Item>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ErrorStatus {
    pub status: String,
    pub line: usize,
    /// `errors/*` types with their lines, in page order.
    pub types: Vec<(String, usize)>,
    /// The count the status line states (`401 Unauthorized13 types`).
    pub stated: Option<usize>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Example {
    pub line: usize,
    /// The text: JSON for a response; the whole `curl` command for a request.
    pub text: String,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Page {
    pub name: String,
    /// Method, URL and line of the endpoint line (`GEThttps://...`).
    pub endpoint: Option<(String, String, usize)>,
    /// The `Authorization` section's header lines (`X-API-KEYstringrequired`).
    pub auth: Vec<Entry>,
    pub path_params: Vec<Entry>,
    pub query_params: Vec<Entry>,
    /// One section for a plain body; one per variant heading otherwise
    /// (`Body - Classic - People`, `Recruiter - reject applicant`).
    pub body: Vec<Section>,
    /// `Response 200 OK`, then one section per `Result variant - X`.
    pub response: Vec<Section>,
    pub envelope: Vec<Entry>,
    pub errors: Vec<ErrorStatus>,
    pub example_request: Option<Example>,
    pub example_response: Option<Example>,
}

#[derive(Clone, Copy, PartialEq)]
enum Region {
    Head,
    Auth,
    PathParams,
    QueryParams,
    Body,
    Response,
    ExampleRequest,
    ExampleResponse,
    Errors,
}

/// Parses one page; `name` is its file name.
pub fn parse(name: &str, text: &str) -> Page {
    let lines: Vec<&str> = text.lines().collect();
    let mut page = Page {
        name: name.to_string(),
        ..Page::default()
    };
    let mut region = Region::Head;
    let mut index = 0;
    while index < lines.len() {
        let number = index + 1;
        let line = lines[index].trim();
        index += 1;
        if let Some(next) = heading(&lines, index - 1, region) {
            region = next;
            match region {
                Region::Body | Region::Response => {
                    let list = if region == Region::Body {
                        &mut page.body
                    } else {
                        &mut page.response
                    };
                    list.push(Section {
                        title: line.to_string(),
                        line: number,
                        items: Vec::new(),
                    });
                }
                Region::ExampleRequest => {
                    page.example_request = Some(Example {
                        line: number,
                        ..Example::default()
                    })
                }
                Region::ExampleResponse => {
                    page.example_response = Some(Example {
                        line: number,
                        ..Example::default()
                    })
                }
                _ => {}
            }
            continue;
        }
        if page.endpoint.is_none()
            && let Some((method, url)) = endpoint(line)
        {
            page.endpoint = Some((method, url, number));
            continue;
        }
        match region {
            Region::Head => {}
            Region::Auth => field_or_prose(&mut page.auth, line, number),
            Region::PathParams => field_or_prose(&mut page.path_params, line, number),
            Region::QueryParams => field_or_prose(&mut page.query_params, line, number),
            Region::Body | Region::Response => {
                let list = if region == Region::Body {
                    &mut page.body
                } else {
                    &mut page.response
                };
                if let Some(section) = list.last_mut() {
                    structure(&mut section.items, &lines, &mut index, line, number);
                }
            }
            Region::ExampleRequest | Region::ExampleResponse => {
                let example = if region == Region::ExampleRequest {
                    page.example_request.as_mut()
                } else {
                    page.example_response.as_mut()
                };
                if let Some(example) = example
                    && !(example.text.is_empty() && line.is_empty())
                {
                    if example.text.is_empty() {
                        example.line = number;
                    }
                    example.text.push_str(lines[index - 1]);
                    example.text.push('\n');
                }
            }
            Region::Errors => errors(&mut page, line, number),
        }
    }
    page
}

/// The region a heading line opens, if `lines[at]` is one.
fn heading(lines: &[&str], at: usize, region: Region) -> Option<Region> {
    let line = lines[at].trim();
    let fixed = match line {
        "Authorization" => Some(Region::Auth),
        "Path parameters" => Some(Region::PathParams),
        "Query parameters" => Some(Region::QueryParams),
        "Request body" => Some(Region::Body),
        "Example request" => Some(Region::ExampleRequest),
        "Example response" => Some(Region::ExampleResponse),
        "Errors" => Some(Region::Errors),
        _ if line.starts_with("Response 2") => Some(Region::Response),
        _ => None,
    };
    if fixed.is_some() {
        return fixed;
    }
    // Variant headings inside the body or the response: a short line
    // alone between blank lines that is not a sentence.
    let alone = at > 0
        && lines[at - 1].trim().is_empty()
        && lines.get(at + 1).is_none_or(|next| next.trim().is_empty());
    let titled = line.starts_with(|c: char| c.is_ascii_uppercase()) && !line.ends_with('.');
    (matches!(region, Region::Body | Region::Response) && alone && titled).then_some(region)
}

fn endpoint(line: &str) -> Option<(String, String)> {
    ["GET", "POST", "PUT", "PATCH", "DELETE"]
        .iter()
        .find_map(|method| {
            let url = line.strip_prefix(method)?;
            url.starts_with("http")
                .then(|| (method.to_string(), url.to_string()))
        })
}

fn field_or_prose(entries: &mut Vec<Entry>, line: &str, number: usize) {
    if let Some(entry) = field(line, number) {
        entries.push(entry);
    } else if let Some(last) = entries.last_mut()
        && !line.is_empty()
    {
        last.prose.push(line.to_string());
    }
}

/// One line of a body or response section.
fn structure(items: &mut Vec<Item>, lines: &[&str], index: &mut usize, line: &str, number: usize) {
    if line.is_empty() {
        return;
    }
    if line == "nullnull" {
        items.push(Item::Null { line: number });
        return;
    }
    if let Some(label) = line.strip_suffix("object")
        && label.starts_with(|c: char| c.is_ascii_uppercase())
        && lines.get(*index).map(|l| l.trim()) == Some(&format!("{label} object"))
    {
        *index += 1;
        items.push(Item::Variant {
            label: label.to_string(),
            line: number,
        });
        return;
    }
    if let Some((name, kind)) = line.split_once(' ')
        && matches!(kind, "object" | "array")
        && is_name(name)
    {
        items.push(Item::Open {
            name: name.to_string(),
            line: number,
        });
        return;
    }
    if let Some(entry) = field(line, number) {
        items.push(Item::Field(entry));
        return;
    }
    if let Some(Item::Field(last)) = items.last_mut() {
        let listable = matches!(last.ty.as_str(), "string" | "array of strings" | "array");
        if listable && last.values.is_none() && last.prose.is_empty() && is_glued_list(line) {
            last.values = Some((line.to_string(), number));
        } else {
            last.prose.push(line.to_string());
        }
    }
}

fn errors(page: &mut Page, line: &str, number: usize) {
    if let Some(rest) = line.strip_prefix('•').map(str::trim) {
        if let (Some(name), Some(status)) = (rest.split_whitespace().next(), page.errors.last_mut())
            && name.starts_with("errors/")
        {
            status.types.push((name.to_string(), number));
        }
        return;
    }
    // `401 Unauthorized13 types`
    let status = line
        .get(..3)
        .filter(|s| s.chars().all(|c| c.is_ascii_digit()));
    if let Some(status) = status
        && line.ends_with(" types")
    {
        let digits = line.trim_end_matches(" types");
        let count_at = digits.trim_end_matches(|c: char| c.is_ascii_digit()).len();
        page.errors.push(ErrorStatus {
            status: status.to_string(),
            line: number,
            types: Vec::new(),
            stated: digits[count_at..].parse().ok(),
        });
        return;
    }
    if page.errors.is_empty()
        && let Some(entry) = field(line, number)
    {
        page.envelope.push(entry);
    }
}
