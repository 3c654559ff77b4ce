//! Gzip-compressed answers (feature `gzip`), decompressed as they arrive, in pieces of at most
//! [`PIECE`] bytes: however far a small chunk inflates (a "bomb" inflates 1000-fold), what is
//! held at once stays small, and the body limits count decompressed bytes.
//!
//! Looker (or a proxy before it) compresses an answer when the request says
//! `Accept-Encoding: gzip`, which the SDK then sends. A gzip member is its header, a raw
//! deflate stream and a trailer holding the CRC-32 and the length of the data; both are
//! checked at the end.

use std::io;

use miniz_oxide::inflate::stream::{inflate, InflateState};
use miniz_oxide::{DataFormat, MZError, MZFlush, MZStatus};

use crate::gzip_format::Crc32;

/// The most decompressed bytes handed out at once.
pub(crate) const PIECE: usize = 64 * 1024;

/// Where in the gzip member the input is.
enum Part {
    /// The header, buffered until it is whole.
    Header(Vec<u8>),
    /// The deflate stream.
    Deflate,
    /// The 8-byte trailer, buffered until it is whole.
    Trailer(Vec<u8>),
    /// After the trailer.
    Done,
}

/// Decompresses one gzip member fed in chunks.
pub(crate) struct Inflater {
    part: Part,
    deflate: Box<InflateState>,
    crc: Crc32,
    /// Compressed input fed but not used yet.
    input: Vec<u8>,
    used: usize,
    /// Whether the last piece filled up, so the stream may hold more output for no more input.
    full: bool,
}

impl Inflater {
    pub(crate) fn new() -> Self {
        Inflater {
            part: Part::Header(Vec::new()),
            deflate: InflateState::new_boxed(DataFormat::Raw),
            crc: Crc32::default(),
            input: Vec::new(),
            used: 0,
            full: false,
        }
    }

    /// Feeds the next compressed chunk; take the pieces it gives with [`Inflater::next_piece`]
    /// before feeding another.
    pub(crate) fn feed(&mut self, chunk: &[u8]) {
        self.input.drain(..self.used);
        self.used = 0;
        self.input.extend_from_slice(chunk);
    }

    /// The next piece of decompressed data, or `None` once what was fed is used up.
    ///
    /// # Errors
    ///
    /// When the input is not gzip, or its CRC or length do not match the data.
    pub(crate) fn next_piece(&mut self) -> io::Result<Option<Vec<u8>>> {
        loop {
            let rest = &self.input[self.used..];
            match &mut self.part {
                Part::Header(header) => {
                    header.extend_from_slice(rest);
                    self.used = self.input.len();
                    let Some(length) = header_length(header)? else {
                        return Ok(None);
                    };
                    let after = header.split_off(length);
                    self.part = Part::Deflate;
                    self.input = after;
                    self.used = 0;
                }
                Part::Deflate => {
                    if rest.is_empty() && !self.full {
                        return Ok(None);
                    }
                    let mut piece = vec![0; PIECE];
                    let result = inflate(&mut self.deflate, rest, &mut piece, MZFlush::None);
                    let (consumed, produced) = (result.bytes_consumed, result.bytes_written);
                    let ended = match result.status {
                        Ok(MZStatus::StreamEnd) => true,
                        // No progress for want of input: more is fed, or `finish` says cut off.
                        Ok(_) | Err(MZError::Buf) => false,
                        Err(error) => return Err(broken(format!("deflate: {error:?}"))),
                    };
                    piece.truncate(produced);
                    self.used += consumed;
                    self.full = produced == PIECE;
                    self.crc.update(&piece);
                    if ended {
                        self.part = Part::Trailer(Vec::new());
                        self.full = false;
                    }
                    if !piece.is_empty() {
                        return Ok(Some(piece));
                    }
                    if consumed == 0 && !ended {
                        return Ok(None);
                    }
                }
                Part::Trailer(trailer) => {
                    let wanted = 8 - trailer.len();
                    let taken = rest.len().min(wanted);
                    trailer.extend_from_slice(&rest[..taken]);
                    self.used += taken;
                    if trailer.len() < 8 {
                        return Ok(None);
                    }
                    check_trailer(trailer, &self.crc)?;
                    self.part = Part::Done;
                }
                Part::Done => {
                    if rest.iter().any(|&byte| byte != 0) {
                        return Err(broken("data after the end of the gzip stream".into()));
                    }
                    self.used = self.input.len();
                    return Ok(None);
                }
            }
        }
    }

    /// Checks that the whole member was fed.
    ///
    /// # Errors
    ///
    /// When the gzip stream was cut off.
    pub(crate) fn finish(&self) -> io::Result<()> {
        match self.part {
            Part::Done => Ok(()),
            _ => Err(broken("the gzip stream is cut off".into())),
        }
    }
}

fn broken(reason: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, reason)
}

