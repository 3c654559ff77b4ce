//! The media-type table: which bodies and answers are JSON, form, text or binary. It is the one
//! table for the generator, which picks each operation's body encoding and decoder by it, and
//! for the SDK's runtime, which reads an answer of several media types as text or bytes by it:
//! the generator writes it into the SDK's root file as `is_text_media` (see `emit`).

use crate::emit::code::Code;

/// What a media type carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MediaKind {
    Json,
    Form,
    Text,
    Binary,
}

/// How a rule matches a media type's essence (lower case, without parameters).
#[derive(Clone, Copy, Debug)]
enum Match {
    Exact(&'static str),
    Prefix(&'static str),
    Suffix(&'static str),
}

/// The rules, first match wins; what no rule matches is binary.
const TABLE: &[(Match, MediaKind)] = &[
    (Match::Exact("application/json"), MediaKind::Json),
    (Match::Suffix("+json"), MediaKind::Json),
    (
        Match::Exact("application/x-www-form-urlencoded"),
        MediaKind::Form,
    ),
    (Match::Prefix("text/"), MediaKind::Text),
    // Looker's documents write `text` for `text/plain`.
    (Match::Exact("text"), MediaKind::Text),
    (Match::Exact("application/xml"), MediaKind::Text),
    // `image/svg+xml` included.
    (Match::Suffix("+xml"), MediaKind::Text),
];

/// The essence of a media type: lower case, without parameters (`text/csv; charset=utf-8`
/// -> `text/csv`).
fn essence(media: &str) -> String {
    media
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// What a body or answer of media type `media` carries.
pub fn media_kind(media: &str) -> MediaKind {
    let essence = essence(media);
    TABLE
        .iter()
        .find(|(rule, _)| match rule {
            Match::Exact(value) => essence == *value,
            Match::Prefix(value) => essence.starts_with(value),
            Match::Suffix(value) => essence.ends_with(value),
        })
        .map_or(MediaKind::Binary, |(_, kind)| *kind)
}

/// Writes the table as the runtime's `is_text_media(essence)`: whether an answer is text (JSON,
/// form or text), the rest being bytes.
pub fn write_is_text_media(code: &mut Code) {
    let conditions: Vec<String> = TABLE
        .iter()
        .filter(|(_, kind)| *kind != MediaKind::Binary)
        .map(|(rule, _)| match rule {
            Match::Exact(value) => format!("essence == {value:?}"),
            Match::Prefix(value) => format!("essence.starts_with({value:?})"),
            Match::Suffix(value) => format!("essence.ends_with({value:?})"),
        })
        .collect();
    code.line(
        "/// Whether an answer of media type `essence` (lower case, without parameters) is text,",
    );
    code.line("/// by the generator's media table, which also chose each operation's decoder.");
    code.line("#[doc(hidden)]");
    code.open("pub fn is_text_media(essence: &str) -> bool {");
    // As rustfmt lays out a condition too long for one line.
    for (index, condition) in conditions.iter().enumerate() {
        if index == 0 {
            code.line(condition);
        } else {
            code.line(format_args!("    || {condition}"));
        }
    }
    code.close("}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_kinds() {
        assert_eq!(
            media_kind("application/json; charset=utf-8"),
            MediaKind::Json
        );
        assert_eq!(media_kind("application/vnd.x+json"), MediaKind::Json);
        assert_eq!(media_kind("text/plain"), MediaKind::Text);
        assert_eq!(media_kind("Text"), MediaKind::Text);
        assert_eq!(media_kind("image/svg+xml"), MediaKind::Text);
        assert_eq!(media_kind("application/xml"), MediaKind::Text);
        assert_eq!(media_kind("image/png"), MediaKind::Binary);
        assert_eq!(media_kind("application/pdf"), MediaKind::Binary);
        assert_eq!(
            media_kind("application/x-www-form-urlencoded"),
            MediaKind::Form
        );
    }

    #[test]
    fn the_runtime_function_lists_every_textual_rule() {
        let mut code = Code::new();
        write_is_text_media(&mut code);
        let text = code.finish();
        assert!(text.contains("pub fn is_text_media(essence: &str) -> bool {"));
        assert!(text.contains("    essence == \"application/json\"\n        || essence.ends_with"));
        assert!(text.contains("        || essence.ends_with(\"+xml\")\n}"));
    }
}
