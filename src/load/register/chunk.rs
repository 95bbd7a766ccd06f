//! A register file as runs of whole records ([`Chunk`]s) and the records in
//! each ([`Records`]), so rows can be read in parallel while every row keeps
//! the line it has in the file.
//!
//! [`Chunks`] cuts the file after a line break every half megabyte or so. A
//! line break inside a quoted cell is no record boundary; the chunk before it
//! then ends inside a record, which [`Records::clean`] tells. The reader of
//! the chunks then joins that chunk to the next ([`Chunks::carry`]) and reads
//! the two as one: a chunk that starts where the one before it ended cleanly
//! starts at a record, so every record is read exactly as one reader going
//! through the whole file would.

use super::workbook::{Shared, SheetText};
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::sync::Arc;

/// About how many bytes one chunk holds. Each chunk has its own counts,
/// filters and caches to set up and merge: against half a megabyte, a
/// megabyte saves 2% of a register row's work for 1-2 MiB more at the peak.
pub const CHUNK_BYTES: usize = 1024 * 1024;

/// How much is read at least when a chunk needs more bytes.
const READ_BYTES: usize = 64 * 1024;

/// How many read chunks' buffers are kept for the next ones.
const SPARE_BUFFERS: usize = 16;

/// How one register's records are separated.
#[derive(Debug, Clone, Copy)]
pub struct Format {
    pub delimiter: u8,
    /// Only `\r` ends lines (old Mac Excel): records are split at `\r`, and
    /// numbered by record rather than by line.
    pub cr_only: bool,
}

impl Format {
    fn split_byte(self) -> u8 {
        if self.cr_only { b'\r' } else { b'\n' }
    }

    fn tokenizer(self) -> csv_core::Reader {
        let terminator = if self.cr_only {
            csv_core::Terminator::CRLF
        } else {
            // `\r` of a CRLF line end stays at the end of the last cell and is
            // trimmed with it, so lines are counted at `\n` alone.
            csv_core::Terminator::Any(b'\n')
        };
        csv_core::ReaderBuilder::new()
            .delimiter(self.delimiter)
            .terminator(terminator)
            .build()
    }
}

/// Whole records (as far as a line break tells) from a register file.
#[derive(Debug, Default)]
pub struct Chunk {
    pub bytes: Vec<u8>,
    /// The line of the first byte (with `cr_only`: the number of the first
    /// record, which only a reader going through in order can know).
    pub first_line: u64,
    /// Where the chunk starts in the file.
    pub offset: u64,
    /// The chunk ends the file.
    pub last: bool,
}

/// A register's bytes: a CSV file, or the text a workbook's sheet was
/// turned into (SPEC §3.2).
pub enum Handle {
    File(File),
    Text(std::io::Cursor<Shared>),
}

impl Handle {
    pub fn text(text: Arc<SheetText>) -> Handle {
        Handle::Text(std::io::Cursor::new(Shared(text)))
    }

    /// How many bytes there are in all.
    fn len(&self) -> std::io::Result<u64> {
        match self {
            Handle::File(file) => Ok(file.metadata()?.len()),
            Handle::Text(text) => Ok(text.get_ref().0.bytes.len() as u64),
        }
    }
}

impl Read for Handle {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self {
            Handle::File(file) => file.read(buf),
            Handle::Text(text) => text.read(buf),
        }
    }
}

impl Seek for Handle {
    fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
        match self {
            Handle::File(file) => file.seek(pos),
            Handle::Text(text) => text.seek(pos),
        }
    }
}

/// The chunks of a file, read one after the other from a start offset.
pub struct Chunks {
    handle: Handle,
    format: Format,
    /// Bytes read past the last cut, the start of the next chunk.
    rest: Vec<u8>,
    /// The file offset of `rest`.
    offset: u64,
    /// The line at the start of `rest`.
    line: u64,
    eof: bool,
    /// A chunk that ended inside a record, to be read again with more bytes.
    carried: Option<Chunk>,
    /// How many bytes a chunk holds at least (unless the file ends).
    size: usize,
    /// Buffers of chunks that have been read, for the next ones.
    spare: Vec<Vec<u8>>,
    /// How many bytes the file has left to read (as it was when opened).
    left: u64,
}

