//! Doc comments from Looker's Markdown descriptions, made safe for rustdoc.

use super::code::Code;

/// Writes the non-empty `parts` (Markdown) as one doc comment, paragraphs apart.
pub fn write_doc(code: &mut Code, parts: &[Option<&str>]) {
    code.doc(&sanitize(&join(parts)));
}

/// `text` with its control characters (line breaks, tabs) escaped as in a Rust string: safe
/// on one line of a comment.
pub fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// `text` as a Markdown code span on one line: control characters (a line break in an enum
/// value) escaped as in a Rust string, fenced with more backticks than any run inside.
pub fn code_span(text: &str) -> String {
    let escaped = one_line(text);
    let mut longest = 0;
    let mut run = 0;
    for c in escaped.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = if escaped.starts_with('`') || escaped.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{escaped}{pad}{fence}")
}

/// Joins non-empty doc parts with blank lines.
fn join(parts: &[Option<&str>]) -> String {
    parts
        .iter()
        .flatten()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Markdown made safe for a doc comment: code fences become `text` blocks (Looker's examples
/// are not Rust and must not run as doctests) and indentation that Markdown would read as a
/// code block is removed.
fn sanitize(markdown: &str) -> String {
    let mut out = Vec::new();
    let mut fence: Option<usize> = None;
    // Width of the marker of the list item being continued, if any.
    let mut list_indent: Option<usize> = None;
    for raw in markdown.replace("\r\n", "\n").replace('\r', "\n").lines() {
        let trimmed = raw.trim_start();
        let ticks = trimmed.chars().take_while(|c| *c == '`').count();
        match fence {
            None if ticks >= 3 => {
                fence = Some(ticks);
                list_indent = None;
                out.push(format!("{}text", "`".repeat(ticks)));
            }
            None => {
                let line = trimmed.trim_end();
                if line.is_empty() {
                    list_indent = None;
                    out.push(String::new());
                } else if let Some(width) = list_marker_width(line) {
                    list_indent = Some(width);
                    out.push(inline(line));
                } else {
                    let indent = " ".repeat(list_indent.unwrap_or(0));
                    out.push(format!("{indent}{}", inline(line)));
                }
            }
            Some(open) if ticks >= open && trimmed[ticks..].trim().is_empty() => {
                fence = None;
                out.push("`".repeat(open));
            }
            Some(_) => out.push(raw.trim_end().to_owned()),
        }
    }
    if let Some(open) = fence {
        out.push("`".repeat(open));
    }
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    let first = out.iter().position(|l| !l.is_empty()).unwrap_or(out.len());
    out[first..].join("\n")
}

/// A line of prose made safe for rustdoc outside code spans: a bare URL becomes an autolink
/// (`<https://…>`), and brackets that are not a Markdown link (`[dot]`, which rustdoc would
/// read as a broken intra-doc link) are escaped.
fn inline(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        if c == '`' {
            // A code span: copied up to its closing run of backticks (or the line's end).
            let ticks = rest.chars().take_while(|c| *c == '`').count();
            let fence = &rest[..ticks];
            let end = rest[ticks..]
                .find(fence)
                .map_or(rest.len(), |i| ticks + i + ticks);
            out.push_str(&rest[..end]);
            rest = &rest[end..];
        } else if c == '[' {
            let close = rest.find(']');
            let is_link = close.is_some_and(|i| rest[i + 1..].starts_with('('));
            out.push_str(if is_link || close.is_none() {
                "["
            } else {
                "\\["
            });
            rest = &rest[1..];
            if let (Some(i), false) = (close, is_link) {
                out.push_str(&inline(&rest[..i - 1]));
                out.push_str("\\]");
                rest = &rest[i..];
            }
        } else if (rest.starts_with("https://") || rest.starts_with("http://"))
            && !out.ends_with('<')
            && !out.ends_with("](")
        {
            let end = rest
                .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '\'' | '`'))
                .unwrap_or(rest.len());
            let url = rest[..end].trim_end_matches(['.', ',', ';', ':', ')', '!', '?']);
            out.push('<');
            out.push_str(url);
            out.push('>');
            rest = &rest[url.len()..];
        } else {
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// The width of a list item's marker (`- `, `* `, `+ `, `1. `), if the line starts one.
fn list_marker_width(line: &str) -> Option<usize> {
    if line.starts_with("- ") || line.starts_with("* ") || line.starts_with("+ ") {
        return Some(2);
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    let rest = &line[digits..];
    (digits > 0 && (rest.starts_with(". ") || rest.starts_with(") "))).then_some(digits + 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fences_become_text_and_unclosed_ones_are_closed() {
        let text = sanitize("### Title\n```\nAuthorization: token x\n```\n````\na\n");
        assert_eq!(
            text,
            "### Title\n```text\nAuthorization: token x\n```\n````text\na\n````"
        );
    }

    #[test]
    fn list_item_continuations_are_indented() {
        assert_eq!(
            sanitize("- a\nb\n\nc\n10. d\ne"),
            "- a\n  b\n\nc\n10. d\n    e"
        );
    }

    #[test]
    fn code_spans_stay_on_one_line_and_hold_backticks() {
        assert_eq!(code_span("a\nb"), "`a\\nb`");
        assert_eq!(code_span("a`b"), "``a`b``");
        assert_eq!(code_span("`"), "`` ` ``");
        assert_eq!(code_span(""), "``");
    }

    #[test]
    fn bare_urls_become_autolinks_and_stray_brackets_are_escaped() {
        assert_eq!(
            inline("see https://a.b/c?d=1. Or 'http://x.y/z'"),
            "see <https://a.b/c?d=1>. Or '<http://x.y/z>'"
        );
        assert_eq!(
            inline("[docs](https://a.b) <https://c.d> `https://e.f [g]`"),
            "[docs](https://a.b) <https://c.d> `https://e.f [g]`"
        );
        assert_eq!(
            inline("Valid values are [dot]."),
            "Valid values are \\[dot\\]."
        );
        assert_eq!(
            inline("[\"a\",\"b\"] and [x][y] and [open"),
            "\\[\"a\",\"b\"\\] and \\[x\\]\\[y\\] and [open"
        );
    }

    #[test]
    fn indented_lines_are_not_code_blocks() {
        assert_eq!(sanitize("\n\n    indented\n  x  \n\n"), "indented\nx");
    }
}
