//! Is an answer an API document? A JSON or YAML object with `swagger: "2.0"` or
//! `openapi: "3..."`, `info` and `paths`; anything else (a proxy's login page) is refused.

use looker_codegen::{parse_document, Syntax};
use serde_json::Value;

/// Longest excerpt of a refused answer quoted in an error, in characters.
const EXCERPT_CHARS: usize = 160;

/// The syntax of `body` when it is an API document.
///
/// # Errors
///
/// Why it is not one (never quoting more than the document's own keys).
pub fn validate(body: &[u8]) -> Result<Syntax, String> {
    let text = std::str::from_utf8(body).map_err(|_| "not UTF-8 text".to_owned())?;
    if text.trim().is_empty() {
        return Err("empty".to_owned());
    }
    let syntax = Syntax::detect("", text);
    let value = parse_document(text, syntax).map_err(|e| e.to_string())?;
    let Value::Object(object) = value else {
        return Err("not a JSON or YAML object".to_owned());
    };
    let version = match (object.get("swagger"), object.get("openapi")) {
        (Some(Value::String(swagger)), _) if swagger == "2.0" => Ok(()),
        (_, Some(Value::String(openapi))) if openapi.starts_with("3.") => Ok(()),
        (Some(other), _) | (None, Some(other)) => Err(format!(
            "unsupported version {other} (expected swagger \"2.0\" or openapi \"3.x\")"
        )),
        (None, None) => Err("no `swagger` or `openapi` key".to_owned()),
    };
    version?;
    for key in ["info", "paths"] {
        if !object.get(key).is_some_and(Value::is_object) {
            return Err(format!("no `{key}` object"));
        }
    }
    Ok(syntax)
}

/// The start of `body` for an error message: lossy UTF-8, trimmed, whitespace runs collapsed,
/// cut on a character boundary and ending in `…` when cut.
pub fn excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let words: Vec<&str> = text.split_whitespace().collect();
    let text = words.join(" ");
    match text.char_indices().nth(EXCERPT_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_swagger_2_and_openapi_3_in_json_or_yaml() {
        let swagger = br#"{"swagger": "2.0", "info": {"title": "Looker"}, "paths": {}}"#;
        assert_eq!(validate(swagger), Ok(Syntax::Json));
        let openapi = b"openapi: 3.0.0\ninfo:\n  title: Looker\npaths: {}\n";
        assert_eq!(validate(openapi), Ok(Syntax::Yaml));
    }

    #[test]
    fn refuses_what_is_not_an_api_document() {
        let refused = |body: &[u8]| validate(body).expect_err("not a document");
        assert_eq!(
            refused(b"<html><body>Sign in</body></html>"),
            "not a JSON or YAML object"
        );
        assert_eq!(refused(b"  "), "empty");
        assert_eq!(refused(b"\xff"), "not UTF-8 text");
        assert_eq!(
            refused(br#"{"info": {}, "paths": {}}"#),
            "no `swagger` or `openapi` key"
        );
        assert!(refused(br#"{"swagger": "1.2"}"#).starts_with("unsupported version \"1.2\""));
        assert_eq!(
            refused(br#"{"openapi": "3.1.0", "info": {}}"#),
            "no `paths` object"
        );
        assert!(refused(b"{\"openapi\": ").starts_with("not valid JSON"));
    }

    #[test]
    fn excerpt_collapses_whitespace_and_cuts() {
        assert_eq!(
            excerpt(b"<html>\n  <body>x</body>\n</html>"),
            "<html> <body>x</body> </html>"
        );
        let long = "é".repeat(EXCERPT_CHARS + 5);
        let cut = excerpt(long.as_bytes());
        assert_eq!(cut.chars().count(), EXCERPT_CHARS + 1);
        assert!(cut.ends_with("é…"));
    }
}