/// The length of the gzip header at the start of `bytes`, `None` while it is not whole.
fn header_length(bytes: &[u8]) -> io::Result<Option<usize>> {
    const FHCRC: u8 = 2;
    const FEXTRA: u8 = 4;
    const FNAME: u8 = 8;
    const FCOMMENT: u8 = 16;
    if bytes.len() < 10 {
        return Ok(None);
    }
    if bytes[..3] != [0x1f, 0x8b, 8] {
        return Err(broken("not a gzip stream (Content-Encoding: gzip)".into()));
    }
    let flags = bytes[3];
    let mut at = 10;
    if flags & FEXTRA != 0 {
        let Some(length) = bytes.get(at..at + 2) else {
            return Ok(None);
        };
        at += 2 + usize::from(u16::from_le_bytes([length[0], length[1]]));
    }
    for flag in [FNAME, FCOMMENT] {
        if flags & flag != 0 {
            let Some(end) = bytes
                .get(at..)
                .and_then(|rest| rest.iter().position(|&b| b == 0))
            else {
                return Ok(None);
            };
            at += end + 1;
        }
    }
    if flags & FHCRC != 0 {
        at += 2;
    }
    Ok((bytes.len() >= at).then_some(at))
}

/// Checks the trailer's CRC-32 and length (modulo 2^32) against the data.
fn check_trailer(trailer: &[u8], crc: &Crc32) -> io::Result<()> {
    let word = |at: usize| {
        u32::from_le_bytes([
            trailer[at],
            trailer[at + 1],
            trailer[at + 2],
            trailer[at + 3],
        ])
    };
    if word(0) != crc.sum() {
        return Err(broken(
            "the gzip stream's CRC does not match its data".into(),
        ));
    }
    if word(4) != crc.length() {
        return Err(broken(
            "the gzip stream's length does not match its data".into(),
        ));
    }
    Ok(())
}

/// `Accept-Encoding` of every request: what the SDK can decompress.
pub(crate) const ACCEPT_ENCODING: Option<&str> = Some("gzip");

/// The inflater for an answer of `Content-Encoding` `encoding`, when it is gzip.
pub(crate) fn for_answer(encoding: Option<&str>) -> Option<Inflater> {
    encoding
        .filter(|encoding| encoding.trim().eq_ignore_ascii_case("gzip"))
        .map(|_| Inflater::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `data` as a gzip member; with `name`, its header also holds a file name and a comment.
    fn gzip(data: &[u8], name: bool) -> Vec<u8> {
        let member = crate::gzip_format::gzip(data);
        if !name {
            return member;
        }
        let mut named = member[..10].to_vec();
        named[3] = 8 | 16;
        named.extend_from_slice(b"answer.json\0c\0");
        named.extend_from_slice(&member[10..]);
        named
    }

    /// Everything `compressed` inflates to, fed in chunks of `size`, and the largest piece.
    fn inflate(compressed: &[u8], size: usize) -> io::Result<(Vec<u8>, usize)> {
        let mut inflater = Inflater::new();
        let (mut out, mut largest) = (Vec::new(), 0);
        for chunk in compressed.chunks(size) {
            inflater.feed(chunk);
            while let Some(piece) = inflater.next_piece()? {
                largest = largest.max(piece.len());
                out.extend_from_slice(&piece);
            }
        }
        inflater.finish()?;
        Ok((out, largest))
    }

    #[test]
    fn any_chunking_gives_the_data_back_in_bounded_pieces() {
        let data: Vec<u8> = (0..300_000u32)
            .flat_map(|i| (i % 251).to_le_bytes())
            .collect();
        for name in [false, true] {
            let compressed = gzip(&data, name);
            for size in [1, 7, 4096, compressed.len()] {
                let (out, largest) = inflate(&compressed, size).expect("valid gzip");
                assert!(out == data, "chunks of {size}");
                assert!(largest <= PIECE);
            }
        }
        let spaces = gzip(&vec![b' '; 5 << 20], false);
        let (out, largest) = inflate(&spaces, spaces.len()).expect("valid");
        assert_eq!(
            (out.len(), largest),
            (5 << 20, PIECE),
            "a bomb comes out in pieces"
        );
    }

    #[test]
    fn broken_streams_are_errors_not_panics() {
        let good = gzip(b"{\"a\": 1}", false);
        let mut crc = good.clone();
        let at = crc.len() - 8;
        crc[at] ^= 1;
        let cut = &good[..good.len() - 3];
        let mut trailing = good.clone();
        trailing.extend_from_slice(b"xx");
        for (bytes, says) in [
            (&b"{\"a\": 1} plain JSON"[..], "not a gzip stream"),
            (&crc[..], "CRC does not match"),
            (cut, "cut off"),
            (&trailing[..], "data after the end"),
            (&good[..12], "cut off"),
        ] {
            let error = inflate(bytes, 5).expect_err(says);
            assert!(error.to_string().contains(says), "{error}");
        }
    }
}
