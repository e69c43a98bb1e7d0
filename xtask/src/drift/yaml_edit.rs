//! Surgical edits of `openapi/postpress.yaml`: each edit finds its lines by
//! key path and indentation and changes only them, so the file keeps its
//! comments, order and flow lists (`required: [a, b]`).

/// The spec's lines.
pub struct Yaml {
    lines: Vec<String>,
}

/// A key's line and the end (exclusive) of the block under it.
#[derive(Clone, Copy, Debug)]
struct Block {
    line: usize,
    indent: usize,
    end: usize,
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

fn is_content(line: &str) -> bool {
    let trimmed = line.trim();
    !trimmed.is_empty() && !trimmed.starts_with('#')
}

/// `key: ...` or `'key': ...` at the start of a trimmed line.
fn has_key(trimmed: &str, key: &str) -> bool {
    [key.to_string(), format!("'{key}'"), format!("\"{key}\"")]
        .iter()
        .any(|k| {
            trimmed
                .strip_prefix(k.as_str())
                .is_some_and(|rest| rest.starts_with(':'))
        })
}

/// A scalar as YAML writes it: plain when that reads back as the same
/// string, single-quoted otherwise.
pub fn quote(value: &str) -> String {
    let plain = value
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
        && !matches!(
            value.to_ascii_lowercase().as_str(),
            "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "y" | "n"
        );
    if plain {
        value.to_string()
    } else {
        format!("'{}'", value.replace('\'', "''"))
    }
}

/// The key path of a model type's schema: `Comp` → components.schemas.Comp;
/// each further `field` → properties.field, `field[]` → ... .items.
pub fn type_path(name: &str) -> Result<Vec<String>, String> {
    let mut parts = name.split('.');
    let component = parts.next().unwrap_or(name);
    if component.contains('[') || component.contains("oneOf") {
        return Err(format!("`{name}` is not a component or a field of one"));
    }
    let mut path = vec![
        "components".to_string(),
        "schemas".to_string(),
        component.to_string(),
    ];
    for part in parts {
        let field = part.trim_end_matches("[]");
        if field.is_empty() || field.contains('[') {
            return Err(format!("`{name}`: cannot locate `{part}` in the spec"));
        }
        path.extend(["properties".to_string(), field.to_string()]);
        for _ in 0..(part.len() - field.len()) / 2 {
            path.push("items".to_string());
        }
    }
    Ok(path)
}

impl Yaml {
    pub fn new(text: &str) -> Yaml {
        Yaml {
            lines: text.lines().map(str::to_string).collect(),
        }
    }

    pub fn text(&self) -> String {
        let mut text = self.lines.join("\n");
        text.push('\n');
        text
    }

    fn find(&self, keys: &[String]) -> Result<Block, String> {
        let mut range = (0, self.lines.len());
        let mut parent: Option<usize> = None;
        let mut found = None;
        for key in keys {
            let child = (range.0..range.1)
                .map(|i| &self.lines[i])
                .filter(|l| is_content(l))
                .map(|l| indent(l))
                .find(|i| parent.is_none_or(|p| *i > p));
            let line = child.and_then(|child| {
                (range.0..range.1).find(|i| {
                    let l = &self.lines[*i];
                    is_content(l) && indent(l) == child && has_key(l.trim_start(), key)
                })
            });
            let Some(line) = line else {
                return Err(format!("no `{}` in the spec", keys.join(".")));
            };
            let own = indent(&self.lines[line]);
            let end = (line + 1..range.1)
                .find(|i| is_content(&self.lines[*i]) && indent(&self.lines[*i]) <= own)
                .unwrap_or(range.1);
            let block = Block {
                line,
                indent: own,
                end,
            };
            range = (line + 1, end);
            parent = Some(own);
            found = Some(block);
        }
        found.ok_or_else(|| "empty key path".to_string())
    }

    /// The line of a direct child key of a block (`type:`, `$ref:`).
    fn child(&self, block: Block, key: &str) -> Option<usize> {
        let child = (block.line + 1..block.end)
            .map(|i| &self.lines[i])
            .find(|l| is_content(l))
            .map(|l| indent(l))?;
        (block.line + 1..block.end).find(|i| {
            let l = &self.lines[*i];
            indent(l) == child && has_key(l.trim_start(), key)
        })
    }

    fn value_of(&self, line: usize) -> &str {
        let l = &self.lines[line];
        l.split_once(':').map_or("", |(_, v)| v.trim())
    }

    /// `# DEVIATION (deviations: ID).` above the key at `path`.
    pub fn cite(&mut self, path: &[String], id: &str) -> Result<(), String> {
        let block = self.find(path)?;
        let pad = " ".repeat(block.indent);
        let line = format!("{pad}# DEVIATION (deviations: {id}): seen in responses.");
        self.lines.insert(block.line, line);
        Ok(())
    }

    pub fn make_nullable(&mut self, path: &[String]) -> Result<(), String> {
        let block = self.find(path)?;
        if let Some(line) = self.child(block, "nullable") {
            let pad = " ".repeat(indent(&self.lines[line]));
            self.lines[line] = format!("{pad}nullable: true");
            return Ok(());
        }
        if let Some(line) = self.child(block, "$ref") {
            let pad = " ".repeat(indent(&self.lines[line]));
            let reference = self.lines[line].trim_start().to_string();
            let form = [
                format!("{pad}anyOf:"),
                format!("{pad}  - {reference}"),
                format!("{pad}  - type: string"),
                format!("{pad}    nullable: true"),
                format!("{pad}    enum: [null]"),
            ];
            self.lines.splice(line..=line, form);
            return Ok(());
        }
        let line = self
            .child(block, "type")
            .ok_or_else(|| format!("`{}` has neither `type` nor `$ref`", path.join(".")))?;
        let pad = " ".repeat(indent(&self.lines[line]));
        self.lines.insert(line + 1, format!("{pad}nullable: true"));
        Ok(())
    }

