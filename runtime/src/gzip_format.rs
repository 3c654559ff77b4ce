//! The gzip member format's own parts: its CRC-32 (IEEE 802.3, slicing by 8 bytes: a few
//! lines instead of a dependency, a few GB/s) and, for tests and the test kit, a member made
//! of some data.

/// `TABLES[0][b]`: the CRC of byte `b`; `TABLES[k][b]`: the same followed by `k` zero bytes.
/// Made at compile time.
const TABLES: [[u32; 256]; 8] = tables();

const fn tables() -> [[u32; 256]; 8] {
    let mut tables = [[0u32; 256]; 8];
    let mut byte = 0;
    while byte < 256 {
        let mut crc = byte as u32;
        let mut bit = 0;
        while bit < 8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
            bit += 1;
        }
        tables[0][byte] = crc;
        byte += 1;
    }
    let mut k = 1;
    while k < 8 {
        let mut byte = 0;
        while byte < 256 {
            let previous = tables[k - 1][byte];
            tables[k][byte] = (previous >> 8) ^ tables[0][(previous & 0xff) as usize];
            byte += 1;
        }
        k += 1;
    }
    tables
}

/// A running CRC-32 and the length (modulo 2^32) of the data it covers.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Crc32 {
    state: u32,
    length: u32,
}

impl Crc32 {
    /// Adds `data`.
    pub(crate) fn update(&mut self, data: &[u8]) {
        let mut crc = !self.state;
        let mut words = data.chunks_exact(8);
        for word in &mut words {
            let low = crc ^ u32::from_le_bytes([word[0], word[1], word[2], word[3]]);
            let at =
                |k: usize, value: u32, shift: u32| TABLES[k][((value >> shift) & 0xff) as usize];
            crc = at(7, low, 0)
                ^ at(6, low, 8)
                ^ at(5, low, 16)
                ^ at(4, low, 24)
                ^ TABLES[3][usize::from(word[4])]
                ^ TABLES[2][usize::from(word[5])]
                ^ TABLES[1][usize::from(word[6])]
                ^ TABLES[0][usize::from(word[7])];
        }
        for &byte in words.remainder() {
            crc = TABLES[0][usize::from((crc as u8) ^ byte)] ^ (crc >> 8);
        }
        self.state = !crc;
        // gzip keeps the length modulo 2^32: the truncation is the format's.
        self.length = self.length.wrapping_add(data.len() as u32);
    }

    /// The CRC of the data so far.
    pub(crate) fn sum(&self) -> u32 {
        self.state
    }

    /// The data's length modulo 2^32.
    pub(crate) fn length(&self) -> u32 {
        self.length
    }
}

/// `data` as one gzip member (the test kit's compressed replies, the tests' inputs).
#[cfg(any(test, feature = "testing"))]
pub(crate) fn gzip(data: &[u8]) -> Vec<u8> {
    let mut crc = Crc32::default();
    crc.update(data);
    let mut member = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
    member.extend_from_slice(&miniz_oxide::deflate::compress_to_vec(data, 6));
    member.extend_from_slice(&crc.sum().to_le_bytes());
    member.extend_from_slice(&crc.length().to_le_bytes());
    member
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_check_values_of_the_standard() {
        let mut crc = Crc32::default();
        crc.update(b"123456789");
        assert_eq!(crc.sum(), 0xCBF4_3926);
        let mut split = Crc32::default();
        split.update(b"1234");
        split.update(b"56789");
        assert_eq!((split.sum(), split.length()), (0xCBF4_3926, 9));
        assert_eq!(Crc32::default().sum(), 0);
        // Eight bytes at a time and one at a time agree, for every split.
        let data: Vec<u8> = (0..1000u32).map(|i| (i * 7 + i / 13) as u8).collect();
        let mut whole = Crc32::default();
        whole.update(&data);
        for split in 0..24 {
            let mut parts = Crc32::default();
            parts.update(&data[..split]);
            parts.update(&data[split..]);
            assert_eq!(parts.sum(), whole.sum(), "split at {split}");
        }
        let mut bytewise = Crc32::default();
        for byte in &data {
            bytewise.update(std::slice::from_ref(byte));
        }
        assert_eq!(bytewise.sum(), whole.sum());
    }
}
