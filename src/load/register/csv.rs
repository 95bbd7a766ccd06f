//! What a CSV export needs before its rows can be read: its delimiter and
//! encoding, detected from the first bytes, and cells decoded from
//! Windows-1252 where they are not UTF-8.

use super::chunk::Fields;
use super::layout::{Layout, Slot};
use super::row::Cells;
use std::borrow::Cow;

/// How much of the file is read to detect its delimiter and encoding.
pub(super) const SNIFF_BYTES: u64 = 64 * 1024;

pub(super) const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// `,`, `;` or tab: whichever occurs most often, outside quotes, on the header
/// line; `,` when there is a tie or none.
pub(super) fn sniff_delimiter(head: &[u8]) -> u8 {
    pub(super) const CANDIDATES: [u8; 3] = [b',', b';', b'\t'];
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for &byte in head {
        match byte {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            _ if !quoted => {
                if let Some(i) = CANDIDATES.iter().position(|&c| c == byte) {
                    counts[i] += 1;
                }
            }
            _ => {}
        }
    }
    let mut best = 0;
    for i in 1..CANDIDATES.len() {
        if counts[i] > counts[best] {
            best = i;
        }
    }
    CANDIDATES[best]
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Encoding {
    /// UTF-8; a cell that is not valid UTF-8 is still taken as Windows-1252.
    Utf8,
    /// Every non-ASCII cell is Windows-1252.
    Windows1252,
}

/// UTF-8 unless the first bytes hold a sequence that is not UTF-8 (a sequence
/// cut off by the end of the sample does not count).
pub(super) fn sniff_encoding(head: &[u8]) -> Encoding {
    match std::str::from_utf8(head) {
        Ok(_) => Encoding::Utf8,
        Err(err) if err.error_len().is_none() => Encoding::Utf8,
        Err(_) => Encoding::Windows1252,
    }
}

/// Turns cell bytes into trimmed text, remembering whether any needed
/// converting from Windows-1252.
pub(super) struct Decoder {
    pub(super) encoding: Encoding,
    pub(super) converted: bool,
}

impl Decoder {
    /// The trimmed, non-empty cells of the known columns of `record`, and
    /// of the declared steps' columns.
    ///
    /// A record that is UTF-8 as a whole (nearly every one) is checked once
    /// and its cells borrowed from it; the others are decoded cell by cell,
    /// into `decoded`.
    ///
    /// Written into `cells` and `declared` (empty), which the row reader
    /// holds: a row's cells are not moved about.
    pub(super) fn cells<'r>(
        &mut self,
        record: &Fields<'r>,
        layout: &Layout,
        decoded: &'r mut Vec<String>,
        cells: &mut Cells<'r>,
        declared: &mut Vec<Option<&'r str>>,
    ) {
        declared.resize(layout.declared.len(), None);
        let whole = record.as_slice();
        let whole_text = match (self.encoding, record.text()) {
            (Encoding::Utf8, Some(text)) => Some(text),
            (Encoding::Windows1252, _) if !whole.is_ascii() => None,
            _ => std::str::from_utf8(whole).ok(),
        };
        if let Some(text) = whole_text
            && Self::cells_of_text(text, record, layout, cells, declared)
        {
            return;
        }
        cells.fill(None);
        declared.fill(None);
        let mut put = |slot: &Slot, text: &'r str| {
            if text.is_empty() {
                return;
            }
            match slot {
                Slot::Known(column) => cells[*column as usize] = Some(text),
                Slot::Declared(index) => declared[*index] = Some(text),
            }
        };
        decoded.clear();
        // The slots of the cells in `decoded`, in order.
        let mut converted = Vec::new();
        // A cell's text is a range of the record's.
        for (range, slot) in record.ranges().zip(&layout.column_of) {
            let Some(slot) = slot else {
                continue;
            };
            match whole_text.and_then(|text| text.get(range.clone())) {
                Some(text) => put(slot, trim(text)),
                None => match self.decode(&whole[range]) {
                    Cow::Borrowed(text) => put(slot, text),
                    Cow::Owned(text) => {
                        decoded.push(text);
                        converted.push(slot);
                    }
                },
            }
        }
        let decoded: &'r Vec<String> = decoded;
        for (slot, text) in converted.into_iter().zip(decoded) {
            put(slot, text);
        }
    }

    /// [`cells`](Self::cells) of a record that is text as a whole: each
    /// cell of a column in use is borrowed from it. `false` (and cells half
    /// filled) when a cell does not start and end on a character.
    fn cells_of_text<'r>(
        text: &'r str,
        record: &Fields<'r>,
        layout: &Layout,
        cells: &mut Cells<'r>,
        declared: &mut [Option<&'r str>],
    ) -> bool {
        let (ends, gap) = (record.ends(), record.gap());
        // Where field `index` starts and ends; a missing field is empty.
        let range = |index: usize| {
            let end = *ends.get(index)?;
            let start = match index.checked_sub(1) {
                Some(before) => ends[before] + gap,
                None => 0,
            };
            Some(start..end)
        };
        if gap == 1 {
            // A line without quotes: its cells lie between one-byte
            // delimiters, each starting after one (or at the start) and
            // ending before one (or at the end).
            return fill(layout, cells, declared, |index| {
                let Some(range) = range(index) else {
                    return Some("");
                };
                debug_assert!(range.start <= range.end && range.end <= text.len());
                // SAFETY: `ends` rise and the last is `text.len()`, so the
                // range lies in `text`. A register's delimiter is `,`, `;` or
                // a tab (`sniff_delimiter`), an ASCII byte, which in UTF-8
                // text is a character of its own: a character starts right
                // after it and one ends right before it.
                Some(trim(unsafe { text.get_unchecked(range) }))
            });
        }
        fill(layout, cells, declared, |index| match range(index) {
            Some(range) => text.get(range).map(trim),
            None => Some(""),
        })
    }

    pub(super) fn decode<'a>(&mut self, bytes: &'a [u8]) -> Cow<'a, str> {
        let bytes = bytes.trim_ascii();
        let utf8 = match self.encoding {
            Encoding::Windows1252 if !bytes.is_ascii() => None,
            _ => std::str::from_utf8(bytes).ok(),
        };
        match utf8 {
            Some(text) => Cow::Borrowed(trim(text)),
            None => {
                self.converted = true;
                let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
                let trimmed = text.trim();
                if trimmed.len() == text.len() {
                    Cow::Owned(text.into_owned())
                } else {
                    Cow::Owned(trimmed.to_string())
                }
            }
        }
    }
}

