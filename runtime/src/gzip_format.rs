//! The gzip member format's own parts: its CRC-32 (IEEE 802.3, table-driven: a few lines
//! instead of a dependency) and, for tests and the test kit, a member made of some data.

/// The CRC of each byte value, made at compile time.
const TABLE: [u32; 256] = table();

const fn table() -> [u32; 256] {
    let mut table = [0u32; 256];
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
        table[byte] = crc;
        byte += 1;
    }
    table
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
        for &byte in data {
            crc = TABLE[usize::from((crc as u8) ^ byte)] ^ (crc >> 8);
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
    }
}
