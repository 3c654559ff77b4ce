//! A writer of indented Rust source text, laid out the way rustfmt would: four spaces per
//! level, one item per line, argument lists and call chains broken when a line would pass
//! 100 columns.

use std::fmt::{Display, Write};

/// The widest line the writer makes on purpose (string literals and docs may be wider).
pub const MAX_WIDTH: usize = 100;

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

    /// `///` doc comment lines for text already made safe for rustdoc.
    pub fn doc(&mut self, text: &str) {
        for line in text.lines() {
            if line.is_empty() {
                self.line("///");
            } else {
                self.line(format_args!("/// {line}"));
            }
        }
    }

    /// `head(item, item, ...) tail` on one line, or with one item per line when too wide.
    pub fn list(&mut self, head: &str, items: &[String], tail: &str) {
        let one_line = format!("{head}{}{tail}", items.join(", "));
        if self.fits(&one_line) || items.is_empty() {
            self.line(one_line);
            return;
        }
        self.open(head);
        for item in items {
            self.line(format_args!("{item},"));
        }
        self.close(tail);
    }

    /// Like [`Code::list`], for a line that opens a block (`fn f(...) {`).
    pub fn open_list(&mut self, head: &str, items: &[String], tail: &str) {
        self.list(head, items, tail);
        self.depth += 1;
    }

    /// `head.link().link();` on one line, or with one link per line when too wide.
    pub fn chain(&mut self, head: &str, links: &[String], tail: &str) {
        let one_line = format!("{head}{}{tail}", links.concat());
        if self.fits(&one_line) || links.is_empty() {
            self.line(one_line);
            return;
        }
        self.line(head);
        self.depth += 1;
        for (index, link) in links.iter().enumerate() {
            if index + 1 == links.len() {
                self.line(format_args!("{link}{tail}"));
            } else {
                self.line(link);
            }
        }
        self.depth -= 1;
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
        let links: Vec<String> = (0..9).map(|i| format!(".query(\"name_{i}\", x)")).collect();
        code.chain("let r = R::new()", &links, ";");
        let text = code.finish();
        assert!(text.starts_with("fn f(a: u8) {\nfn g(\n    argument_0: String,\n"));
        assert!(text.contains("    argument_8: String,\n) {\nlet r = R::new()\n    .query("));
        assert!(text.ends_with("    .query(\"name_8\", x);\n"));
        assert!(text.lines().all(|l| l.len() <= MAX_WIDTH));
    }

    #[test]
    fn string_literals_escape_quotes_and_backslashes() {
        assert_eq!(string_literal("a\"b\\c\n"), r#""a\"b\\c\n""#);
    }
}