/// Puts the non-empty `cell` of each column in use into `cells` and
/// `declared`; `false` as soon as a cell is `None`.
#[inline]
fn fill<'r>(
    layout: &Layout,
    cells: &mut Cells<'r>,
    declared: &mut [Option<&'r str>],
    cell: impl Fn(usize) -> Option<&'r str>,
) -> bool {
    for (column, index) in layout.known() {
        let Some(text) = cell(index) else {
            return false;
        };
        if !text.is_empty() {
            cells[column as usize] = Some(text);
        }
    }
    for (slot, index) in declared.iter_mut().zip(&layout.declared_at) {
        let Some(text) = cell(*index) else {
            return false;
        };
        if !text.is_empty() {
            *slot = Some(text);
        }
    }
    true
}

/// Trims ASCII white space, and other white space (a no-break space) only
/// when there could be any.
#[inline]
pub(super) fn trim(text: &str) -> &str {
    // Nearly every cell: a visible ASCII character at both ends.
    if let (Some(first), Some(last)) = (text.as_bytes().first(), text.as_bytes().last())
        && first.is_ascii_graphic()
        && last.is_ascii_graphic()
    {
        return text;
    }
    let text = text.trim_ascii();
    let bytes = text.as_bytes();
    if bytes.first().is_some_and(|b| !b.is_ascii()) || bytes.last().is_some_and(|b| !b.is_ascii()) {
        text.trim()
    } else {
        text
    }
}