impl Chunks {
    /// Reads `handle` from `offset`, which is at line `line`.
    pub fn new(
        mut handle: Handle,
        format: Format,
        offset: u64,
        line: u64,
    ) -> std::io::Result<Chunks> {
        let left = handle.len()?.saturating_sub(offset);
        handle.seek(SeekFrom::Start(offset))?;
        Ok(Chunks {
            handle,
            format,
            rest: Vec::new(),
            offset,
            line,
            eof: false,
            carried: None,
            size: CHUNK_BYTES,
            spare: Vec::new(),
            left,
        })
    }

    /// Chunks of about `size` bytes instead of [`CHUNK_BYTES`].
    #[cfg(test)]
    pub fn with_size(mut self, size: usize) -> Chunks {
        self.size = size.max(1);
        self
    }

    /// Gives `chunk` back because it ended inside a record: the next chunk
    /// is it, joined to the bytes that follow.
    pub fn carry(&mut self, chunk: Chunk) {
        self.carried = Some(chunk);
    }

    /// Takes back the bytes of a chunk that has been read, to read the next
    /// chunk into without asking the system for fresh memory.
    pub fn recycle(&mut self, mut bytes: Vec<u8>) {
        if self.spare.len() < SPARE_BUFFERS {
            bytes.clear();
            self.spare.push(bytes);
        }
    }

    /// The next chunk, `None` at the end of the file.
    pub fn next_chunk(&mut self) -> std::io::Result<Option<Chunk>> {
        let (mut bytes, first_line, offset, minimum) = match self.carried.take() {
            Some(chunk) => {
                let minimum = chunk.bytes.len() + 1;
                (chunk.bytes, chunk.first_line, chunk.offset, minimum)
            }
            None => {
                if self.eof && self.rest.is_empty() {
                    return Ok(None);
                }
                let bytes = self.spare.pop().unwrap_or_default();
                (bytes, self.line, self.offset, self.size)
            }
        };
        // `bytes` ends where `rest` starts: at `self.offset`, `self.line`.
        let old = bytes.len();
        bytes.extend_from_slice(&self.rest);
        self.rest.clear();
        let split = self.format.split_byte();
        loop {
            if bytes.len() >= minimum || self.eof {
                let cut = cut_at(&bytes, minimum.min(bytes.len()).max(old + 1), split);
                if let Some(cut) = cut.or(self.eof.then_some(bytes.len())) {
                    self.rest.extend_from_slice(&bytes[cut..]);
                    bytes.truncate(cut);
                    self.line += count_newlines(&bytes[old..]);
                    self.offset += (cut - old) as u64;
                    let last = self.eof && self.rest.is_empty();
                    return Ok(Some(Chunk {
                        bytes,
                        first_line,
                        offset,
                        last,
                    }));
                }
            }
            let filled = bytes.len();
            // A small file needs no one-megabyte buffer: read what is left
            // (and a byte more, to see the end should it have grown).
            let left = usize::try_from(self.left).unwrap_or(usize::MAX);
            let more = minimum
                .saturating_sub(filled)
                .max(READ_BYTES)
                .min(left.saturating_add(1));
            let read = read_more(&mut self.handle, &mut bytes, more)?;
            self.left = self.left.saturating_sub(read as u64);
            self.eof = read == 0;
        }
    }
}

/// Appends up to `more` bytes to `bytes`, fewer only where the file ends;
/// how many were read. The bytes go straight into the buffer's spare room,
/// which is not zeroed first (that cost a tenth of a register build).
fn read_more(handle: &mut Handle, bytes: &mut Vec<u8>, more: usize) -> std::io::Result<usize> {
    bytes.reserve(more);
    let limit = more as u64;
    match handle {
        Handle::File(file) => file.take(limit).read_to_end(bytes),
        Handle::Text(text) => text.take(limit).read_to_end(bytes),
    }
}

