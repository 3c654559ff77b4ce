//! Which operation of the API a request is: its path matched against the operation table's
//! path templates.

use crate::api::{ApiDescription, Operation};
use crate::query::percent_decode;

/// The operation `method path` (`path` below the API path, percent-encoded) is, with the
/// values of its path parameters (decoded): the template with the most literal segments wins,
/// as `/users/me` over `/users/{user_id}`.
pub(crate) fn operation_of(
    api: &ApiDescription,
    method: &str,
    path: &str,
) -> Option<(&'static Operation, Vec<(String, String)>)> {
    api.operations()
        .iter()
        .filter(|operation| operation.method.eq_ignore_ascii_case(method))
        .filter_map(|operation| {
            let params = operation.path_params(path)?;
            let literals = operation.path.split('/').count() - params.len();
            Some((literals, operation, params))
        })
        .max_by_key(|(literals, _, _)| *literals)
        .map(|(_, operation, params)| {
            let decoded = params
                .into_iter()
                .map(|(name, value)| (name.to_owned(), percent_decode(value)))
                .collect();
            (operation, decoded)
        })
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
}
