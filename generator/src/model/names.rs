//! Naming rules: every Rust name the generator emits is made here, as an [`Ident`].

use heck::{ToSnakeCase, ToUpperCamelCase};
use std::collections::BTreeSet;
use std::fmt;

/// A Rust identifier the naming rules made: ASCII letters, digits and `_`, not starting with a
/// digit, never a keyword. Only this module makes one, so emitting needs no check.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Ident(String);

impl Ident {
    /// The identifier as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// This identifier with `suffix` (ASCII letters, digits or `_`) appended.
    fn with_suffix(&self, suffix: &str) -> Ident {
        Ident(format!("{}{suffix}", self.0))
    }
}

impl fmt::Display for Ident {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::ops::Deref for Ident {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl PartialEq<str> for Ident {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for Ident {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

/// Rust keywords (strict and reserved, all editions) that cannot be plain identifiers.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "static", "struct", "super", "trait", "true", "try", "type", "typeof",
    "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Whether `name` is a Rust keyword, which cannot be a plain identifier.
pub fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name)
}

/// Type names that generated code uses unqualified: a schema must not shadow them.
const RESERVED_TYPES: &[&str] = &[
    "Self",
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "String",
    "Vec",
    "Box",
    "BTreeMap",
    "Default",
    "Clone",
    "Debug",
    "Deserialize",
    "Serialize",
    "PartialEq",
    "Send",
    "Sync",
    "Sized",
    "Copy",
    "Fn",
    "Into",
    "From",
    "Iterator",
    "ToString",
    "Value",
    "LookerSdk",
];

/// Methods of `LookerSdk` written by hand; generated methods must not take their names.
const RESERVED_METHODS: &[&str] = &[
    "new",
    "with_client_builder",
    "settings",
    "auth",
    "raw",
    "send",
    "clone",
    "fmt",
    "login_user",
];

/// The Rust name of a type, from a schema name or a name built from its context.
pub fn type_name(raw: &str) -> Ident {
    let mut name = ascii_words(raw).to_upper_camel_case();
    if name.is_empty() {
        name = "Unnamed".to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'T');
    }
    if RESERVED_TYPES.contains(&name.as_str()) || KEYWORDS.contains(&name.as_str()) {
        name.push_str("Model");
    }
    Ident(name)
}

/// The Rust name of a field or argument, from a property or parameter name.
pub fn field_name(raw: &str) -> Ident {
    snake_identifier(raw, "field")
}

/// The Rust name of an SDK method, from an `operationId`.
pub fn method_name(raw: &str) -> Ident {
    let name = snake_identifier(raw, "operation");
    if RESERVED_METHODS.contains(&name.as_str()) {
        return name.with_suffix("_");
    }
    name
}

/// The module (file) and Cargo feature name of an API area, from a Looker tag. It never starts
/// with `_` but for a tag that starts with a digit (`_2fa`), so `_shared` is never an area.
pub fn area_module(tag: &str) -> Ident {
    snake_identifier(tag, "misc")
}

/// The module (file) of the types several areas use: a name no Looker tag gives an area.
pub const SHARED_MODULE: &str = "_shared";

/// The Rust name of an enum variant, from its JSON value.
pub fn variant_name(value: &str) -> Ident {
    let mut name = ascii_words(value).to_upper_camel_case();
    if name.is_empty() {
        name = if value.is_empty() { "Empty" } else { "Symbol" }.to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'V');
    }
    // `Self` is a keyword and `Unknown` the fallback variant; a suffix word (not `_`, which a
    // uniqueness number would turn into the non-camel-case `Self_2`) keeps them apart.
    if name == "Self" || name == "Unknown" {
        name.push_str("Value");
    }
    Ident(name)
}

/// The variant of an operation's result enum for the answers with HTTP `status` (`Status200`):
/// the one name the enum, its decoder and the diff's surface use.
pub fn status_variant(status: u16) -> Ident {
    Ident(format!("Status{status}"))
}

