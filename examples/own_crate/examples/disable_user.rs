//! Disables the user with an email address: finds them with `search_users`, then sets
//! `is_disabled` with `update_user`.
//!
//! `cargo run --example disable_user -- EMAIL` with `looker.ini` or `LOOKERSDK_*`.

use std::io::Write;

use looker_own_crate_example::models::WriteUser;
use looker_own_crate_example::LookerSdk;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let email = std::env::args().nth(1).ok_or("usage: disable_user EMAIL")?;
    let sdk = looker_own_crate_example::init40()?;
    run(&sdk, &email, &mut std::io::stdout()).await
}

/// Disables the user whose email is `email`, saying what it did.
pub async fn run(
    sdk: &LookerSdk,
    email: &str,
    out: &mut impl Write,
) -> Result<(), Box<dyn std::error::Error>> {
    let found = sdk
        .search_users()
        .email(email)
        .fields("id,email,is_disabled")
        .await?;
    let Some(user) = found.into_iter().next() else {
        writeln!(out, "no user with email {email}")?;
        return Ok(());
    };
    let id = user.id.ok_or("Looker did not say the user's id")?;
    if user.is_disabled == Some(true) {
        writeln!(out, "user {id} is disabled already")?;
        return Ok(());
    }
    let updated = sdk
        .update_user(&id, &WriteUser::new().set_is_disabled(true))
        .fields("id,is_disabled")
        .await?;
    writeln!(
        out,
        "user {id} disabled: {}",
        updated.is_disabled == Some(true)
    )?;
    Ok(())
}
