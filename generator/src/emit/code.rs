//! A writer of indented Rust source text, laid out as rustfmt (default settings) lays out the
//! constructs the generator writes: four spaces per level, one item per line, declarations
//! broken when a line would pass 100 columns, calls when their arguments pass 60 (rustfmt's
//! `fn_call_width`), chains of several links when they pass 60 (`chain_width`), struct patterns
//! when their fields pass 18 (`struct_lit_width`). CI checks with rustfmt that the committed
//! `generated/` and the corpus' golden files are exactly what rustfmt makes; the full API of a
//! Looker document still has lines rustfmt would lay out otherwise (long path literals, long
//! types in signatures, `cfg` attributes).

use std::fmt::{Display, Write};

/// The widest line the writer makes on purpose (string literals and docs may be wider).
pub const MAX_WIDTH: usize = 100;

/// The widest call chain kept on one line (rustfmt's `chain_width`).
const CHAIN_WIDTH: usize = 60;

/// The widest argument list of a call kept on one line (rustfmt's `fn_call_width`).
const FN_CALL_WIDTH: usize = 60;

/// The widest field list of a struct literal or pattern kept on one line (rustfmt's
/// `struct_lit_width`).
const STRUCT_LIT_WIDTH: usize = 18;

/// Rust source being written.
#[derive(Default)]
pub struct Code {
    text: String,
    depth: usize,
}

impl Code {
    /// An empty file.
    pub fn new() -> Self {
        Code::default()
    }

    /// One line at the current depth; an empty `line` is a blank line.
    pub fn line(&mut self, line: impl Display) {
        let start = self.text.len();
        self.indent();
        let _ = write!(self.text, "{line}");
        if self.text[start..].trim().is_empty() {
            self.text.truncate(start);
        }
        self.text.push('\n');
    }

    /// An attribute line; nothing for an empty one.
    pub fn attr(&mut self, attr: &str) {
        if !attr.is_empty() {
            self.line(attr);
        }
    }

    /// A line that opens a block (`... {`): what follows is indented one level more.
    pub fn open(&mut self, line: impl Display) {
        self.line(line);
        self.depth += 1;
    }

    /// A line that closes a block (`}`), one level less indented.
    pub fn close(&mut self, line: impl Display) {
        self.depth = self.depth.saturating_sub(1);
        self.line(line);
    }

    /// A blank line, unless the text is empty or already ends with one.
    pub fn blank(&mut self) {
        if !self.text.is_empty() && !self.text.ends_with("\n\n") {
            self.text.push('\n');
        }
    }

    /// `///` doc comment lines. Every doc comment is written here: any line break (`\n`,
    /// `\r\n`, a lone `\r`, which Rust refuses in a comment) starts a new line.
    pub fn doc(&mut self, text: &str) {
        let marker = "///";
        if text.is_empty() {
            return;
        }
        for line in text.replace("\r\n", "\n").split(['\n', '\r']) {
            let line = line.trim_end();
            if line.is_empty() {
                self.line(marker);
            } else {
                self.line(format_args!("{marker} {line}"));
            }
        }
    }

    /// `head(item, item, ...) tail` on one line, or with one item per line when too wide.
    pub fn list(&mut self, head: &str, items: &[String], tail: &str) {
        self.wrapped(head, items, tail, usize::MAX);
    }

    /// Like [`Code::list`], for a line that opens a block (`fn f(...) {`).
    pub fn open_list(&mut self, head: &str, items: &[String], tail: &str) {
        self.list(head, items, tail);
        self.depth += 1;
    }

    /// `prefix root.link().link() tail` on one line, or with one link per line when the line
    /// is too wide, when a chain of several links passes 60 columns, or when a link's arguments
    /// must be broken (see [`Code::call`]).
    pub fn chain(&mut self, prefix: &str, root: &str, links: &[Link], tail: &str) {
        let written: Vec<String> = links.iter().map(Link::one_line).collect();
        let chain = format!("{root}{}", written.concat());
        let one_line = format!("{prefix}{chain}{tail}");
        let narrow = links.len() == 1 || chain.len() <= CHAIN_WIDTH;
        let args_fit = links.iter().all(Link::args_fit);
        if links.is_empty() || (self.fits(&one_line) && narrow && args_fit) {
            self.line(one_line);
            return;
        }
        self.line(format_args!("{prefix}{root}"));
        self.depth += 1;
        for (index, link) in links.iter().enumerate() {
            let end = if index + 1 == links.len() { tail } else { "" };
            self.call(
                &format!(".{}(", link.method),
                &link.args,
                &format!("){end}"),
            );
        }
        self.depth -= 1;
    }

    /// A call `head args tail` (`head` ends with `(`, `tail` starts with `)`) on one line, or
    /// with one argument per line when the line is too wide or the arguments pass 60 columns
    /// (rustfmt's `fn_call_width`).
    pub fn call(&mut self, head: &str, args: &[String], tail: &str) {
        self.wrapped(head, args, tail, FN_CALL_WIDTH);
    }

    /// `head items tail` on one line when the line fits and the items take at most `width`
    /// columns, otherwise one item per line.
    fn wrapped(&mut self, head: &str, items: &[String], tail: &str, width: usize) {
        let inner = items.join(", ");
        let one_line = format!("{head}{inner}{tail}");
        if items.is_empty() || (inner.len() <= width && self.fits(&one_line)) {
            self.line(one_line);
        } else {
            self.vertical(head, items, tail);
        }
    }

