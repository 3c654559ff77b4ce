//! The runtime's decode budget (`max_decoded_mb`) against a large real answer: the seed's
//! recorded `DbConnection` answer repeated to 256 MiB (the largest body the SDK reads by
//! default) decodes within the default budget, as the runtime decodes answers.

use looker_sdk::codegen::decode_within;
use looker_sdk::models::DbConnection;
use looker_sdk::ApiSettings;

#[test]
fn a_256_mib_answer_of_recorded_connections_decodes_within_the_default_budget() {
    let record = include_str!("fixtures/create_connection_200.json");
    let record: serde_json::Value = serde_json::from_str(record).expect("JSON");
    let record = serde_json::to_string(&record).expect("JSON");
    let count = (256 << 20) / (record.len() + 1);
    let mut body = String::with_capacity(256 << 20);
    body.push('[');
    for i in 0..count {
        if i > 0 {
            body.push(',');
        }
        body.push_str(&record);
    }
    body.push(']');
    let limit = ApiSettings::new("https://x", "id", "secret").max_decoded_bytes;
    let decoded: Vec<DbConnection> = decode_within(body.as_bytes(), limit).expect("decodes");
    assert_eq!(decoded.len(), count);
    // A budget well under what it is charged (about 355 MB) refuses it: the budget decides.
    let small = decode_within::<Vec<DbConnection>>(body.as_bytes(), limit / 4);
    assert!(small.is_err(), "a quarter of the budget is not enough");
}