/// `raw` with everything but ASCII letters and digits turned into word breaks, so that every
/// name made from it is a valid identifier.
fn ascii_words(raw: &str) -> String {
    raw.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

fn snake_identifier(raw: &str, fallback: &str) -> Ident {
    let mut name = ascii_words(raw).to_snake_case();
    if name.is_empty() {
        name = fallback.to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    if KEYWORDS.contains(&name.as_str()) {
        name.push('_');
    }
    Ident(name)
}

/// Hands out unique names within one scope: a taken name gets the first free `2`, `3`, ...
#[derive(Default)]
pub struct UniqueNames {
    taken: BTreeSet<Ident>,
}

impl UniqueNames {
    /// Reserves `wanted`, or the first free numbered variant of it; returns what was reserved.
    pub fn claim(&mut self, wanted: Ident) -> Ident {
        if self.taken.insert(wanted.clone()) {
            return wanted;
        }
        let separator = if wanted.ends_with(|c: char| c.is_ascii_digit()) {
            "_"
        } else {
            ""
        };
        (2..)
            .map(|n| wanted.with_suffix(&format!("{separator}{n}")))
            .find(|candidate| self.taken.insert(candidate.clone()))
            .unwrap_or(wanted)
    }

    /// Reserves a name the generated code uses itself (`sdk`, `body`).
    pub fn reserve(&mut self, name: &str) {
        self.taken.insert(snake_identifier(name, name));
    }

    /// Whether `name` is already taken.
    pub fn is_taken(&self, name: &Ident) -> bool {
        self.taken.contains(name)
    }
}

/// Whether a property holds a secret that must never be printed: write-only strings, and
/// names whose last word is password, secret, token or certificate.
pub fn is_secret(json_name: &str, write_only: bool) -> bool {
    let last_word = json_name
        .to_snake_case()
        .rsplit('_')
        .next()
        .unwrap_or_default()
        .to_owned();
    write_only
        || matches!(
            last_word.as_str(),
            "password" | "secret" | "token" | "certificate"
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn looker_names_in_rust_case() {
        assert_eq!(type_name("DBConnection"), "DbConnection");
        assert_eq!(type_name("DBConnectionOverride"), "DbConnectionOverride");
        assert_eq!(type_name("ValidationErrorDetail"), "ValidationErrorDetail");
        assert_eq!(type_name("Result"), "ResultModel");
        assert_eq!(type_name("3d"), "T3d");
        assert_eq!(type_name("Größe"), "GrE");
        assert_eq!(type_name("a-b.c"), "ABC");
    }

    #[test]
    fn keywords_and_camel_case_fields() {
        assert_eq!(field_name("type"), "type_");
        assert_eq!(field_name("ref"), "ref_");
        assert_eq!(field_name("self"), "self_");
        assert_eq!(field_name("camelCase"), "camel_case");
        assert_eq!(field_name("$ref"), "ref_");
        assert_eq!(field_name("1st"), "_1st");
        assert_eq!(field_name("-"), "field");
    }

    #[test]
    fn variants() {
        assert_eq!(variant_name("inline_json"), "InlineJson");
        assert_eq!(variant_name(""), "Empty");
        assert_eq!(variant_name("+"), "Symbol");
        assert_eq!(variant_name("24h"), "V24h");
    }

    #[test]
    fn unique_names_are_deterministic() {
        let mut names = UniqueNames::default();
        assert_eq!(names.claim(field_name("a")), "a");
        assert_eq!(names.claim(field_name("a")), "a2");
        assert_eq!(names.claim(field_name("a")), "a3");
        assert_eq!(names.claim(field_name("v2")), "v2");
        assert_eq!(names.claim(field_name("v2")), "v2_2");
    }

    #[test]
    fn no_tag_names_the_shared_module() {
        for tag in ["Shared", "_shared", "__shared", " shared", "_Shared_"] {
            assert_ne!(area_module(tag), SHARED_MODULE, "{tag}");
        }
        assert_eq!(area_module("2fa"), "_2fa");
    }

    #[test]
    fn secrets() {
        assert!(is_secret("client_secret", false));
        assert!(is_secret("access_token", false));
        assert!(is_secret("password", false));
        assert!(is_secret("file_type", true));
        assert!(!is_secret("token_type", false));
    }
}
