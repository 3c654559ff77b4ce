//! Which operation of the API a request is: its path matched against the operation table's
//! path templates.

use crate::api::{ApiDescription, Operation};

/// The operation `method path` (`path` below the API path, percent-encoded) is, with the
/// values of its path parameters (decoded): the template with the most literal segments wins,
/// as `/users/me` over `/users/{user_id}`.
pub(crate) fn operation_of(
    api: &ApiDescription,
    method: &str,
    path: &str,
) -> Option<(&'static Operation, Vec<(String, String)>)> {
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    api.operations()
        .iter()
        .filter(|operation| operation.method.eq_ignore_ascii_case(method))
        .filter_map(|operation| {
            let params = matches(operation.path, &segments)?;
            let literals = operation.path.split('/').count() - params.len();
            Some((literals, operation, params))
        })
        .max_by_key(|(literals, _, _)| *literals)
        .map(|(_, operation, params)| (operation, params))
}

/// The path parameters of `template` when `segments` match it.
fn matches(template: &str, segments: &[&str]) -> Option<Vec<(String, String)>> {
    let parts: Vec<&str> = template.trim_start_matches('/').split('/').collect();
    if parts.len() != segments.len() {
        return None;
    }
    let mut params = Vec::new();
    for (part, segment) in parts.iter().zip(segments) {
        match part.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
            Some(name) if !segment.is_empty() => {
                params.push((name.to_owned(), percent_decode(segment)));
            }
            Some(_) => return None,
            None if part == segment => {}
            None => return None,
        }
    }
    Some(params)
}

/// `text` with its `%XX` escapes decoded (invalid escapes and UTF-8 kept as they are).
pub(crate) fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        let escaped = (bytes[at] == b'%')
            .then(|| text.get(at + 1..at + 3))
            .flatten()
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escaped {
            Some(byte) => {
                out.push(byte);
                at += 3;
            }
            None => {
                out.push(bytes[at]);
                at += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::TEST_API;

    #[test]
    fn literal_segments_win_and_parameters_are_decoded() {
        static API: ApiDescription = ApiDescription::new(
            "/api/4.0",
            |_| false,
            &[
                Operation {
                    id: "user",
                    method: "GET",
                    path: "/users/{user_id}",
                },
                Operation {
                    id: "me",
                    method: "GET",
                    path: "/users/me",
                },
                Operation {
                    id: "update_user",
                    method: "PATCH",
                    path: "/users/{user_id}",
                },
            ],
            &[],
        );
        let (me, params) = operation_of(&API, "GET", "/users/me").expect("routed");
        assert_eq!((me.id, params.len()), ("me", 0));
        let (user, params) = operation_of(&API, "GET", "/users/a%2Fb").expect("routed");
        assert_eq!(user.id, "user");
        assert_eq!(params, [("user_id".to_owned(), "a/b".to_owned())]);
        assert_eq!(
            operation_of(&API, "patch", "/users/7").map(|(o, _)| o.id),
            Some("update_user")
        );
        assert!(operation_of(&API, "GET", "/users/").is_none());
        assert!(operation_of(&API, "DELETE", "/users/7").is_none());
        assert!(operation_of(&TEST_API, "POST", "/connections/x").is_none());
    }

    #[test]
    fn percent_decoding_keeps_what_is_not_an_escape() {
        assert_eq!(percent_decode("a%20b%zz%4"), "a b%zz%4");
        assert_eq!(percent_decode("%C3%A9"), "é");
    }
}