    /// `head`, then each item on a line of its own with a trailing comma, then `tail`.
    fn vertical(&mut self, head: impl Display, items: &[impl Display], tail: impl Display) {
        self.open(head);
        for item in items {
            self.line(format_args!("{item},"));
        }
        self.close(tail);
    }

    /// `let Type { field, field } = value;`, with one field per line when the fields are too
    /// wide.
    pub fn destructure(&mut self, ty: &str, fields: &[&str], value: &str) {
        let inner = fields.join(", ");
        let one_line = format!("let {ty} {{ {inner} }} = {value};");
        if inner.len() <= STRUCT_LIT_WIDTH && self.fits(&one_line) {
            self.line(one_line);
        } else {
            let head = format!("let {ty} {{");
            self.vertical(head, fields, format_args!("}} = {value};"));
        }
    }

    /// The finished text.
    pub fn finish(self) -> String {
        self.text
    }

    /// Whether `line` fits within [`MAX_WIDTH`] at the current depth.
    pub fn fits(&self, line: &str) -> bool {
        self.depth * 4 + line.len() <= MAX_WIDTH
    }

    fn indent(&mut self) {
        for _ in 0..self.depth {
            self.text.push_str("    ");
        }
    }
}

/// One `.method(args)` of a call chain.
pub struct Link {
    method: &'static str,
    args: Vec<String>,
}

impl Link {
    /// `.method(args)`.
    pub fn new(method: &'static str, args: Vec<String>) -> Self {
        Link { method, args }
    }

    fn one_line(&self) -> String {
        format!(".{}({})", self.method, self.args.join(", "))
    }

    fn args_fit(&self) -> bool {
        self.args.join(", ").len() <= FN_CALL_WIDTH
    }
}

/// A Rust string literal with `text` as its value.
pub fn string_literal(text: &str) -> String {
    format!("{text:?}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_indent_and_blank_lines_stay_empty() {
        let mut code = Code::new();
        code.blank();
        code.open("fn a() {");
        code.line("");
        code.doc("first\n\nsecond");
        code.close("}");
        code.blank();
        code.blank();
        code.line("x");
        assert_eq!(
            code.finish(),
            "fn a() {\n\n    /// first\n    ///\n    /// second\n}\n\nx\n"
        );
    }

    #[test]
    fn long_lists_and_chains_break_one_item_per_line() {
        let mut code = Code::new();
        let short = vec!["a: u8".to_owned()];
        code.list("fn f(", &short, ") {");
        let long: Vec<String> = (0..9).map(|i| format!("argument_{i}: String")).collect();
        code.list("fn g(", &long, ") {");
        let links: Vec<Link> = (0..9)
            .map(|i| Link::new("query", vec![format!("\"name_{i}\""), "x".to_owned()]))
            .collect();
        code.chain("let r = ", "R::new()", &links, ";");
        let text = code.finish();
        assert!(text.starts_with("fn f(a: u8) {\nfn g(\n    argument_0: String,\n"));
        assert!(text.contains("    argument_8: String,\n) {\nlet r = R::new()\n    .query("));
        assert!(text.ends_with("    .query(\"name_8\", x);\n"));
        assert!(text.lines().all(|l| l.len() <= MAX_WIDTH));
    }

    /// rustfmt's small heuristics: chains of several links past 60 columns break, one link does
    /// not; call arguments past 60 columns break one per line; struct patterns past 18.
    #[test]
    fn widths_follow_rustfmts_heuristics() {
        let mut code = Code::new();
        let one = [Link::new(
            "operation",
            vec!["\"create_query_render_task\"".to_owned()],
        )];
        code.chain("let r = ", "rt::Request::post(path)", &one, ";");
        let two = [
            Link::new("operation", vec!["\"type\"".to_owned()]),
            Link::new("query", vec!["\"self\"".to_owned(), "self_".to_owned()]),
        ];
        code.chain("let r = ", "rt::Request::get(\"/things\")", &two, ";");
        let wide = vec![
            "\"sql_runner_precache_tables\"".to_owned(),
            "&self.sql_runner_precache_tables".to_owned(),
        ];
        code.call("fields.optional(", &wide, ")?;");
        code.destructure("P", &["query_id", "result_format"], "params");
        code.destructure("P", &["a", "b"], "params");
        assert_eq!(
            code.finish(),
            "let r = rt::Request::post(path).operation(\"create_query_render_task\");\n\
             let r = rt::Request::get(\"/things\")\n    .operation(\"type\")\n    .query(\"self\", self_);\n\
             fields.optional(\n    \"sql_runner_precache_tables\",\n    &self.sql_runner_precache_tables,\n)?;\n\
             let P {\n    query_id,\n    result_format,\n} = params;\n\
             let P { a, b } = params;\n"
        );
    }

    #[test]
    fn comments_break_lines_at_every_line_break() {
        let mut code = Code::new();
        code.doc("a\rb\r\nc");
        assert_eq!(code.finish(), "/// a\n/// b\n/// c\n");
    }

    #[test]
    fn string_literals_escape_quotes_and_backslashes() {
        assert_eq!(string_literal("a\"b\\c\n"), r#""a\"b\\c\n""#);
    }
}
