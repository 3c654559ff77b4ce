//! Creates a user and sets one of their user attributes, telling a missing attribute (404) and
//! a rejected value (422) apart from other failures.
//!
//! `cargo run --example create_user -- ATTRIBUTE_ID VALUE` with `looker.ini` or `LOOKERSDK_*`.

use std::io::Write;

use looker_own_crate_example::methods::SetUserAttributeUserValueParams;
use looker_own_crate_example::models::{WriteUser, WriteUserAttributeWithValue};
use looker_own_crate_example::LookerSdk;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (attribute, value) = (
        args.next().unwrap_or_default(),
        args.next().unwrap_or_default(),
    );
    let sdk = looker_own_crate_example::init40()?;
    run(&sdk, &attribute, &value, &mut std::io::stdout()).await
}

/// Creates Ada Lovelace and sets her user attribute `attribute_id` to `value`.
pub async fn run(
    sdk: &LookerSdk,
    attribute_id: &str,
    value: &str,
    out: &mut impl Write,
) -> Result<(), Box<dyn std::error::Error>> {
    let user = sdk
        .create_user()
        .body(
            &WriteUser::new()
                .set_first_name("Ada")
                .set_last_name("Lovelace"),
        )
        .await?;
    let user_id = user.id.ok_or("Looker did not say the new user's id")?;
    writeln!(out, "created user {user_id}")?;

    // Two ids in a row: named, so they cannot be swapped.
    let params = SetUserAttributeUserValueParams {
        user_id: &user_id,
        user_attribute_id: attribute_id,
    };
    let body = WriteUserAttributeWithValue::new().set_value(value);
    match sdk.set_user_attribute_user_value(params, &body).await {
        Ok(set) => writeln!(out, "set to {}", set.value.as_deref().unwrap_or(""))?,
        Err(error) => match error.api_error() {
            Some(api) if api.status == 404 => {
                writeln!(out, "no user attribute {attribute_id}")?;
            }
            Some(api) if api.status == 422 => {
                writeln!(out, "rejected: {}", api.message.as_deref().unwrap_or(""))?;
                for detail in &api.errors {
                    let field = detail.field.as_deref().unwrap_or("?");
                    let message = detail.message.as_deref().unwrap_or("");
                    writeln!(out, "  {field}: {message}")?;
                }
            }
            _ => return Err(error.into()),
        },
    }
    Ok(())
}
