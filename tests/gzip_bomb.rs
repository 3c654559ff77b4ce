//! A gzip bomb: about 1 MB on the wire that decompresses to 1 GiB of JSON whitespace. The SDK
//! stops reading at `max_body_mb` of decompressed body (64 MiB here, to keep the test short:
//! decompressing in a debug build is slow; with the default 256 MiB it stops the same way after
//! ~10 s at a 270 MiB peak), with the same typed error as an answer that long uncompressed, and
//! this test process (SDK and stand-in together) stays under 1 GiB resident. The only test of
//! its binary, so that nothing else counts in the peak.

mod common;

use common::*;
use flate2::{Compress, Compression, FlushCompress};
use looker_sdk::models::WriteDbConnection;
use looker_sdk::testing::{Reply, StandIn};
use looker_sdk::{Error, LookerSdk};

const MIB: usize = 1 << 20;
/// Decompressed size: 1 GiB.
const CHUNKS: usize = 1024;
const PEAK_LIMIT_KIB: u64 = 1 << 20;

/// One MiB of spaces as a deflate block that stands alone (a full flush: nothing after it
/// refers back into it), so that the block repeated is a valid stream of many MiB.
fn block_of_spaces() -> Vec<u8> {
    let mut compress = Compress::new(Compression::best(), false);
    let spaces = vec![b' '; MIB];
    let mut block = Vec::with_capacity(64 * 1024);
    let mut offset = 0;
    loop {
        let before = compress.total_in();
        let flush = FlushCompress::Full;
        compress
            .compress_vec(&spaces[offset..], &mut block, flush)
            .expect("deflate");
        offset += usize::try_from(compress.total_in() - before).expect("fits");
        if offset == spaces.len() && block.len() < block.capacity() {
            return block;
        }
        block.reserve(64 * 1024);
    }
}

/// A gzip member of `CHUNKS` blocks of spaces and an empty final block. Its trailer's CRC is
/// not the data's: the SDK must stop long before it reads that far.
fn bomb() -> Vec<u8> {
    let block = block_of_spaces();
    let mut gzip = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
    for _ in 0..CHUNKS {
        gzip.extend_from_slice(&block);
    }
    gzip.extend_from_slice(&[0x03, 0x00]); // a final, empty block with fixed codes
    gzip.extend_from_slice(&0u32.to_le_bytes());
    let size = u32::try_from((CHUNKS * MIB) % (1 << 32)).expect("mod 2^32");
    gzip.extend_from_slice(&size.to_le_bytes());
    gzip
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_gzip_bomb_ends_at_the_body_limit_under_a_gibibyte() {
    let bomb = bomb();
    let wire = bomb.len();
    assert!(wire < 4 * MIB, "{wire} bytes on the wire");
    let looker = StandIn::<LookerSdk>::start().await;
    let reply = Reply::bytes("application/json", bomb).header("content-encoding", "gzip");
    looker.on("create_connection").answer(reply);
    let sdk = looker.sdk_with(|settings| settings.max_body_bytes = 64 << 20);

    let started = std::time::Instant::now();
    let result = within(sdk.create_connection(&WriteDbConnection::new().set_name("x"))).await;
    let elapsed = started.elapsed();
    let peak = peak_rss_kib();
    match result {
        Err(error @ Error::BodyTooLarge { .. }) => {
            assert!(error
                .to_string()
                .contains("longer than the 67108864 bytes allowed"));
            eprintln!("{error:.120}");
        }
        other => panic!("expected BodyTooLarge, got {other:?}"),
    }
    assert!(
        peak < PEAK_LIMIT_KIB,
        "peak RSS {peak} KiB is not under {PEAK_LIMIT_KIB} KiB"
    );
    eprintln!(
        "{wire} bytes on the wire for {} MiB decompressed; stopped in {elapsed:?}; peak RSS {} MiB",
        CHUNKS,
        peak >> 10
    );
}
