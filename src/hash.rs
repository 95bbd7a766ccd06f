//! A fast hash for the maps and fingerprints of register rows, and a fast
//! comparison of the short words they hold.

use std::hash::Hasher;

/// A fast, stable hash, eight bytes at a step (the multiply-rotate of
/// rustc's FxHasher) with a final mix so that every bit of the result
/// counts. For ids, row fingerprints and names of our own input, which
/// need no resistance against attacks.
#[derive(Default)]
pub struct FastHasher(u64);

impl FastHasher {
    const K: u64 = 0x517c_c1b7_2722_0a95;

    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(Self::K);
    }
}

impl Hasher for FastHasher {
    fn finish(&self) -> u64 {
        // MurmurHash3's 64-bit finaliser.
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for word in &mut words {
            self.add(eight_bytes(word));
        }
        if !words.remainder().is_empty() {
            self.add(tail_bytes(bytes, bytes.len() & !7));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
}

/// A `HashMap` with [`FastHasher`].
pub type FastMap<K, V> = std::collections::HashMap<K, V, std::hash::BuildHasherDefault<FastHasher>>;

/// The first eight of `bytes` (at least eight), the first in the lowest byte.
pub(crate) fn eight_bytes(bytes: &[u8]) -> u64 {
    u64::from_le_bytes(bytes[..8].try_into().unwrap_or_default())
}

/// The bytes of `bytes` from `from` on (fewer than eight), the first in the
/// lowest byte, the rest zero.
pub(crate) fn tail_bytes(bytes: &[u8], from: usize) -> u64 {
    let rest = bytes.len() - from;
    match bytes.len().checked_sub(8) {
        _ if rest == 0 => 0,
        Some(last) => eight_bytes(&bytes[last..]) >> (8 * (8 - rest)),
        None => bytes[from..]
            .iter()
            .rev()
            .fold(0, |eight, &byte| (eight << 8) | u64::from(byte)),
    }
}

/// `a == b`, for the short words of a regulation's lists (an onderwerp, a
/// wijze, an oordeel) compared for every register row: up to sixteen bytes
/// are compared as two overlapping words, without a call to `memcmp`.
#[inline]
pub fn same_text(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let four = |bytes: &[u8], at: usize| {
        u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap_or_default())
    };
    match a.len() {
        8..=16 => {
            let last = a.len() - 8;
            eight_bytes(a) == eight_bytes(b) && eight_bytes(&a[last..]) == eight_bytes(&b[last..])
        }
        4..=7 => {
            let last = a.len() - 4;
            four(a, 0) == four(b, 0) && four(a, last) == four(b, last)
        }
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn same_text_is_equality() {
        let words = [
            "",
            "a",
            "ab",
            "abc",
            "abcd",
            "abce",
            "bbcd",
            "abcde",
            "abcdf",
            "privacy",
            "privacz",
            "planning",
            "planninG",
            "bejegening",
            "bejegeninh",
            "cejegening",
            "communicatie",
            "aanpassing_werkplek",
            "aanpassing_werkpleK",
            "Aanpassing_werkplek",
            "één",
            "eén",
            "andere_begeleider1",
            "andere_begeleider2",
            "sixteen_bytes_xx",
            "sixteen_bytes_xy",
            "xixteen_bytes_xx",
        ];
        for a in words {
            for b in words {
                assert_eq!(same_text(a, b), a == b, "{a:?} and {b:?}");
            }
        }
    }

    use super::*;

    /// The bytes past the last whole eight count as a word padded with
    /// zeros, however they are read.
    #[test]
    fn the_rest_is_a_padded_word() {
        let text = b"abcdefghijklmnopq";
        for len in 0..=text.len() {
            let bytes = &text[..len];
            let mut hasher = FastHasher::default();
            hasher.write(bytes);
            let mut expected = FastHasher::default();
            for eight in bytes.chunks(8) {
                let mut word = [0u8; 8];
                word[..eight.len()].copy_from_slice(eight);
                expected.add(u64::from_le_bytes(word));
            }
            assert_eq!(hasher.finish(), expected.finish(), "{len}");
        }
    }
}