/// Where to cut `bytes`: just after the first `split` byte at or after
/// `from - 1`, so the part before holds at least `from` bytes.
fn cut_at(bytes: &[u8], from: usize, split: u8) -> Option<usize> {
    let start = from.saturating_sub(1);
    memchr::memchr(split, &bytes[start..]).map(|i| start + i + 1)
}

pub fn count_newlines(bytes: &[u8]) -> u64 {
    memchr::memchr_iter(b'\n', bytes).count() as u64
}

/// The unescaped cells of one record.
#[derive(Debug, Clone, Copy)]
pub struct Fields<'a> {
    data: &'a [u8],
    ends: &'a [usize],
    /// Bytes between two cells in `data`: none for cells the tokenizer
    /// unescaped one after the other, one (the delimiter) for a line read
    /// as it is.
    gap: usize,
    /// `data` as UTF-8 text, when it is known to be: a line of a chunk that
    /// is UTF-8 as a whole.
    text: Option<&'a str>,
}

impl<'a> Fields<'a> {
    /// [`as_slice`](Self::as_slice) as text, when the chunk it lies in was
    /// found to be UTF-8 as a whole (`None` says nothing either way).
    pub fn text(&self) -> Option<&'a str> {
        self.text
    }

    /// How many cells the record has.
    pub fn cell_count(&self) -> usize {
        self.ends.len()
    }

    /// The bytes the cells are ranges of ([`ranges`](Self::ranges)).
    pub fn as_slice(&self) -> &'a [u8] {
        self.data
    }

    /// Where each cell ends in [`as_slice`](Self::as_slice).
    pub fn ends(&self) -> &'a [usize] {
        self.ends
    }

    /// The bytes between one cell's end and the next one's start.
    pub fn gap(&self) -> usize {
        self.gap
    }

    /// Where each cell lies in [`as_slice`](Self::as_slice).
    pub fn ranges(&self) -> impl Iterator<Item = std::ops::Range<usize>> + use<'a> {
        let gap = self.gap;
        let mut start = 0;
        self.ends.iter().map(move |&end| {
            let range = start..end;
            start = end + gap;
            range
        })
    }

    pub fn iter(&self) -> impl Iterator<Item = &'a [u8]> + use<'a> {
        let data = self.data;
        self.ranges().map(move |range| &data[range])
    }

    /// A record whose every cell is empty (or only spaces).
    pub fn is_blank(&self) -> bool {
        self.iter().all(|cell| cell.trim_ascii().is_empty())
    }
}

/// The records of one chunk, each with its line.
pub struct Records<'c> {
    bytes: &'c [u8],
    last: bool,
    cr_only: bool,
    tokenizer: csv_core::Reader,
    pos: usize,
    /// The line at `pos`; with `cr_only` the number of the next record.
    line: u64,
    data: Vec<u8>,
    ends: Vec<usize>,
    /// The tokenizer has read all input (and, for the last chunk, the end).
    done: bool,
    /// Where the last record read ended, and the line there.
    boundary: (usize, u64),
    /// The chunk has no quote at all: each line is a record, and its cells
    /// lie between the delimiters as they are.
    plain: Option<u8>,
    /// A chunk without quotes as text, when it is UTF-8 as a whole: checked
    /// once here rather than line by line.
    text: Option<&'c str>,
}

