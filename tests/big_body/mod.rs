//! A loopback HTTP/1.1 stand-in for Looker that answers with a large body made as it is sent,
//! so that neither side holds it: `POST /api/4.0/login` gives a token, `GET /api/4.0/big`
//! gives `size` bytes of a deterministic pattern (a 1 MiB pseudo-random block, rotated
//! differently for each MiB so that no two MiB are equal). Shared by the streaming test and
//! the throughput benchmark.
#![allow(dead_code)]

use std::io::Read;
use std::path::Path;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// Size of the pattern's block.
pub const BLOCK: usize = 1 << 20;

/// The pseudo-random block (xorshift64).
pub fn block() -> Vec<u8> {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut block = Vec::with_capacity(BLOCK);
    while block.len() < BLOCK {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        block.extend_from_slice(&state.to_le_bytes());
    }
    block
}

/// Where the `index`th MiB of the body starts in the block.
fn rotation(index: u64) -> usize {
    (index as usize).wrapping_mul(4099) % BLOCK
}

/// Starts the stand-in on a loopback port, serving bodies of `size` bytes; its base URL.
pub async fn serve(size: u64) -> String {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a loopback port");
    let address = listener.local_addr().expect("local address");
    assert!(address.ip().is_loopback());
    tokio::spawn(async move {
        let block = std::sync::Arc::new(block());
        while let Ok((connection, _)) = listener.accept().await {
            tokio::spawn(answer(connection, size, block.clone()));
        }
    });
    format!("http://{address}")
}

/// Answers the requests of one connection until the client closes it.
async fn answer(connection: TcpStream, size: u64, block: std::sync::Arc<Vec<u8>>) {
    let mut connection = BufReader::new(connection);
    loop {
        let mut request_line = String::new();
        if connection.read_line(&mut request_line).await.unwrap_or(0) == 0 {
            return;
        }
        let mut content_length = 0usize;
        loop {
            let mut line = String::new();
            if connection.read_line(&mut line).await.unwrap_or(0) == 0 {
                return;
            }
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':') {
                if name.eq_ignore_ascii_case("content-length") {
                    content_length = value.trim().parse().unwrap_or(0);
                }
            }
        }
        let mut body = vec![0; content_length];
        if connection.read_exact(&mut body).await.is_err() {
            return;
        }
        let target = request_line.split_whitespace().nth(1).unwrap_or_default();
        let written = match target {
            "/api/4.0/login" => {
                let token = br#"{"access_token":"tok","token_type":"Bearer","expires_in":3600}"#;
                let head = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
                    token.len()
                );
                let stream = connection.get_mut();
                async {
                    stream.write_all(head.as_bytes()).await?;
                    stream.write_all(token).await
                }
                .await
            }
            "/api/4.0/big" => send_body(connection.get_mut(), size, &block).await,
            _ => {
                let head = "HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n";
                connection.get_mut().write_all(head.as_bytes()).await
            }
        };
        if written.is_err() {
            return;
        }
    }
}

async fn send_body(stream: &mut TcpStream, size: u64, block: &[u8]) -> std::io::Result<()> {
    let head = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\ncontent-length: {size}\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await?;
    let mut left = size;
    let mut index = 0;
    while left > 0 {
        let start = rotation(index);
        for part in [&block[start..], &block[..start]] {
            let take = part.len().min(usize::try_from(left).unwrap_or(usize::MAX));
            stream.write_all(&part[..take]).await?;
            left -= take as u64;
        }
        index += 1;
    }
    Ok(())
}

/// Checks that `file` holds exactly the `size` bytes the stand-in sends; the offset of the
/// first difference otherwise.
pub fn verify(file: &Path, size: u64) -> Result<(), String> {
    let block = block();
    let mut file = std::fs::File::open(file).map_err(|e| e.to_string())?;
    let mut buffer = vec![0; BLOCK];
    let mut offset = 0u64;
    let mut index = 0;
    while offset < size {
        let expected_len = usize::try_from((size - offset).min(BLOCK as u64)).unwrap_or(BLOCK);
        file.read_exact(&mut buffer[..expected_len])
            .map_err(|e| format!("at {offset}: {e}"))?;
        let start = rotation(index);
        let head = (BLOCK - start).min(expected_len);
        let got = &buffer[..expected_len];
        // Slice comparisons (memcmp): fast in a debug build too.
        let same = got[..head] == block[start..start + head]
            && got[head..] == block[..expected_len - head];
        if !same {
            return Err(format!("the MiB at byte {offset} differs"));
        }
        offset += expected_len as u64;
        index += 1;
    }
    let mut rest = [0u8; 1];
    match file.read(&mut rest) {
        Ok(0) => Ok(()),
        _ => Err(format!("the file is longer than {size} bytes")),
    }
}