    /// Removes `field` from the type's `required` list.
    pub fn make_optional(&mut self, type_path: &[String], field: &str) -> Result<(), String> {
        let block = self.find(type_path)?;
        let line = self
            .child(block, "required")
            .ok_or_else(|| format!("`{}` has no `required` list", type_path.join(".")))?;
        let close = self
            .flow_end(line)
            .ok_or_else(|| format!("`{}.required` is not a flow list", type_path.join(".")))?;
        // Line by line, so a list wrapped over several lines keeps its breaks.
        for index in line..=close {
            let text = self.lines[index].clone();
            let at = match index {
                i if i == line => text.find('[').map_or(0, |at| at + 1),
                _ => indent(&text),
            };
            let (head, body) = text.split_at(at);
            let closing = body.trim_end().ends_with(']');
            let inner = body.trim_end().trim_end_matches(']');
            let comma = inner.trim_end().ends_with(',');
            let items: Vec<&str> = inner
                .split(',')
                .map(str::trim)
                .filter(|i| !i.is_empty())
                .collect();
            if !items.contains(&field) {
                continue;
            }
            let kept: Vec<&str> = items.into_iter().filter(|i| *i != field).collect();
            match (kept.is_empty(), closing) {
                (true, true) if index == line => drop(self.lines.remove(line)),
                (true, true) => {
                    self.lines.remove(index);
                    let before = self.lines[index - 1].trim_end().trim_end_matches(',');
                    self.lines[index - 1] = format!("{before}]");
                }
                (true, false) if index != line => drop(self.lines.remove(index)),
                _ => {
                    let comma = if comma { "," } else { "" };
                    let close = if closing { "]" } else { "" };
                    self.lines[index] = format!("{head}{}{comma}{close}", kept.join(", "));
                }
            }
            return Ok(());
        }
        Err(format!(
            "`{field}` is not in `{}.required`",
            type_path.join(".")
        ))
    }

    /// The line that closes a flow list opened on `line`.
    fn flow_end(&self, line: usize) -> Option<usize> {
        if !self.value_of(line).starts_with('[') {
            return None;
        }
        (line..self.lines.len()).find(|i| self.lines[*i].trim_end().ends_with(']'))
    }

    /// Appends values to the enum of the schema at `path` (inline, its
    /// items', or the named schema it refers to).
    pub fn add_values(&mut self, path: &[String], values: &[String]) -> Result<(), String> {
        let block = self.find(path)?;
        if self.child(block, "enum").is_none() {
            if self.child(block, "items").is_some() {
                let mut items = path.to_vec();
                items.push("items".to_string());
                return self.add_values(&items, values);
            }
            if let Some(line) = self.child(block, "$ref") {
                let name = self.value_of(line).trim_matches(['\'', '"']);
                let name = name.rsplit('/').next().unwrap_or(name).to_string();
                return self.add_values(&type_path(&name)?, values);
            }
        }
        let line = self
            .child(block, "enum")
            .ok_or_else(|| format!("`{}` has no `enum`", path.join(".")))?;
        let close = self
            .flow_end(line)
            .ok_or_else(|| format!("`{}.enum` is not a flow list", path.join(".")))?;
        let added: Vec<String> = values.iter().map(|v| quote(v)).collect();
        let text = self.lines[close].trim_end();
        let open = text.strip_suffix(']').unwrap_or(text).to_string();
        self.lines[close] = format!("{open}, {}]", added.join(", "));
        Ok(())
    }

    /// `integer` → `number` (and an integer `format` → `double`).
    pub fn widen(&mut self, path: &[String]) -> Result<(), String> {
        let block = self.find(path)?;
        let line = self
            .child(block, "type")
            .filter(|line| self.value_of(*line) == "integer")
            .ok_or_else(|| format!("`{}` is not `type: integer`", path.join(".")))?;
        let pad = " ".repeat(indent(&self.lines[line]));
        self.lines[line] = format!("{pad}type: number");
        if let Some(format) = self.child(block, "format") {
            self.lines[format] = format!("{pad}format: double");
        }
        Ok(())
    }

    /// A new optional field at the end of the type's `properties`, cited.
    pub fn add_field(
        &mut self,
        type_path: &[String],
        field: &str,
        ty: &str,
        nullable: bool,
        id: &str,
    ) -> Result<(), String> {
        let mut properties = type_path.to_vec();
        properties.push("properties".to_string());
        let block = self.find(&properties)?;
        let pad = " ".repeat(block.indent + 2);
        let last = (block.line..block.end)
            .rev()
            .find(|i| is_content(&self.lines[*i]))
            .unwrap_or(block.line);
        let mut lines = vec![
            format!("{pad}# DEVIATION (deviations: {id}): seen in responses."),
            format!("{pad}{}:", quote(field)),
            format!("{pad}  type: {ty}"),
        ];
        if ty == "array" {
            lines.push(format!("{pad}  items: {{}}"));
        }
        if nullable {
            lines.push(format!("{pad}  nullable: true"));
        }
        lines.push(format!(
            "{pad}  description: Not on the reference pages; seen in responses (cargo xtask drift)."
        ));
        self.lines.splice(last + 1..last + 1, lines);
        Ok(())
    }
}