impl<'c> Records<'c> {
    pub fn new(chunk: &'c Chunk, format: Format) -> Records<'c> {
        Records::of(&chunk.bytes, chunk.first_line, chunk.last, format)
    }

    pub fn of(bytes: &'c [u8], first_line: u64, last: bool, format: Format) -> Records<'c> {
        let plain =
            (!format.cr_only && memchr::memchr(b'"', bytes).is_none()).then_some(format.delimiter);
        Records {
            bytes,
            last,
            cr_only: format.cr_only,
            tokenizer: format.tokenizer(),
            pos: 0,
            line: first_line,
            data: vec![0; 1024],
            ends: vec![0; 32],
            done: false,
            boundary: (0, first_line),
            plain,
            // A megabyte at a time, where a check with wide registers pays.
            text: plain.and_then(|_| simdutf8::basic::from_utf8(bytes).ok()),
        }
    }

    /// Where the records read so far end in the chunk, and the line there
    /// (`cr_only`: the number of the next record).
    pub fn boundary(&self) -> (usize, u64) {
        self.boundary
    }

    /// The next record and its 1-based line, `None` after the last.
    pub fn next_record(&mut self) -> Option<(Fields<'_>, usize)> {
        if self.done {
            return None;
        }
        if let Some(delimiter) = self.plain {
            return self.next_line(delimiter);
        }
        let (mut nout, mut nend) = (0, 0);
        loop {
            let input = &self.bytes[self.pos..];
            if input.is_empty() && !self.last {
                self.done = true;
                return None;
            }
            let (result, nin, out, end) =
                self.tokenizer
                    .read_record(input, &mut self.data[nout..], &mut self.ends[nend..]);
            if !self.cr_only {
                self.line += count_newlines(&input[..nin]);
            }
            self.pos += nin;
            nout += out;
            nend += end;
            match result {
                csv_core::ReadRecordResult::InputEmpty => {}
                csv_core::ReadRecordResult::OutputFull => {
                    let len = self.data.len();
                    self.data.resize(len * 2, 0);
                }
                csv_core::ReadRecordResult::OutputEndsFull => {
                    let len = self.ends.len();
                    self.ends.resize(len * 2, 0);
                }
                csv_core::ReadRecordResult::Record => break,
                csv_core::ReadRecordResult::End => {
                    self.done = true;
                    return None;
                }
            }
        }
        let fields = Fields {
            data: &self.data[..nout],
            ends: &self.ends[..nend],
            gap: 0,
            text: None,
        };
        let line = if self.cr_only {
            self.line += 1;
            self.line - 1
        } else {
            // The line at `pos` is past the record's own line breaks: those
            // inside quoted cells, and the one that ended it.
            let inside = if fields.data.contains(&b'\n') {
                count_newlines(fields.data)
            } else {
                0
            };
            let own = self.pos > 0 && self.bytes[self.pos - 1] == b'\n';
            self.line.saturating_sub(inside + u64::from(own)).max(1)
        };
        self.boundary = (self.pos, self.line);
        Some((fields, usize::try_from(line).unwrap_or(usize::MAX)))
    }

    /// [`next_record`](Self::next_record) of a chunk without quotes: the
    /// next non-empty line, split at `delimiter`, as the tokenizer would.
    fn next_line(&mut self, delimiter: u8) -> Option<(Fields<'_>, usize)> {
        loop {
            let rest = &self.bytes[self.pos..];
            if rest.is_empty() {
                self.done = true;
                return None;
            }
            self.ends.clear();
            let end = split_line(rest, delimiter, &mut self.ends);
            let line = &rest[..end];
            let used = (end + 1).min(rest.len());
            let number = self.line;
            self.pos += used;
            self.line += u64::from(used > line.len());
            // The tokenizer skips an empty line.
            if line.is_empty() {
                continue;
            }
            self.ends.push(line.len());
            self.boundary = (self.pos, self.line);
            let start = self.pos - used;
            let fields = Fields {
                data: line,
                ends: &self.ends,
                gap: 1,
                // A line ends before a line break or at the chunk's end:
                // on a character boundary.
                text: self
                    .text
                    .and_then(|text| text.get(start..start + line.len())),
            };
            return Some((fields, usize::try_from(number).unwrap_or(usize::MAX)));
        }
    }

    /// The part of `chunk` after the last whole record: after a chunk that
    /// is not [`clean`](Self::clean), the start of the next chunk.
    pub fn tail(&self, chunk: &Chunk) -> Chunk {
        let (at, line) = self.boundary;
        Chunk {
            bytes: chunk.bytes[at..].to_vec(),
            first_line: line,
            offset: chunk.offset + at as u64,
            last: chunk.last,
        }
    }

    /// After the last record: whether the chunk ended between records. A
    /// chunk that does not ends in the start of a record that goes on in the
    /// next chunk: [`tail`](Self::tail) joined to it.
    pub fn clean(&self) -> bool {
        // After its last record the tokenizer has only skipped empty lines,
        // or it has started a record that goes on past the chunk.
        let is_terminator = |b: &u8| *b == b'\n' || (self.cr_only && *b == b'\r');
        self.last || self.bytes[self.boundary.0..].iter().all(is_terminator)
    }
}

/// The length of the first line of `bytes` (up to its `\n`, or all of
/// `bytes`), pushing where `delimiter` occurs in it, in order. One pass,
/// sixteen bytes at a time: a register line has a delimiter every few bytes,
/// too often for a search that starts over at each.
fn split_line(bytes: &[u8], delimiter: u8, positions: &mut Vec<usize>) -> usize {
    let mut push = |start: usize, mut found: u32| {
        while found != 0 {
            positions.push(start + found.trailing_zeros() as usize);
            found &= found - 1;
        }
    };
    let mut blocks = bytes.chunks_exact(16);
    let mut start = 0;
    for block in &mut blocks {
        let block: &[u8; 16] = block.try_into().expect("blocks of sixteen");
        let (found, breaks) = matches16(block, delimiter);
        if breaks != 0 {
            let end = breaks.trailing_zeros();
            push(start, found & ((1 << end) - 1));
            return start + end as usize;
        }
        push(start, found);
        start += 16;
    }
    let rest = blocks.remainder();
    let mut block = [0u8; 16];
    block[..rest.len()].copy_from_slice(rest);
    let (found, breaks) = matches16(&block, delimiter);
    // The padding is no part of the line.
    let end = breaks.trailing_zeros().min(rest.len() as u32);
    push(start, found & ((1 << end) - 1));
    start + end as usize
}

/// Where `block` has `delimiter` and where it has `\n`: bit `i` set where
/// `block[i]` is one.
#[cfg(target_arch = "x86_64")]
#[inline]
fn matches16(block: &[u8; 16], delimiter: u8) -> (u32, u32) {
    use std::arch::x86_64::{
        __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_set1_epi8,
    };
    // SAFETY: SSE2 is part of every x86-64 processor, and the unaligned load
    // reads the sixteen bytes of `block` and nothing else.
    unsafe {
        let bytes = _mm_loadu_si128(block.as_ptr().cast::<__m128i>());
        let mask =
            |byte: u8| _mm_movemask_epi8(_mm_cmpeq_epi8(bytes, _mm_set1_epi8(byte as i8))) as u32;
        (mask(delimiter), mask(b'\n'))
    }
}

/// Where `block` has `delimiter` and where it has `\n`: bit `i` set where
/// `block[i]` is one.
#[cfg(not(target_arch = "x86_64"))]
fn matches16(block: &[u8; 16], delimiter: u8) -> (u32, u32) {
    let mask = |byte: u8| {
        block
            .iter()
            .enumerate()
            .fold(0, |found, (i, &b)| found | (u32::from(b == byte) << i))
    };
    (mask(delimiter), mask(b'\n'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn splits_lines_as_a_plain_search_does() {
        let lines: [&[u8]; 10] = [
            b"",
            b";",
            b"\n",
            b"a;b;;c;",
            b";:;:;;::;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;",
            b"K-1;r\xC3\xA9;\xFF;\x3B\xBB;;x",
            b"R-2024-000001;01-01-2024;20-12-2023;mondeling;manager;klant;Ivo Bedacht;Gemeente X",
            b"0123456789;;;;;\n;;;;",
            b"0123456789;;;;;;\n;;;;",
            b"0123456789;;;;;;;;;;;;;;;;;\n;;;;\n;",
        ];
        for line in lines {
            for byte in [b';', b',', b'\t', b':'] {
                let mut found = Vec::new();
                let end = split_line(line, byte, &mut found);
                let expected_end = line.iter().position(|&b| b == b'\n').unwrap_or(line.len());
                let expected: Vec<usize> = (0..expected_end).filter(|&i| line[i] == byte).collect();
                assert_eq!(end, expected_end, "{:?}", line);
                assert_eq!(found, expected, "{:?} in {:?}", byte as char, line);
            }
        }
        let every: Vec<u8> = (0..=255).filter(|&b| b != b'\n').collect();
        for byte in (0..=255u8).filter(|&b| b != b'\n') {
            let mut found = Vec::new();
            assert_eq!(split_line(&every, byte, &mut found), every.len());
            assert_eq!(found, [every.iter().position(|&b| b == byte).unwrap()]);
        }
    }

    const FORMAT: Format = Format {
        delimiter: b';',
        cr_only: false,
    };

    fn lines_of(bytes: &[u8]) -> Vec<(Vec<String>, usize)> {
        let chunk = Chunk {
            bytes: bytes.to_vec(),
            first_line: 1,
            offset: 0,
            last: true,
        };
        read_all(&mut Records::new(&chunk, FORMAT))
    }

    /// Every record left in `records`: its cells as text, and its line.
    fn read_all(records: &mut Records) -> Vec<(Vec<String>, usize)> {
        let mut out = Vec::new();
        while let Some((fields, line)) = records.next_record() {
            out.push((cells(&fields), line));
        }
        out
    }

    fn cells(fields: &Fields) -> Vec<String> {
        fields
            .iter()
            .map(|f| String::from_utf8_lossy(f).into_owned())
            .collect()
    }

    #[test]
    fn numbers_records_by_the_line_they_start_on() {
        let records = lines_of(b"a;b\r\n\r\n\nc;\"d\ne\"\nf;g");
        let lines: Vec<usize> = records.iter().map(|(_, line)| *line).collect();
        // "\r" alone is a (blank) record; a plain empty line is skipped.
        assert_eq!(lines, [1, 2, 4, 6]);
        assert_eq!(records[2].0, ["c", "d\ne"]);
    }

    /// A chunk without quotes is read line by line; it reads exactly as the
    /// tokenizer reads it.
    #[test]
    fn lines_without_quotes_read_as_the_tokenizer_reads_them() {
        let text = "id;naam;\r\n\r\n\nK-1;Jan;x\n\n;;\n  ;\t;\nK-2;;\r\nK-3;\u{e9}\u{e9}n;laatste";
        let read = |plain: bool| {
            let mut records = Records::of(text.as_bytes(), 1, true, FORMAT);
            if !plain {
                records.plain = None;
            } else {
                assert!(records.plain.is_some());
            }
            let mut out = Vec::new();
            while let Some((fields, line)) = records.next_record() {
                out.push((cells(&fields), line, fields.cell_count(), fields.is_blank()));
            }
            out
        };
        let tokenized = read(false);
        assert_eq!(read(true), tokenized);
        assert_eq!(tokenized.len(), 7, "{tokenized:?}");
    }

    /// Every way of cutting a file into chunks reads the same records.
    #[test]
    fn any_chunk_size_reads_the_same_records() {
        let text =
            "id;naam\n1;\"een\nregel\"\n\n2;\"twee;\"\"x\"\"\"\r\n3;drie\n\"4\n\n\";vier\n5;vijf";
        let whole = lines_of(text.as_bytes());
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.csv");
        std::fs::File::create(&path)
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
        for size in 1..text.len() {
            let mut chunks = Chunks::new(Handle::File(File::open(&path).unwrap()), FORMAT, 0, 1)
                .unwrap()
                .with_size(size);
            let mut read = Vec::new();
            while let Some(chunk) = chunks.next_chunk().unwrap() {
                let mut records = Records::new(&chunk, FORMAT);
                read.extend(read_all(&mut records));
                let ends_at_record = chunk.bytes.ends_with(b"\n")
                    && chunk.bytes.iter().filter(|&&b| b == b'"').count() % 2 == 0;
                if ends_at_record {
                    assert!(
                        records.clean(),
                        "a chunk that ends between records is clean"
                    );
                }
                if !records.clean() {
                    chunks.carry(records.tail(&chunk));
                }
            }
            assert_eq!(read, whole, "chunks of {size} bytes");
        }
    }
}
