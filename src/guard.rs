//! The leak guard (SPEC §6): after rendering and before anything is written,
//! every personal value of the input is looked up in the files that go to
//! outside parties — those under `site/` and `reports/`. Letters are meant
//! for the people they name and are not scanned.
//!
//! The guard answers *which file* holds *which kind* of value ([`Leak`]),
//! never the value itself, so a leak cannot spread into a log or a terminal.
//! It prints nothing and writes nothing; the caller decides how to fail.
//!
//! # Personal values
//!
//! Of every case (YAML file or register row): the id, `indiener.naam`,
//! `.adres` and `.email`, `betreft.naam`, `behandelaar.naam`, `werkplek`, the
//! `deelnemers` of each `gesprek`, and as free text — only from 12 characters
//! on — the `omschrijving`, the `afspraken` of a `bevestiging`, the
//! `motivering` of an `uitslag` and the `omschrijving` of the measures of an
//! `uitslag` or `kcmd_uitspraak`.
//!
//! # Matching
//!
//! - Both sides are normalised alike: lower-cased character by character,
//!   every run of whitespace made one space, and curly quotes made straight.
//!   The output text is decoded first: HTML entities (`&amp;`, `&lt;`, `&gt;`,
//!   `&quot;`, `&apos;`, `&nbsp;` and numeric ones such as `&#x27;`, `&#39;`,
//!   `&#x2F;`) in every file, and in a `.md` file also the backslash that the
//!   Markdown escaper puts before punctuation (`\*`, `\_`, `\.`). Tags stay;
//!   they only separate words.
//! - A value matches only as a whole: the characters just before and after
//!   it must not be a letter or digit, so the id `K-1` is not found in `K-12`
//!   and the name "Jan" not in "Januari".
//! - Values too small to identify anyone are skipped: fewer than three
//!   letters or digits, or no letter at all and shorter than six characters
//!   (a figure such as "12" is a count, not an identity).
//! - A value that occurs (matched the same way) in a public text — the
//!   regulation and the extra pages, such as the klachtenfunctionaris' name in
//!   the front matter — is published on purpose and not reported.
//!
//! # Speed and memory
//!
//! The scanned files are normalised once into one text, with a word index: a
//! hash of every word (a maximal run of letters and digits) to the places it
//! starts. A value is split into words the same way; a word that is not in
//! the index means no match, which is the answer for nearly every value. Else
//! the full value is compared only at the places of its rarest word. The index
//! grows with the output, not with the number of cases: register rows are
//! streamed, checked and dropped.

use crate::hash::{eight_bytes, tail_bytes};
use crate::load::register::chunk::Chunk;
use crate::load::register::{Personal, RegisterFile};
use crate::load::{Input, IoProblem};
use crate::model::{Case, Measure, OUTCOMES, StepKind, WAYS};
use crate::render::OutputFile;
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};

/// The output folders that go to outside parties.
const SCANNED: [&str; 2] = ["site/", "reports/"];

/// Free text shorter than this (in characters, after normalising) is not checked.
const MIN_TEXT_CHARS: usize = 12;

/// What kind of personal value leaked; the value itself is never kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// `indiener.naam`, `betreft.naam` or a `gesprek` deelnemer.
    Naam,
    /// `indiener.email`.
    Email,
    /// `indiener.adres`.
    Adres,
    /// The case id.
    Id,
    /// `werkplek`.
    Werkplek,
    /// `behandelaar.naam`.
    Behandelaar,
    /// Free text: omschrijving, motivering, afspraken, a measure's omschrijving.
    Tekst,
}

impl Kind {
    /// The kind in a Dutch sentence: "… bevat {label}".
    pub fn label_nl(self) -> &'static str {
        match self {
            Kind::Naam => "een naam",
            Kind::Email => "een e-mailadres",
            Kind::Adres => "een adres",
            Kind::Id => "een dossiernummer",
            Kind::Werkplek => "een werkplek",
            Kind::Behandelaar => "de naam van een behandelaar",
            Kind::Tekst => "vrije tekst (omschrijving, motivering of afspraken)",
        }
    }
}

/// A personal value of `kind` found in the output file `file` (its path
/// relative to `output/`, as in [`OutputFile::path`]).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Leak {
    pub file: String,
    pub kind: Kind,
}

/// Index over the scanned output files (only paths starting with `site/` or
/// `reports/`) and over the public texts; see the module docs.
pub struct Guard {
    output: Index,
    public: Index,
}

impl Guard {
    /// Indexes the scanned files among `files`. `public`: texts whose values
    /// count as published on purpose (the regulation and the extra pages, e.g.
    /// the klachtenfunctionaris' name and e-mail in the front matter); a
    /// personal value that occurs in a public text is not reported.
    pub fn new(files: &[OutputFile], public: &[&str]) -> Guard {
        let scanned = files
            .iter()
            .filter(|f| SCANNED.iter().any(|dir| f.path.starts_with(dir)))
            .map(|f| {
                let decode = if f.path.ends_with(".md") {
                    Decode::Markdown
                } else {
                    Decode::Html
                };
                (f.path.as_str(), f.bytes.as_slice(), decode)
            });
        let output = Index::build(scanned);
        let public = Index::build(
            public
                .iter()
                .map(|text| ("", text.as_bytes(), Decode::Markdown)),
        );
        Guard { output, public }
    }

    /// Whether there is anything to scan at all.
    fn is_empty(&self) -> bool {
        self.output.keys.is_empty()
    }

    /// Checks every personal value of one case; pushes a [`Leak`] per (file,
    /// kind) found that this case has not pushed already.
    pub fn check_case(&self, case: &Case, leaks: &mut Vec<Leak>) {
        if self.is_empty() {
            return;
        }
        let first_own = leaks.len();
        let mut value = String::new();
        personal_values(case, |kind, raw| {
            self.check_value(raw, kind, &mut value, leaks, first_own);
        });
    }

    /// Looks up one value; `value` is a reused buffer for its normal form.
    /// Leaks from `first_own` on were pushed for the same case.
    fn check_value(
        &self,
        raw: &str,
        kind: Kind,
        value: &mut String,
        leaks: &mut Vec<Leak>,
        first_own: usize,
    ) {
        normalise_value(raw, value);
        if !worth_checking(value, kind) {
            return;
        }
        let mut public = None;
        self.output.find(value, |file| {
            if *public.get_or_insert_with(|| self.public.contains(value)) {
                return;
            }
            let path = &self.output.files[file].path;
            let known = leaks[first_own..]
                .iter()
                .any(|l| l.kind == kind && l.file == *path);
            if !known {
                leaks.push(Leak {
                    file: path.clone(),
                    kind,
                });
            }
        });
    }
}

/// Builds the [`Guard`] from `files` and the public texts of `input` (the
/// regulation's body and front-matter values, the extra pages), checks
/// `input.cases`, then the registers in `input.registers`, and returns the
/// leaks sorted and deduplicated by (file, kind).
///
/// The registers are read a second time (each row is checked and dropped)
/// only when their `sightings`, taken while they were checked, may hold a
/// value that occurs in the scanned files; without sightings, always.
///
/// Registers are read only when there is a regulation (it names the
/// categories the reader needs; without one nothing is built) and when some
/// file under `site/` or `reports/` has words to match. Rows that do not read
/// as a case are skipped: the renderers never see them either.
pub fn scan(
    input: &Input,
    files: &[OutputFile],
    sightings: Option<&Sightings>,
) -> Result<Vec<Leak>, IoProblem> {
    let public = public_texts(input);
    let public: Vec<&str> = public.iter().map(AsRef::as_ref).collect();
    let guard = Guard::new(files, &public);
    let mut leaks = Vec::new();
    if guard.is_empty() {
        return Ok(leaks);
    }
    let per_case: Vec<Vec<Leak>> = input
        .cases
        .par_iter()
        .map(|case| {
            let mut found = Vec::new();
            guard.check_case(case, &mut found);
            found
        })
        .collect();
    leaks.extend(per_case.into_iter().flatten());
    let may_leak = sightings.is_none_or(|sightings| guard.may_hold_any(sightings));
    if let Some(regulation) = input.regulation.as_ref().filter(|_| may_leak) {
        let vocabulary = crate::load::cases::Vocabulary::of(Some(regulation));
        for path in &input.registers {
            let register = RegisterFile::open(&input.root, path, &vocabulary)?;
            let work = |chunk: &Chunk| {
                let mut found = Vec::new();
                let mut value = String::new();
                let read = register.personal(chunk, &mut |cell, raw| {
                    let kind = match cell {
                        Personal::Id => Kind::Id,
                        Personal::Naam => Kind::Naam,
                        Personal::Werkplek => Kind::Werkplek,
                        Personal::Behandelaar => Kind::Behandelaar,
                    };
                    guard.check_value(raw, kind, &mut value, &mut found, 0);
                });
                (found, read)
            };
            // A leak in every row would pile up one entry per row; the list
            // is deduplicated whenever it doubles, so it stays as small as
            // the output.
            let mut compacted = 0;
            register.each_chunk_parallel(&work, &mut |found, _| {
                leaks.extend(found);
                if leaks.len() > 2 * compacted + 64 {
                    leaks.sort();
                    leaks.dedup();
                    compacted = leaks.len();
                }
            })?;
        }
    }
    leaks.sort();
    leaks.dedup();
    Ok(leaks)
}

/// What the guard notes of the register rows while they are checked, so
/// that it need not read the registers again (SPEC §6): a filter of fixed
/// size holding their personal values (id, naam, werkplek, behandelaar).
///
/// A value occurs in the output only if its *core* — the value without
/// the punctuation it may start or end with — starts at the start of a
/// word there and ends at the end of one, at most [`Sightings`]'s longest
/// value in words further. After rendering, [`Guard::may_hold_any`] looks
/// every such stretch of the output up in the filter. The filter never
/// misses a value it holds and errs about once in ten million look-ups at
/// a million rows, so "no" means no leak and "maybe" means: read the
/// registers and check exactly.
///
/// Beside it a smaller set holds the first word of each core: the
/// stretches from a word that starts no value are not looked up at all,
/// and that is nearly every word of the output.
pub struct Sightings {
    blocks: Box<[[AtomicU64; 2]]>,
    /// The first words of the cores by [`value_hash`], a bit each.
    firsts: Box<[AtomicU64]>,
    /// The most words in one value's core.
    longest: AtomicUsize,
    /// Some value has punctuation around its core.
    ragged: AtomicBool,
}

impl Sightings {
    /// The smallest and largest filter, in 16-byte blocks (64 KiB, 16 MiB).
    const MIN_BLOCKS: usize = 1 << 12;
    const MAX_BLOCKS: usize = 1 << 20;

    /// A filter for registers of `bytes` bytes in all: a quarter of their
    /// size, from 64 KiB up to 16 MiB (reached at 64 MB of registers).
    pub fn for_registers(bytes: u64) -> Sightings {
        let wanted = usize::try_from(bytes / 4 / 16).unwrap_or(usize::MAX);
        let blocks = wanted
            .next_power_of_two()
            .clamp(Self::MIN_BLOCKS, Self::MAX_BLOCKS);
        Sightings {
            blocks: crate::memory::written(blocks, Default::default),
            // 32 bits a block: a quarter of the filter's size.
            firsts: crate::memory::written(blocks / 2, || AtomicU64::new(0)),
            longest: AtomicUsize::new(0),
            ragged: AtomicBool::new(false),
        }
    }

    /// Notes the personal values of a register row's case in `notes`, for
    /// [`record`](Self::record).
    pub fn note(&self, case: &Case, notes: &mut Notes) {
        let fields = [
            (Kind::Naam, &case.indiener.naam),
            (Kind::Werkplek, &case.werkplek),
            (Kind::Behandelaar, &case.behandelaar_naam),
        ];
        self.note_value(&case.id.value, Kind::Id, notes);
        for (kind, field) in fields {
            if let Some(field) = field {
                self.note_value(&field.value, kind, notes);
            }
        }
    }

    fn note_value(&self, raw: &str, kind: Kind, notes: &mut Notes) {
        // Register values are never free text, so whether one is worth
        // checking does not depend on its kind: a value seen is done.
        debug_assert!(kind != Kind::Tekst);
        // An id comes once: remembering it would only push out a value
        // that does come back.
        if kind != Kind::Id && notes.seen(raw) {
            return;
        }
        if let Some(plain) = Plain::of(raw) {
            // The value is its own core: one pass, no copy.
            if plain.worth_checking(kind) {
                notes.longest = notes.longest.max(plain.words);
                notes.bits.push(self.bits_of(plain.hash));
                notes.firsts.push(self.first_bit(first_word_hash(raw)));
            }
            return;
        }
        normalise_value(raw, &mut notes.value);
        if !worth_checking(&notes.value, kind) {
            return;
        }
        let core = core(&notes.value);
        notes.ragged |= core.len() != notes.value.len();
        let count = if core.is_ascii() {
            // Words start where an ASCII letter or digit follows another byte.
            let bytes = core.as_bytes();
            usize::from(!bytes.is_empty())
                + bytes
                    .windows(2)
                    .filter(|pair| {
                        !pair[0].is_ascii_alphanumeric() && pair[1].is_ascii_alphanumeric()
                    })
                    .count()
        } else {
            words(core).count()
        };
        notes.longest = notes.longest.max(count);
        notes.bits.push(self.bits(core));
        notes.firsts.push(self.first_bit(first_word_hash(core)));
    }

    /// Puts `notes` into the filter and empties them.
    pub fn record(&self, notes: &mut Notes) {
        // The blocks lie all over the filter: ask for each a few values
        // ahead, so that the memory fetches overlap.
        const AHEAD: usize = 8;
        let blocks = &self.blocks;
        for (i, &(block, bits)) in notes.bits.iter().enumerate() {
            if let Some(&(ahead, _)) = notes.bits.get(i + AHEAD) {
                prefetch(&blocks[ahead]);
            }
            for (word, bits) in blocks[block].iter().zip(bits) {
                // Names recur: reading first leaves a block that holds them
                // shared between the cores.
                if word.load(Ordering::Relaxed) & bits != bits {
                    word.fetch_or(bits, Ordering::Relaxed);
                }
            }
        }
        notes.bits.clear();
        for &(word, bit) in &notes.firsts {
            if self.firsts[word].load(Ordering::Relaxed) & bit == 0 {
                self.firsts[word].fetch_or(bit, Ordering::Relaxed);
            }
        }
        notes.firsts.clear();
        if notes.longest > self.longest.load(Ordering::Relaxed) {
            self.longest.fetch_max(notes.longest, Ordering::Relaxed);
        }
        if notes.ragged && !self.ragged.load(Ordering::Relaxed) {
            self.ragged.store(true, Ordering::Relaxed);
        }
    }

    /// Whether `core` may be one of the values seen.
    #[cfg(test)]
    fn may_hold(&self, core: &str) -> bool {
        self.may_hold_hash(value_hash(core))
    }

    /// The word and bit in [`firsts`](Self::firsts) of a first word of
    /// [`value_hash`] `hash`.
    fn first_bit(&self, hash: u64) -> (usize, u64) {
        let at = (hash as usize) & (self.firsts.len() * 64 - 1);
        (at / 64, 1 << (at % 64))
    }

    /// Whether a value seen may start with the word of [`value_hash`] `hash`.
    fn may_start_with(&self, hash: u64) -> bool {
        let (word, bit) = self.first_bit(hash);
        self.firsts[word].load(Ordering::Relaxed) & bit != 0
    }

    fn may_hold_hash(&self, hash: u64) -> bool {
        let (block, bits) = self.bits_of(hash);
        self.blocks[block]
            .iter()
            .zip(bits)
            .all(|(word, bits)| word.load(Ordering::Relaxed) & bits == bits)
    }

    /// The block of `core` and its bits there: eight, four in each word.
    fn bits(&self, core: &str) -> (usize, [u64; 2]) {
        self.bits_of(value_hash(core))
    }

    /// The block of a value of [`value_hash`] `hash` and its bits there: the
    /// block from the low bits of the hash, the bits six at a time from one
    /// more multiply of it.
    fn bits_of(&self, hash: u64) -> (usize, [u64; 2]) {
        let block = (hash as usize) & (self.blocks.len() - 1);
        let spread = folded_multiply(hash, 0x9E37_79B9_7F4A_7C15);
        let mut bits = [0u64; 2];
        for i in 0..8 {
            bits[i % 2] |= 1 << ((spread >> (6 * i)) & 63);
        }
        (block, bits)
    }
}

/// What one pass over a value that normalises to itself in lower case
/// learns: ASCII, single spaces, a letter or digit at both ends (so it is
/// its own core). Most register values are such.
struct Plain {
    /// [`value_hash`] of the lower-cased value.
    hash: u64,
    chars: usize,
    alphanumeric: usize,
    letter: bool,
    words: usize,
}

impl Plain {
    /// Reads `raw` eight bytes at a time (see [`in_range`]); `None` when
    /// normalising would change it or its core is shorter.
    fn of(raw: &str) -> Option<Plain> {
        let bytes = raw.as_bytes();
        if !bytes.first()?.is_ascii_alphanumeric() || !bytes.last()?.is_ascii_alphanumeric() {
            return None;
        }
        let mut hash = ValueHash::new();
        let (mut alphanumeric, mut letter, mut words) = (0, 0, 0);
        // Of the byte before the next eight, in the lowest byte's high bit:
        // whether it is a space, and whether a letter or digit.
        let (mut space_before, mut word_before) = (0, 0);
        let mut read = |eight: u64| {
            // What normalising would change: not ASCII, a line break or tab
            // (any of \t to \r), a second space.
            if eight & HIGH_BITS != 0 {
                return false;
            }
            let space = in_range(eight, b' ', b' ');
            let second_space = space & ((space << 8) | space_before);
            if in_range(eight, b'\t', b'\r') | second_space != 0 {
                return false;
            }
            let lower = eight | (in_range(eight, b'A', b'Z') >> 2);
            let letters = in_range(lower, b'a', b'z');
            let word = letters | in_range(eight, b'0', b'9');
            alphanumeric += high_bits_count(word);
            letter |= letters;
            words += high_bits_count(word & !((word << 8) | word_before));
            space_before = space >> 56;
            word_before = word >> 56;
            hash = hash.absorb(lower);
            true
        };
        let mut eights = bytes.chunks_exact(8);
        for eight in &mut eights {
            if !read(eight_bytes(eight)) {
                return None;
            }
        }
        if !eights.remainder().is_empty() && !read(tail_bytes(bytes, bytes.len() & !7)) {
            return None;
        }
        Some(Plain {
            hash: hash.end(bytes.len()),
            chars: bytes.len(),
            alphanumeric,
            letter: letter != 0,
            words,
        })
    }

    /// [`worth_checking`] of the value.
    fn worth_checking(&self, kind: Kind) -> bool {
        self.alphanumeric >= 3
            && (self.letter || self.chars >= 6)
            && (kind != Kind::Tekst || self.chars >= MIN_TEXT_CHARS)
    }
}

/// Values noted by one thread, to go into [`Sightings`] together.
#[derive(Default)]
pub struct Notes {
    /// The block and bits of each value.
    bits: Vec<(usize, [u64; 2])>,
    /// The word and bit of each value's first word.
    firsts: Vec<(usize, u64)>,
    longest: usize,
    ragged: bool,
    /// A buffer for a value's normal form.
    value: String,
    /// Values noted lately, by a quick key: a werkplek or behandelaar comes
    /// back row after row, and is noted once.
    recent: Vec<Recent>,
}

/// A value noted lately: its length and first and last eight bytes, which
/// are the whole value up to 16 bytes, and else the value itself too.
#[derive(Clone, Default)]
struct Recent {
    len: usize,
    head: u64,
    tail: u64,
    long: String,
}

impl Notes {
    const RECENT: usize = 512;

    /// Room for the values of about `rows` register rows, made at once
    /// rather than grown and copied as they come.
    pub fn for_rows(rows: usize) -> Notes {
        Notes {
            bits: Vec::with_capacity(rows * 4),
            firsts: Vec::with_capacity(rows * 2),
            ..Notes::default()
        }
    }

    /// Whether `raw` was noted lately; if not, remembers it as noted.
    fn seen(&mut self, raw: &str) -> bool {
        if self.recent.is_empty() {
            self.recent.resize(Self::RECENT, Recent::default());
        }
        let bytes = raw.as_bytes();
        let len = bytes.len();
        let (head, tail) = match len.checked_sub(8) {
            Some(last) => (eight_bytes(bytes), eight_bytes(&bytes[last..])),
            None => {
                let all = tail_bytes(bytes, 0);
                (all, all)
            }
        };
        let key = folded_multiply(
            head ^ tail.rotate_left(29) ^ (len as u64).rotate_left(58),
            0x9E37_79B9_7F4A_7C15,
        );
        let slot = &mut self.recent[(key as usize) % Self::RECENT];
        let long = len > 16;
        // A fresh slot matches only the empty value, never worth noting.
        if slot.len == len && slot.head == head && slot.tail == tail && (!long || slot.long == raw)
        {
            return true;
        }
        slot.len = len;
        slot.head = head;
        slot.tail = tail;
        slot.long.clear();
        if long {
            slot.long.push_str(raw);
        }
        false
    }
}

/// Asks the processor to fetch `block` into its cache.
pub(crate) fn prefetch<T>(block: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is only a hint; it reads nothing and cannot fault.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(
            (block as *const T).cast::<i8>(),
        );
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = block;
}

/// A value without the punctuation it starts or ends with.
fn core(value: &str) -> &str {
    value.trim_matches(|c: char| !c.is_alphanumeric())
}

/// [`value_hash`] of the first word of `core` (which starts with one), its
/// ASCII lower-cased: `core` is normalised, or plain ASCII not yet
/// lower-cased.
fn first_word_hash(core: &str) -> u64 {
    let bytes = core.as_bytes();
    // Up to the first byte that is no ASCII letter or digit, if that byte
    // is ASCII; else character by character.
    let end = match bytes.iter().position(|b| !b.is_ascii_alphanumeric()) {
        Some(end) if bytes[end].is_ascii() => end,
        Some(_) => core
            .find(|c: char| !c.is_alphanumeric())
            .unwrap_or(core.len()),
        None => core.len(),
    };
    let word = &bytes[..end];
    let mut eights = word.chunks_exact(8);
    let hash = (&mut eights).fold(ValueHash::new(), |hash, eight| {
        hash.absorb(ascii_lowercase(eight_bytes(eight)))
    });
    let tail = ascii_lowercase(tail_bytes(word, end & !7));
    hash.finish(tail, end)
}

/// A 64-bit hash of a whole normalised value, eight bytes at a step
/// ([`ValueHash`]). It is also a word's key in the [`Index`].
fn value_hash(text: &str) -> u64 {
    let bytes = text.as_bytes();
    span_hash(bytes, 0, bytes.len())
}

/// [`value_hash`] of `bytes[start..end]`. The last few bytes are read as
/// one eight that ends at `end`, where `bytes` holds that many.
fn span_hash(bytes: &[u8], start: usize, end: usize) -> u64 {
    let (mut hash, mut at) = (ValueHash::new(), start);
    while end - at >= 8 {
        hash = hash.absorb(eight_bytes(&bytes[at..]));
        at += 8;
    }
    hash.finish(tail_bytes(&bytes[..end], at), end - start)
}

/// The state of [`value_hash`] after some whole eights of bytes, so that
/// the hash of a longer text can go on from that of a shorter one.
#[derive(Clone, Copy)]
struct ValueHash(u64);

impl ValueHash {
    fn new() -> ValueHash {
        ValueHash(FNV_OFFSET)
    }

    /// Takes in the next eight bytes, the first in the lowest byte.
    fn absorb(self, eight: u64) -> ValueHash {
        ValueHash(folded_multiply(self.0 ^ eight, 0x9E37_79B9_7F4A_7C15))
    }

    /// The hash of a text of `len` bytes: these eights, then its last
    /// `len % 8` bytes in `tail`, the first in the lowest byte, zero above.
    fn finish(self, tail: u64, len: usize) -> u64 {
        let hash = if len.is_multiple_of(8) {
            self
        } else {
            self.absorb(tail)
        };
        hash.end(len)
    }

    /// The hash of a text of `len` bytes whose every byte is taken in (the
    /// last of them padded with zeros to a whole eight).
    fn end(self, len: usize) -> u64 {
        folded_multiply(self.0 ^ len as u64, 0xff51_afd7_ed55_8ccd)
    }
}

/// The low and the high half of the 128-bit product, one over the other:
/// every bit of `a` counts in every bit of the result.
fn folded_multiply(a: u64, b: u64) -> u64 {
    let full = u128::from(a) * u128::from(b);
    (full as u64) ^ ((full >> 64) as u64)
}

/// The high bit of each byte of a word.
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// The lowest bit of each byte of a word.
const LOW_BITS: u64 = 0x0101_0101_0101_0101;

/// How many bits of `mask`, which has only [`HIGH_BITS`], are set: the
/// bytes summed by one multiply into the highest.
fn high_bits_count(mask: u64) -> usize {
    ((mask >> 7).wrapping_mul(LOW_BITS) >> 56) as usize
}

/// Eight ASCII bytes at once: of each byte of `eight` in `low..=high`, its
/// high bit. `eight` must hold ASCII only and `low` be at least 1, so that
/// no sum carries into the next byte.
fn in_range(eight: u64, low: u8, high: u8) -> u64 {
    let from_low = eight + LOW_BITS * u64::from(0x80 - low);
    let past_high = eight + LOW_BITS * u64::from(0x7F - high);
    from_low & !past_high & HIGH_BITS
}

impl Guard {
    /// Whether a value noted in `sightings` may occur in the scanned files
    /// (and not in a public text): every stretch of up to the longest
    /// value's number of words, from the start of a word to the end of one,
    /// looked up in the filter.
    pub fn may_hold_any(&self, sightings: &Sightings) -> bool {
        let longest = sightings.longest.load(Ordering::Relaxed);
        if longest == 0 || self.is_empty() {
            return false;
        }
        let ragged = sightings.ragged.load(Ordering::Relaxed);
        let text = self.output.text.as_str();
        let bytes = text.as_bytes();
        let spans = &self.output.spans;
        let keys = &self.output.keys;
        keys.par_iter().enumerate().any(|(first, &key)| {
            // A core starts with its first word: from any other word no
            // stretch is a value seen.
            if !sightings.may_start_with(key) {
                return false;
            }
            let start = spans[first].0;
            // The hash of each longer stretch goes on from the one before:
            // its whole eights of bytes are taken in once.
            let (mut state, mut hashed) = (ValueHash::new(), start);
            spans[first..].iter().take(longest).any(|&(_, end)| {
                while end - hashed >= 8 {
                    state = state.absorb(eight_bytes(&bytes[hashed..]));
                    hashed += 8;
                }
                let hash = state.finish(tail_bytes(&bytes[..end], hashed), end - start);
                // A public value is no leak, unless the value around
                // the stretch may differ from it.
                sightings.may_hold_hash(hash)
                    && (ragged || !self.public.contains(&text[start..end]))
            })
        })
    }
}

/// Calls `each(start, end)` with the byte range of every word of `text`,
/// as [`words`] finds them, in order. ASCII is read eight bytes at a time.
fn each_word(text: &str, mut each: impl FnMut(usize, usize)) {
    let bytes = text.as_bytes();
    // Where the word being read started.
    let mut start = None;
    let mut at = 0;
    while at < bytes.len() {
        // Past the end the bytes read as zeros, which end a word there.
        let eight = match bytes.get(at..at + 8) {
            Some(eight) => eight_bytes(eight),
            None => tail_bytes(bytes, at),
        };
        if eight & HIGH_BITS == 0 {
            // A word starts or ends at every byte whose kind differs from
            // that of the byte before.
            let word = ascii_word_bytes(eight);
            let before = if start.is_some() { 0x80 } else { 0 };
            let mut edges = word ^ ((word << 8) | before);
            while edges != 0 {
                let edge = at + edges.trailing_zeros() as usize / 8;
                match start.take() {
                    Some(from) => each(from, edge),
                    None => start = Some(edge),
                }
                edges &= edges - 1;
            }
            at += 8;
            continue;
        }
        // Not ASCII somewhere in the eight: one character on.
        let (is_word, len) = match bytes[at] {
            byte if byte.is_ascii() => (byte.is_ascii_alphanumeric(), 1),
            _ => {
                let c = text[at..].chars().next().unwrap_or(' ');
                (c.is_alphanumeric(), c.len_utf8())
            }
        };
        match (is_word, start) {
            (true, None) => start = Some(at),
            (false, Some(from)) => {
                each(from, at);
                start = None;
            }
            _ => {}
        }
        at += len;
    }
    if let Some(from) = start {
        each(from, bytes.len());
    }
}

/// Of each byte of `eight` (ASCII only) that is a letter or digit, its
/// high bit.
fn ascii_word_bytes(eight: u64) -> u64 {
    // Setting the bit of 0x20 turns exactly the upper-case letters into
    // lower-case ones; no other byte becomes a letter.
    let letters = in_range(eight | (LOW_BITS * 0x20), b'a', b'z');
    letters | in_range(eight, b'0', b'9')
}

/// The Dutch message for `leaks`: one line per file and kind (never the
/// value), then what to do.
pub fn describe(leaks: &[Leak]) -> String {
    let mut text: String = leaks
        .iter()
        .map(|leak| {
            format!(
                "fout[leak-guard]: output/{} zou {} uit de dossiers bevatten\n",
                leak.file,
                leak.kind.label_nl()
            )
        })
        .collect();
    text.push_str(
        "Niet geschreven: persoonsgegevens horen niet op de publieke pagina of in een rapportage. \
Staat een naam of tekst in een eigen sjabloon in templates/? Haal hem daar weg.",
    );
    text
}

/// The texts whose values are published on purpose: the regulation's body and
/// every text of its front matter, and the title, description and body of
/// each extra page.
fn public_texts(input: &Input) -> Vec<Cow<'_, str>> {
    let mut texts: Vec<Cow<'_, str>> = public_fields(input)
        .into_iter()
        .map(Cow::Borrowed)
        .collect();
    // The category labels as the reports write them ("andere_begeleider"
    // as "Andere begeleider", "deels_gegrond" as "Deels gegrond"): a
    // measure described in just those words is no leak.
    let mut categories: Vec<&str> = WAYS.iter().chain(OUTCOMES.iter()).copied().collect();
    if let Some(reg) = &input.regulation {
        categories.extend(reg.reporting.wijzen.iter().map(String::as_str));
        categories.extend(reg.reporting.oordelen.iter().map(String::as_str));
    }
    if let Some(reg) = &input.regulation {
        categories.extend(reg.reporting.onderwerpen.iter().map(String::as_str));
        categories.extend(reg.reporting.maatregelen.iter().map(String::as_str));
    }
    texts.extend(
        categories
            .into_iter()
            .map(|c| Cow::Owned(c.replace('_', " "))),
    );
    texts
}

/// The fields of the regulation and the pages that are published as they are.
fn public_fields(input: &Input) -> Vec<&str> {
    let mut texts = Vec::new();
    if let Some(reg) = &input.regulation {
        texts.extend([reg.body.as_str(), &reg.titel, &reg.organisatie]);
        texts.extend(
            [&reg.versie, &reg.website, &reg.plaats]
                .into_iter()
                .flatten()
                .map(String::as_str),
        );
        for contact in reg.contact.iter() {
            texts.push(&contact.naam);
            texts.push(&contact.titel);
            texts.extend(
                [
                    &contact.afkorting,
                    &contact.t_a_v,
                    &contact.adres,
                    &contact.email,
                    &contact.telefoon,
                    &contact.website,
                    &contact.kenmerk,
                ]
                .into_iter()
                .flatten()
                .map(String::as_str),
            );
        }
        texts.extend(reg.reporting.onderwerpen.iter().map(String::as_str));
        texts.extend(reg.reporting.maatregelen.iter().map(String::as_str));
    }
    for page in &input.pages {
        texts.extend([page.titel.as_str(), &page.body]);
        texts.extend(page.beschrijving.as_deref());
    }
    texts
}

/// Calls `each` with every personal value of `case` and its kind (see the
/// module docs).
fn personal_values(case: &Case, mut each: impl FnMut(Kind, &str)) {
    each(Kind::Id, &case.id.value);
    let fields = [
        (Kind::Naam, &case.indiener.naam),
        (Kind::Adres, &case.indiener.adres),
        (Kind::Email, &case.indiener.email),
        (Kind::Naam, &case.betreft_naam),
        (Kind::Behandelaar, &case.behandelaar_naam),
        (Kind::Werkplek, &case.werkplek),
        (Kind::Tekst, &case.omschrijving),
    ];
    for (kind, field) in fields {
        if let Some(field) = field {
            each(kind, &field.value);
        }
    }
    fn measures(measures: &Option<Vec<Measure>>, each: &mut impl FnMut(Kind, &str)) {
        for measure in measures.iter().flatten() {
            if let Some(text) = &measure.omschrijving {
                each(Kind::Tekst, text);
            }
        }
    }
    for step in &case.steps {
        match &step.kind {
            StepKind::Gesprek { deelnemers, .. } => {
                deelnemers.iter().for_each(|naam| each(Kind::Naam, naam));
            }
            StepKind::Bevestiging { afspraken } => {
                afspraken.iter().for_each(|text| each(Kind::Tekst, text));
            }
            StepKind::Uitslag {
                motivering,
                maatregelen,
                ..
            } => {
                if let Some(text) = motivering {
                    each(Kind::Tekst, text);
                }
                measures(maatregelen, &mut each);
            }
            StepKind::KcmdUitspraak { maatregelen } => measures(maatregelen, &mut each),
            _ => {}
        }
    }
}

/// Whether a normalised value can identify someone (see the module docs).
fn worth_checking(value: &str, kind: Kind) -> bool {
    if value.is_ascii() {
        let bytes = value.as_bytes();
        let alphanumeric = bytes.iter().filter(|b| b.is_ascii_alphanumeric()).count();
        let letter = bytes.iter().any(u8::is_ascii_alphabetic);
        let chars = bytes.len();
        return alphanumeric >= 3
            && (letter || chars >= 6)
            && (kind != Kind::Tekst || chars >= MIN_TEXT_CHARS);
    }
    let (mut chars, mut alphanumeric, mut letter) = (0, 0, false);
    for c in value.chars() {
        chars += 1;
        if c.is_alphanumeric() {
            alphanumeric += 1;
            letter |= c.is_alphabetic();
        }
    }
    alphanumeric >= 3 && (letter || chars >= 6) && (kind != Kind::Tekst || chars >= MIN_TEXT_CHARS)
}

/// How an output file's text is decoded before normalising.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Decode {
    /// HTML entities.
    Html,
    /// HTML entities and backslash escapes.
    Markdown,
}

/// Appends the normal form of one character: lower case, curly quotes
/// straight, whitespace runs as one space (`space`: the last one pushed was
/// a space).
fn push_normal(c: char, out: &mut Vec<u8>, space: &mut bool) {
    if c.is_whitespace() {
        if !*space {
            out.push(b' ');
            *space = true;
        }
        return;
    }
    *space = false;
    match c {
        '\u{2018}' | '\u{2019}' | '\u{02BC}' => out.push(b'\''),
        '\u{201C}' | '\u{201D}' => out.push(b'"'),
        c if c.is_ascii() => out.push((c as u8).to_ascii_lowercase()),
        c => {
            for lower in c.to_lowercase() {
                out.extend_from_slice(lower.encode_utf8(&mut [0; 4]).as_bytes());
            }
        }
    }
}

/// `bytes` as text. The normal forms are written a whole character at a
/// time, so they are UTF-8 and this only checks.
fn into_text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Normalises a value into `out` (cleared first), without leading or
/// trailing space.
fn normalise_value(raw: &str, out: &mut String) {
    out.clear();
    // Nearly every value is ASCII with single spaces between its words.
    let bytes = raw.as_bytes();
    let plain = bytes.is_ascii()
        && !bytes.iter().any(|&b| (b'\t'..=b'\r').contains(&b))
        && !raw.starts_with(' ')
        && !raw.ends_with(' ')
        && !raw.contains("  ");
    if plain {
        out.push_str(raw);
        out.make_ascii_lowercase();
        return;
    }
    let mut normal = std::mem::take(out).into_bytes();
    let mut space = true;
    for c in raw.chars() {
        push_normal(c, &mut normal, &mut space);
    }
    if normal.last() == Some(&b' ') {
        normal.pop();
    }
    *out = into_text(normal);
}

/// Decodes and normalises an output text, appending to `out`.
fn normalise_text(raw: &str, decode: Decode, out: &mut Vec<u8>) {
    let bytes = raw.as_bytes();
    let (mut at, mut space) = (0, false);
    while at < bytes.len() {
        // Most of a page is plain ASCII that only needs lower-casing.
        let plain = push_plain(&bytes[at..], out);
        if plain > 0 {
            space = false;
            at += plain;
        }
        // Then what needs more, if anything is left.
        at += match bytes.get(at) {
            Some(&byte) if is_ascii_space(byte) => push_space(&bytes[at..], out, &mut space),
            Some(_) => normalise_char(&raw[at..], decode, out, &mut space),
            None => 0,
        };
    }
}

/// Pushes the bytes at the start of `bytes` that only need lower-casing
/// (see [`not_plain`]), lower-cased, eight at a time; returns how many.
fn push_plain(bytes: &[u8], out: &mut Vec<u8>) -> usize {
    let mut at = 0;
    loop {
        // Past the end the bytes read as zeros, which are not plain.
        let eight = match bytes.get(at..at + 8) {
            Some(eight) => eight_bytes(eight),
            None => tail_bytes(bytes, at),
        };
        // All eight go out; those from the first that is not plain are
        // taken back.
        out.extend_from_slice(&ascii_lowercase(eight).to_le_bytes());
        let stop = not_plain(eight);
        if stop != 0 {
            let plain = stop.trailing_zeros() as usize / 8;
            out.truncate(out.len() - (8 - plain));
            return at + plain;
        }
        at += 8;
    }
}

/// Of each byte of `eight` that normalises to more than itself lower-cased,
/// or may, its high bit: not ASCII, white space or another control
/// character, `&` (an entity) or `\\` (an escape). A single space between
/// two such bytes of the eight is plain: it stays as it is, and most text
/// has one after every word.
fn not_plain(eight: u64) -> u64 {
    let ascii = eight & !HIGH_BITS;
    let printable = in_range(ascii, b'!', 0x7F);
    let stop = (eight & HIGH_BITS)
        | (!printable & HIGH_BITS)
        | in_range(ascii, b'&', b'&')
        | in_range(ascii, b'\\', b'\\');
    let solid = !stop & HIGH_BITS;
    let space = in_range(ascii, b' ', b' ') & !eight;
    // The byte before (the next lower one) and the one after are solid.
    stop & !(space & (solid << 8) & (solid >> 8))
}

/// `eight` with its ASCII upper-case letters made lower-case, the other
/// bytes as they are.
fn ascii_lowercase(eight: u64) -> u64 {
    // The high bit of an upper-case letter (a byte that is not ASCII has
    // its own), moved to the bit of 0x20.
    let upper = in_range(eight & !HIGH_BITS, b'A', b'Z') & !eight;
    eight | (upper >> 2)
}

/// Whether `byte` is ASCII white space for [`char::is_whitespace`]: also
/// the vertical tab, unlike [`u8::is_ascii_whitespace`].
fn is_ascii_space(byte: u8) -> bool {
    matches!(byte, b'\t'..=b'\r' | b' ')
}

/// Pushes one space for the run of ASCII white space at the start of
/// `bytes`, unless the last one pushed was a space; returns the run's
/// length.
fn push_space(bytes: &[u8], out: &mut Vec<u8>, space: &mut bool) -> usize {
    if !*space {
        out.push(b' ');
        *space = true;
    }
    bytes
        .iter()
        .position(|&b| !is_ascii_space(b))
        .unwrap_or(bytes.len())
}

/// Normalises the character (or entity, or escaped character) at the start
/// of `rest` into `out`; returns how many bytes of `rest` it took.
fn normalise_char(rest: &str, decode: Decode, out: &mut Vec<u8>, space: &mut bool) -> usize {
    let c = rest.chars().next().unwrap_or(' ');
    if c == '&'
        && let Some((decoded, len)) = entity(rest)
    {
        push_normal(decoded, out, space);
        return len;
    }
    if c == '\\'
        && decode == Decode::Markdown
        && let Some(next) = rest[1..].chars().next()
        && next.is_ascii_punctuation()
    {
        push_normal(next, out, space);
        return 1 + next.len_utf8();
    }
    push_normal(c, out, space);
    c.len_utf8()
}

/// The character of the HTML entity at the start of `text` and the entity's
/// length, for the entities templates and escapers write.
fn entity(text: &str) -> Option<(char, usize)> {
    let end = text.as_bytes().iter().take(12).position(|&b| b == b';')?;
    let name = &text[1..end];
    let c = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{A0}',
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code)?
        }
    };
    Some((c, end + 1))
}

/// The start of [`ValueHash`]: FNV-1a's offset basis.
const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// The hasher of the word map: its keys are hashes already, so this only
/// spreads their bits.
#[derive(Default)]
struct Prehashed(u64);

impl Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(*byte)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (n ^ (n >> 29)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// The words of a normalised text: (byte offset, word).
fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(move |word| (word.as_ptr() as usize - text.as_ptr() as usize, word))
}

/// One indexed file: its path and its byte range in [`Index::text`].
struct Indexed {
    path: String,
    start: usize,
    end: usize,
}

/// Normalised texts, one after the other, with a word index.
struct Index {
    /// The texts, each followed by a space so no word or match runs across two.
    text: String,
    /// In the order of `text`.
    files: Vec<Indexed>,
    /// The words grouped, made when first needed: a build whose register
    /// rows leave no trace in the output, and that has no case files, never
    /// looks a word up.
    grouped: OnceLock<Grouped>,
    /// The byte range of every word in `text`, in order.
    spans: Vec<(usize, usize)>,
    /// The hash ([`value_hash`]) of each word of `spans`.
    keys: Vec<u64>,
}

/// The places of each word of an [`Index`].
struct Grouped {
    /// Hash of a word ([`value_hash`]) → the range of its places in `places`.
    words: WordMap,
    /// Byte offsets in `text` where words start, grouped by word, ascending
    /// within a word.
    places: Vec<usize>,
}

/// A word's hash → a range of places.
type WordMap = HashMap<u64, (usize, usize), BuildHasherDefault<Prehashed>>;

/// One text normalised, and how many words it has.
struct Normal {
    text: String,
    words: usize,
}

impl Normal {
    /// Normalises `raw`, read as UTF-8 (what is not UTF-8 read as U+FFFD).
    fn of(raw: &[u8], decode: Decode) -> Normal {
        // Checking is quicker than the lossy reading, which is rarely needed.
        let raw = match std::str::from_utf8(raw) {
            Ok(raw) => Cow::Borrowed(raw),
            Err(_) => String::from_utf8_lossy(raw),
        };
        // Normalising mostly keeps or shrinks the text, and writes up to
        // eight bytes ahead.
        let mut text = Vec::with_capacity(raw.len() + 8);
        normalise_text(&raw, decode, &mut text);
        let text = into_text(text);
        let mut words = 0;
        each_word(&text, |_, _| words += 1);
        Normal { text, words }
    }
}

impl Index {
    /// Indexes texts given as (path, bytes, how to decode them).
    fn build<'a>(texts: impl Iterator<Item = (&'a str, &'a [u8], Decode)>) -> Index {
        // Each file normalised and its words counted on its own core, then
        // one text of them all.
        let texts: Vec<_> = texts.collect();
        let normal: Vec<(&str, Normal)> = texts
            .into_par_iter()
            .map(|(path, raw, decode)| (path, Normal::of(raw, decode)))
            .collect();
        let length = normal.iter().map(|(_, n)| n.text.len() + 1).sum();
        let count = normal.iter().map(|(_, n)| n.words).sum();
        let mut text = String::with_capacity(length);
        let mut files = Vec::with_capacity(normal.len());
        let mut counts = Vec::with_capacity(normal.len());
        for (path, normal) in normal {
            let start = text.len();
            text.push_str(&normal.text);
            files.push(Indexed {
                path: path.to_string(),
                start,
                end: text.len(),
            });
            counts.push(normal.words);
            text.push(' ');
        }
        // Each file's words found again on any core, straight into their
        // places in the lists of all words: memory for the words once.
        let mut keys = vec![0; count];
        let mut spans = vec![(0, 0); count];
        let mut parts = Vec::with_capacity(files.len());
        let (mut keys_left, mut spans_left) = (keys.as_mut_slice(), spans.as_mut_slice());
        for (file, &n) in files.iter().zip(&counts) {
            let (file_keys, rest_keys) = keys_left.split_at_mut(n.min(keys_left.len()));
            let (file_spans, rest_spans) = spans_left.split_at_mut(n.min(spans_left.len()));
            parts.push((file, file_keys, file_spans));
            (keys_left, spans_left) = (rest_keys, rest_spans);
        }
        parts.into_par_iter().for_each(|(file, keys, spans)| {
            let bytes = text.as_bytes();
            let mut slots = keys.iter_mut().zip(spans.iter_mut());
            each_word(&text[file.start..file.end], |start, end| {
                let (start, end) = (file.start + start, file.start + end);
                if let Some((key, span)) = slots.next() {
                    *key = span_hash(bytes, start, end);
                    *span = (start, end);
                }
            });
        });
        Index {
            text,
            files,
            grouped: OnceLock::new(),
            spans,
            keys,
        }
    }

    fn grouped(&self) -> &Grouped {
        self.grouped.get_or_init(|| {
            let (words, places) = group(&self.keys, &self.spans);
            Grouped { words, places }
        })
    }

    /// Calls `hit` once with the index of each file in which the normalised
    /// `value` occurs as a whole, in file order.
    fn find(&self, value: &str, mut hit: impl FnMut(usize)) {
        let grouped = self.grouped();
        let mut rarest: Option<(usize, &[usize])> = None;
        for (offset, word) in words(value) {
            let hash = span_hash(value.as_bytes(), offset, offset + word.len());
            let Some(&(from, to)) = grouped.words.get(&hash) else {
                return;
            };
            if rarest.is_none_or(|(_, places)| to - from < places.len()) {
                rarest = Some((offset, &grouped.places[from..to]));
            }
        }
        let Some((offset, places)) = rarest else {
            return;
        };
        let text = self.text.as_bytes();
        let mut last_file = None;
        for &place in places {
            let Some(start) = place.checked_sub(offset) else {
                continue;
            };
            let end = start + value.len();
            if end > text.len()
                || &text[start..end] != value.as_bytes()
                || !self.text.is_char_boundary(start)
                || self.text[..start]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric)
                || self.text[end..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphanumeric)
            {
                continue;
            }
            let file = self.files.partition_point(|f| f.start <= start) - 1;
            if end <= self.files[file].end && last_file != Some(file) {
                last_file = Some(file);
                hit(file);
            }
        }
    }

    /// Whether the normalised `value` occurs anywhere as a whole.
    fn contains(&self, value: &str) -> bool {
        let mut found = false;
        self.find(value, |_| found = true);
        found
    }
}

/// Groups the places of words by word, without sorting: `hashes` and
/// `spans` are the words of a text in order. Returns each word's hash with
/// its range in the places, and the places: word starts, ascending within a
/// word.
fn group(hashes: &[u64], spans: &[(usize, usize)]) -> (WordMap, Vec<usize>) {
    // Count each word, give it its range, then fill the ranges in text
    // order (so ascending). Two look-ups a word, but no list beside them.
    let mut words = WordMap::with_capacity_and_hasher(hashes.len() / 8, Default::default());
    for &hash in hashes {
        words.entry(hash).or_insert((0, 0)).1 += 1;
    }
    let mut next = 0;
    for range in words.values_mut() {
        let count = range.1;
        *range = (next, next);
        next += count;
    }
    let mut places = vec![0; hashes.len()];
    for (hash, &(start, _)) in hashes.iter().zip(spans) {
        if let Some(range) = words.get_mut(hash) {
            places[range.1] = start;
            range.1 += 1;
        }
    }
    (words, places)
}

#[cfg(test)]
mod tests {
    /// The normal form of an output text, character by character as the
    /// guard read it before its fast paths: what they must agree with.
    fn normal_slowly(raw: &str, decode: Decode) -> String {
        fn push(c: char, out: &mut String, space: &mut bool) {
            if c.is_whitespace() {
                if !*space {
                    out.push(' ');
                    *space = true;
                }
                return;
            }
            *space = false;
            match c {
                '\u{2018}' | '\u{2019}' | '\u{02BC}' => out.push('\''),
                '\u{201C}' | '\u{201D}' => out.push('"'),
                c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
                c => out.extend(c.to_lowercase()),
            }
        }
        let (mut out, mut space) = (String::new(), false);
        let mut rest = raw;
        while let Some(c) = rest.chars().next() {
            let (c, len) = match c {
                '&' => entity(rest).unwrap_or(('&', 1)),
                '\\' if decode == Decode::Markdown => match rest[1..].chars().next() {
                    Some(next) if next.is_ascii_punctuation() => (next, 2),
                    _ => ('\\', 1),
                },
                c => (c, c.len_utf8()),
            };
            push(c, &mut out, &mut space);
            rest = &rest[len..];
        }
        out
    }

    /// The fast normal form, as a string.
    fn normal_quickly(raw: &str, decode: Decode) -> String {
        let mut out = Vec::new();
        normalise_text(raw, decode, &mut out);
        String::from_utf8(out).expect("the normal form is UTF-8")
    }

    /// Texts that mix plain ASCII with everything that needs more.
    const TRICKY: [&str; 15] = [
        "Geachte Heer  Janssen,\n\tU schreef &amp; wij\u{0b}antwoorden",
        "<p>Klacht&#233;n &nbsp;van \\*R. Denkbeeld\\* ‘over’ ÉÉN “zaak”</p>",
        "A&B &unknown; \\ \\x tab\there\r\nregel\u{0c}einde",
        "",
        "   ",
        "ÅNGSTRÖM straße İstanbul ǅ ΣΑΣ Ⱥ",
        "\u{a0}Zoë\u{a0} \u{2003}\u{3000}X\u{2028}y\u{85}z\u{1c}\u{1f}\u{0}\u{7f}",
        "R-2024-000001;K-1 &#X4A;AN &#74;an &#x2019;s &#8220;Q&#8221; &#304;",
        "Kringloopwinkel De Voorbeeldhoek\\_12\\.\\\\ \\é \\",
        "&amp;&amp;&lt;&gt;&quot;&apos;&nbsp;&#160;&#xZZ;&#;&;&#x;&#+65;&",
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ@[`{ 0123456789 abcdefghijklmnopqrstuvwxyz",
        "\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\tTAB",
        "tien       spaties\n\n\n\n\n\n\n\n\n\n\nen regels &nbsp; \u{a0}\t&#32;end ",
        "H2O CO2 3D K9 ÉÉN2 a1é2ß3 Σ4",
        "a b c d e f g h  i\tj k\u{a0}l m &amp; n\\ o é p \u{a0} q\x7F r -s- ",
    ];

    #[test]
    fn runs_of_ascii_normalise_as_characters_do() {
        // Each text also from every offset in its first eight bytes, so
        // that everything in it falls at every place in an eight.
        for text in TRICKY {
            for shift in 0..8 {
                let text = format!("{}{text}", "x".repeat(shift));
                for decode in [Decode::Html, Decode::Markdown] {
                    let want = normal_slowly(&text, decode);
                    assert_eq!(normal_quickly(&text, decode), want, "{text:?}");
                }
            }
        }
    }

    /// Deterministic pseudo-random numbers (xorshift).
    fn xorshift(mut state: u64) -> impl FnMut() -> u64 {
        move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        }
    }

    /// Texts of random pieces: plain words, white space, entities, escapes,
    /// letters that are not ASCII.
    fn random_texts(count: usize) -> Vec<String> {
        const PIECES: [&str; 44] = [
            "a",
            "Zo",
            "klachten",
            "K-12",
            "R-2024-000001",
            "x9",
            "<p>",
            "</td>",
            " ",
            "  ",
            "\t",
            "\n",
            "\r\n",
            "\u{b}",
            "\u{c}",
            "\u{a0}",
            "\u{2003}",
            "\u{3000}",
            "é",
            "É",
            "ß",
            "İ",
            "ǅ",
            "Σ",
            "\u{2019}",
            "“",
            "\u{2BC}",
            "&amp;",
            "&nbsp;",
            "&#x27;",
            "&#65;",
            "&bogus;",
            "&",
            "\\",
            "\\*",
            "\\_",
            "\\é",
            ".",
            ";",
            "#",
            "\u{0}",
            "\u{1f}",
            "\u{7f}",
            "ABCDEFGHIJ",
        ];
        let mut next = xorshift(0x2545_F491_4F6C_DD1D);
        (0..count)
            .map(|_| {
                let pieces = next() % 40;
                (0..pieces)
                    .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
                    .collect()
            })
            .collect()
    }

    #[test]
    fn random_texts_normalise_as_characters_do() {
        for text in random_texts(3_000) {
            for decode in [Decode::Html, Decode::Markdown] {
                let want = normal_slowly(&text, decode);
                assert_eq!(normal_quickly(&text, decode), want, "{text:?}");
            }
        }
    }

    /// [`value_hash`] as first written: whole eights, then the rest padded
    /// with zeros.
    fn value_hash_slowly(text: &str) -> u64 {
        let mut hash = ValueHash::new();
        for chunk in text.as_bytes().chunks(8) {
            let mut eight = [0u8; 8];
            eight[..chunk.len()].copy_from_slice(chunk);
            hash = hash.absorb(u64::from_le_bytes(eight));
        }
        hash.end(text.len())
    }

    #[test]
    fn a_span_hashes_as_its_text() {
        let text = "abcdefghijklmnopqrstuvwxyz0123456789";
        for start in 0..text.len() {
            for end in start..=text.len() {
                let want = value_hash_slowly(&text[start..end]);
                assert_eq!(span_hash(text.as_bytes(), start, end), want);
                assert_eq!(value_hash(&text[start..end]), want);
            }
        }
    }

    /// The first word of a core hashes as that word normalised.
    #[test]
    fn first_words_hash_as_their_normal_form() {
        for (core, first) in [
            ("R-2024-000001", "r"),
            ("Kringloopwinkel De Voorbeeldhoek", "kringloopwinkel"),
            ("ABCDEFGH", "abcdefgh"),
            ("ABCDEFGHI j", "abcdefghi"),
            ("élodie van dam", "élodie"),
            ("zoë", "zoë"),
            ("ß1 x", "ß1"),
        ] {
            assert_eq!(first_word_hash(core), value_hash(first), "{core}");
        }
    }

    #[test]
    fn ascii_lowercase_leaves_other_bytes() {
        let text = "ABC xyz @[`{ ÉÀé\u{c0}\u{e0}0123 Z";
        for chunk in text.as_bytes().windows(8) {
            let lower = ascii_lowercase(eight_bytes(chunk)).to_le_bytes();
            assert_eq!(lower.as_slice(), chunk.to_ascii_lowercase(), "{chunk:?}");
        }
    }

    /// The index holds every word of its text, at exactly its places.
    #[test]
    fn the_index_places_every_word() {
        let texts = random_texts(40);
        let files: Vec<OutputFile> = texts
            .iter()
            .enumerate()
            .map(|(n, text)| OutputFile::new(format!("site/{n}.html"), text.as_str()))
            .collect();
        let index = Guard::new(&files, &[]).output;
        let want: Vec<(usize, usize)> = words(&index.text)
            .map(|(at, word)| (at, at + word.len()))
            .collect();
        assert_eq!(index.spans, want);
        let mut places: HashMap<&str, Vec<usize>> = HashMap::new();
        for (at, word) in words(&index.text) {
            places.entry(word).or_default().push(at);
        }
        let grouped = index.grouped();
        assert_eq!(grouped.words.len(), places.len());
        for (word, at) in places {
            let (from, to) = grouped.words[&value_hash(word)];
            assert_eq!(grouped.places[from..to], at, "{word}");
        }
    }

    use super::*;
    use crate::load::cases::parse_case;
    use crate::render::escape_markdown;

    /// A case with a value in every personal field; each free text is at
    /// least 12 characters.
    const CASE: &str = "id: K-1
indiener:
  naam: A. de Vries
  adres: Hoofdstraat 1, 9711 AA Groningen
  email: a.devries@example.nl
traject: { soort: UWV, opdrachtgever: UWV }
werkplek: Fietsenwerkplaats Noord
betreft: { naam: J. Jansen, soort: medewerker }
omschrijving: Mijn begeleider kwam niet opdagen.
ingediend: { datum: 2026-03-02, wijze: schriftelijk, bij: manager }
behandelaar: { naam: P. Bakker, betrokken: false }
verloop:
  - { datum: 2026-03-16, stap: gesprek, deelnemers: [A. de Vries, Liesbeth Mulder] }
  - { datum: 2026-03-18, stap: bevestiging, afspraken: [Een vaste andere begeleider.] }
  - datum: 2026-04-06
    stap: uitslag
    oordeel: gegrond
    motivering: De afspraken zijn niet nagekomen.
    maatregelen: [{ soort: excuses, omschrijving: Excuses door de manager. }]
  - { datum: 2026-05-01, stap: kcmd_ingediend }
  - datum: 2026-09-01
    stap: kcmd_uitspraak
    maatregelen: [{ soort: uitleg, omschrijving: Uitleg over de planning. }]
";

    fn case(text: &str) -> Case {
        let mut findings = Vec::new();
        let case = parse_case(
            text,
            "data/cases/K-1.yaml",
            &crate::load::cases::Vocabulary::of(None),
            &mut findings,
        );
        assert!(findings.is_empty(), "{findings:#?}\n{text}");
        case.expect("the test case reads")
    }

    /// The case with text replaced that must be there, so a row cannot
    /// silently test the unchanged case.
    fn edited(changes: &[(&str, &str)]) -> Case {
        let mut text = CASE.to_string();
        for (from, to) in changes {
            assert!(text.contains(from), "`{from}` not in the case");
            text = text.replacen(from, to, 1);
        }
        case(&text)
    }

    /// What `check_case` pushes for `case`, sorted.
    fn leaks(files: &[OutputFile], public: &[&str], case: &Case) -> Vec<Leak> {
        let guard = Guard::new(files, public);
        let mut leaks = Vec::new();
        guard.check_case(case, &mut leaks);
        leaks.sort();
        leaks
    }

    fn leak(file: &str, kind: Kind) -> Leak {
        Leak {
            file: file.to_string(),
            kind,
        }
    }

    fn html(body: &str) -> OutputFile {
        OutputFile::new(
            "site/index.html",
            format!("<html><body><p>In 2026: 12 klachten.</p>\n<p>{body}</p></body></html>"),
        )
    }

    #[test]
    fn every_personal_value_is_found_with_its_kind() {
        let rows: [(&str, Kind); 14] = [
            ("K-10", Kind::Id),
            ("A. de Vries", Kind::Naam),
            ("Hoofdstraat 1, 9711 AA Groningen", Kind::Adres),
            ("a.devries@example.nl", Kind::Email),
            ("Fietsenwerkplaats Noord", Kind::Werkplek),
            ("J. Jansen", Kind::Naam),
            ("Mijn begeleider kwam niet opdagen.", Kind::Tekst),
            ("P. Bakker", Kind::Behandelaar),
            ("Liesbeth Mulder", Kind::Naam),
            ("Een vaste andere begeleider.", Kind::Tekst),
            ("De afspraken zijn niet nagekomen.", Kind::Tekst),
            ("Excuses door de manager.", Kind::Tekst),
            ("Uitleg over de planning.", Kind::Tekst),
            ("nothing personal here", Kind::Tekst),
        ];
        // `K-1` itself has too few letters and digits to be checked.
        let case = edited(&[("id: K-1", "id: K-10")]);
        for (planted, kind) in rows {
            let found = leaks(&[html(&format!("Zie {planted} hier."))], &[], &case);
            if planted.starts_with("nothing") {
                assert_eq!(found, [], "{planted}");
            } else {
                assert_eq!(found, [leak("site/index.html", kind)], "{planted}");
            }
        }
    }

    #[test]
    fn a_name_in_site_html_names_the_file() {
        let files = [
            OutputFile::new("site/style.css", "body { color: black }"),
            OutputFile::new(
                "site/index.html",
                "<p>Klacht van <b>Liesbeth Mulder</b></p>",
            ),
            OutputFile::new("reports/uwv/2026-Q1.csv", "indicator,categorie,waarde\n"),
        ];
        let found = leaks(&files, &[], &case(CASE));
        assert_eq!(found, [leak("site/index.html", Kind::Naam)]);
    }

    #[test]
    fn html_escaped_values_are_found() {
        let case = edited(&[
            ("naam: A. de Vries", "naam: \"O'Brien & Zn\""),
            (
                "werkplek: Fietsenwerkplaats Noord",
                "werkplek: \"Werkplaats <Noord>/Zuid\"",
            ),
        ]);
        let rows = [
            ("O&#x27;Brien &amp; Zn", Some(Kind::Naam)),
            ("O&#39;Brien &#38; Zn", Some(Kind::Naam)),
            ("O&apos;Brien&nbsp;&amp;&#160;Zn", Some(Kind::Naam)),
            ("O\u{2019}Brien &amp; Zn", Some(Kind::Naam)),
            ("Werkplaats &lt;Noord&gt;&#x2F;Zuid", Some(Kind::Werkplek)),
            ("Werkplaats &lt;Noord&gt;&#47;Zuid", Some(Kind::Werkplek)),
            ("O&#x27;Briens &amp; Zn", None),
            ("O&amp;Brien &amp; Zn", None),
        ];
        for (body, kind) in rows {
            let found = leaks(&[html(body)], &[], &case);
            let want: Vec<Leak> = kind
                .map(|k| leak("site/index.html", k))
                .into_iter()
                .collect();
            assert_eq!(found, want, "{body}");
        }
    }

    #[test]
    fn markdown_escaped_values_are_found() {
        let name = "*Jan* de_Vries (1. [x])";
        let case = edited(&[("naam: A. de Vries", &format!("naam: \"{name}\""))]);
        let text = format!("# Kwartaal\n\nIngediend door {}.\n", escape_markdown(name));
        assert!(
            text.contains("\\*Jan\\* de\\_Vries \\(1. \\[x\\]\\)"),
            "{text}"
        );
        let file = OutputFile::new("reports/uwv/2026-Q3.md", text);
        assert_eq!(
            leaks(&[file], &[], &case),
            [leak("reports/uwv/2026-Q3.md", Kind::Naam)]
        );
        // The backslash is only dropped in Markdown.
        let case = edited(&[("naam: A. de Vries", "naam: Jan de_Vries")]);
        let in_html = OutputFile::new("site/a.html", "Jan de\\_Vries");
        assert_eq!(leaks(&[in_html], &[], &case), []);
    }

    #[test]
    fn values_match_only_as_a_whole() {
        let files = [html(
            "Dossiers K-12, K-1a en K-2026-0012; Januari, Bakkerij; a.devries@example.nl2",
        )];
        let rows = [
            (("id: K-1", "id: K-1"), None),
            (("id: K-1", "id: K-12"), Some(Kind::Id)),
            (("id: K-1", "id: K-2026-001"), None),
            (("id: K-1", "id: K-2026-0012"), Some(Kind::Id)),
            // Punctuation is a boundary: an id inside a longer one is found.
            (("id: K-1", "id: 2026-0012"), Some(Kind::Id)),
            (("id: K-1", "id: K-2026-00"), None),
            (
                ("email: a.devries@example.nl", "email: devries@example.nl"),
                None,
            ),
            (
                ("naam: P. Bakker", "naam: Januari"),
                Some(Kind::Behandelaar),
            ),
            (("naam: P. Bakker", "naam: Jan"), None),
            (("naam: P. Bakker", "naam: Bakker"), None),
        ];
        for ((from, to), kind) in rows {
            let found = leaks(&files, &[], &edited(&[(from, to)]));
            let want: Vec<Leak> = kind
                .map(|k| leak("site/index.html", k))
                .into_iter()
                .collect();
            assert_eq!(found, want, "{to}");
        }
    }

    #[test]
    fn matching_ignores_case_and_whitespace() {
        let files = [html("LIESBETH\n   mulder en fietsenwerkplaats&nbsp;NOORD")];
        assert_eq!(
            leaks(&files, &[], &case(CASE)),
            [
                leak("site/index.html", Kind::Naam),
                leak("site/index.html", Kind::Werkplek)
            ]
        );
    }

    #[test]
    fn a_value_in_a_public_text_is_not_reported() {
        let case = edited(&[("naam: P. Bakker", "naam: Ruud Zinnemers")]);
        let files = [html(
            "Klachtenfunctionaris: Ruud Zinnemers, of Liesbeth Mulder",
        )];
        let public = ["---\ncontact:\n  klachtenfunctionaris:\n    naam: Ruud Zinnemers\n---\n"];
        assert_eq!(
            leaks(&files, &public, &case),
            [leak("site/index.html", Kind::Naam)]
        );
        // Only as a whole: "Ruud Zinnemersma" publishes nothing.
        assert_eq!(
            leaks(&files, &["Ruud Zinnemersma"], &case),
            [
                leak("site/index.html", Kind::Naam),
                leak("site/index.html", Kind::Behandelaar)
            ]
        );
    }

    #[test]
    fn only_site_and_reports_are_scanned() {
        let rows = [
            ("letters/K-1/01-ontvangstbevestiging.html", false),
            ("letters/index.html", false),
            ("sites/index.html", false),
            ("site/index.html", true),
            ("reports/index.html", true),
            ("reports/uwv/2026-Q1.csv", true),
        ];
        for (path, scanned) in rows {
            let file = OutputFile::new(path, "Beste Liesbeth Mulder,");
            let found = leaks(&[file], &[], &case(CASE));
            let want: Vec<Leak> = scanned
                .then(|| leak(path, Kind::Naam))
                .into_iter()
                .collect();
            assert_eq!(found, want, "{path}");
        }
    }

    #[test]
    fn free_text_counts_from_12_characters() {
        let rows = [
            ("Korte tekst", false),     // 11
            ("Korte teksts", true),     // 12
            ("  Korte tekst  ", false), // 11 after trimming
            ("Korte  tekst", false),    // 11 after collapsing
        ];
        for (omschrijving, found) in rows {
            let case = edited(&[(
                "omschrijving: Mijn begeleider kwam niet opdagen.",
                &format!("omschrijving: \"{omschrijving}\""),
            )]);
            let files = [html("Zie: korte tekst, korte teksts.")];
            let want: Vec<Leak> = found
                .then(|| leak("site/index.html", Kind::Tekst))
                .into_iter()
                .collect();
            assert_eq!(leaks(&files, &[], &case), want, "{omschrijving:?}");
        }
    }

    #[test]
    fn values_too_small_to_identify_are_skipped() {
        let files = [html("Bo, Bob, 12, 12345, 123456 en 1-2-3")];
        let rows = [
            ("Bo", false),    // two letters
            ("Bob", true),    // three
            ("12345", false), // no letter, five characters
            ("123456", true), // no letter, six
            ("1-2-3", false), // no letter, five characters
        ];
        for (naam, found) in rows {
            let case = edited(&[("naam: P. Bakker", &format!("naam: \"{naam}\""))]);
            let want: Vec<Leak> = found
                .then(|| leak("site/index.html", Kind::Behandelaar))
                .into_iter()
                .collect();
            assert_eq!(leaks(&files, &[], &case), want, "{naam}");
        }
    }

    #[test]
    fn leaks_are_deduplicated_per_file_and_kind() {
        let other = edited(&[
            ("id: K-1", "id: K-2"),
            ("naam: A. de Vries", "naam: Piet Hein"),
        ]);
        let files = [
            html("A. de Vries, J. Jansen, Piet Hein; en nog eens A. de Vries"),
            OutputFile::new("reports/uwv/2026-Q1.md", "A. de Vries"),
        ];
        // One case pushes each (file, kind) once.
        let one = leaks(&files, &[], &case(CASE));
        assert_eq!(
            one,
            [
                leak("reports/uwv/2026-Q1.md", Kind::Naam),
                leak("site/index.html", Kind::Naam)
            ]
        );
        // `scan` also merges those of different cases, sorted.
        let input = Input {
            cases: vec![case(CASE), other],
            ..Input::default()
        };
        assert_eq!(
            scan(&input, &files, None).expect("no registers to read"),
            [
                leak("reports/uwv/2026-Q1.md", Kind::Naam),
                leak("site/index.html", Kind::Naam)
            ]
        );
    }

    #[test]
    fn entities_and_escapes_are_decoded() {
        let rows = [
            ("a &amp; b", Decode::Html, "a & b"),
            (
                "&lt;&gt;&quot;&#x27;&#39;&#x2F;&#47;",
                Decode::Html,
                "<>\"''//",
            ),
            ("x&nbsp;&#160;y", Decode::Html, "x y"),
            ("&#X4A;an &#74;AN", Decode::Html, "jan jan"),
            (
                "&unknown; &amp &#xZZ; &",
                Decode::Html,
                "&unknown; &amp &#xzz; &",
            ),
            ("\\*a\\_b\\. \\\\", Decode::Markdown, "*a_b. \\"),
            ("\\*a", Decode::Html, "\\*a"),
            ("\\é", Decode::Markdown, "\\é"),
            ("Ĳssel\tÉÉN\r\n  twee", Decode::Html, "ĳssel één twee"),
        ];
        for (raw, decode, want) in rows {
            assert_eq!(normal_quickly(raw, decode), want, "{raw}");
            assert_eq!(normal_slowly(raw, decode), want, "{raw}");
        }
    }

    #[test]
    fn scan_reads_the_registers() {
        let root = tempfile::tempdir().expect("a temp dir");
        let content = root.path().join("content");
        std::fs::create_dir_all(&content).expect("content/");
        std::fs::create_dir_all(root.path().join("data")).expect("data/");
        std::fs::copy(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content/klachtenreglement.md"),
            content.join("klachtenreglement.md"),
        )
        .expect("the regulation copies");
        std::fs::write(
            root.path().join("data/register.csv"),
            "id;ingediend;opdrachtgever;naam;behandelaar;werkplek\n\
             R-1;02-07-2025;UWV;Kees Nepstra;E. Nepkes;Administratief Centrum Sneek\n\
             R-2;03-07-2025;UWV;Fenna Droomhuis;E. Nepkes;Administratief Centrum Sneek\n",
        )
        .expect("the register writes");
        let (input, findings) = crate::load::load(root.path()).expect("the project loads");
        assert!(findings.is_empty(), "{findings:#?}");
        assert_eq!(input.registers.len(), 1);
        let files = [
            OutputFile::new(
                "site/index.html",
                "<p>Klachtenfunctionaris: Ruud Zinnemers (r.zinnemers@werkpro.nl)</p>\
                 <p>Groeten van fenna droomhuis</p>",
            ),
            OutputFile::new("reports/uwv/2025-Q3.md", "Ingediend: 2\n"),
            OutputFile::new("letters/R-1/01.html", "Beste Kees Nepstra, E. Nepkes"),
        ];
        assert_eq!(
            scan(&input, &files, None).expect("the register reads"),
            [leak("site/index.html", Kind::Naam)]
        );

        // Noted while checking, the same values lead to the same leak ...
        let sightings = Sightings::for_registers(1_000);
        let mut notes = Notes::default();
        let vocabulary = crate::load::cases::Vocabulary::of(input.regulation.as_ref());
        let reader = crate::load::register::RegisterReader::open(
            &input.root,
            &input.registers[0],
            &vocabulary,
        )
        .expect("the register opens");
        for row in reader {
            if let crate::load::register::Row::Case(case) = row {
                sightings.note(&case, &mut notes);
            }
        }
        sightings.record(&mut notes);
        assert_eq!(
            scan(&input, &files, Some(&sightings)).expect("the register reads"),
            [leak("site/index.html", Kind::Naam)]
        );
        // ... and without one the register is not read again at all: gone,
        // it is not missed.
        std::fs::remove_file(root.path().join("data/register.csv")).expect("removes");
        let clean = [OutputFile::new(
            "site/index.html",
            "<p>Klachtenfunctionaris: Ruud Zinnemers</p><p>Sneek, 2 klachten, R-3</p>",
        )];
        assert_eq!(scan(&input, &clean, Some(&sightings)).expect("no read"), []);
        assert!(
            scan(&input, &clean, None).is_err(),
            "without sightings it reads"
        );
    }

    #[test]
    fn each_word_finds_the_words() {
        let short = [
            "",
            "a",
            " r-2024-000001 ",
            "zoë en één.",
            "k–1 x",
            "tab\tnaar  twee",
            "abcdefgh",
            "abcdefgh ",
            "abcdefghi",
            " abcdefg",
            "ÉÉN2 a1é2ß3 Σ4 H2O ǅ",
            "@[`{ 09 az AZ /: ~\u{7f}",
        ];
        let normal: Vec<String> = TRICKY
            .iter()
            .map(|text| normal_slowly(text, Decode::Markdown))
            .collect();
        let texts = short
            .into_iter()
            .chain(TRICKY)
            .map(str::to_string)
            .chain(normal)
            .chain(random_texts(1_000));
        for text in texts {
            let mut spans = Vec::new();
            each_word(&text, |start, end| spans.push((start, end)));
            let expected: Vec<(usize, usize)> = words(&text)
                .map(|(at, word)| (at, at + word.len()))
                .collect();
            assert_eq!(spans, expected, "{text:?}");
        }
    }

    /// The one-pass reading of a plain value agrees with normalising it.
    #[test]
    fn a_plain_value_reads_as_its_normal_form() {
        let values = [
            "R-2024-000001",
            "Jan de Vries",
            "E. Nepkes",
            "Kantine  Stadspark",
            "tab\there",
            "ver\u{b}tical",
            "Zoë Jansen",
            "K-1",
            "12345",
            "123456",
            "(Jan)",
            "a.b.c",
            // Eight bytes at a time: a second space, a tab or a non-ASCII
            // byte in the first eight, across them or in the rest.
            "Kringloopwinkel De Voorbeeldhoek",
            "AbCdEfGh",
            "Drukkerij De Testpers 12",
            "Kantine Stadspark  Noord",
            "Kantine Stadspark\tNoord",
            "Fietsenwerkplaats Noord-Oost é",
            "Gemeente Súdwest-Fryslân",
            "@[`{ 09 az AZ /:",
            "0a 1b 2c 3d 4e 5f 6g 7h 8i 9j",
        ];
        let mut normal = String::new();
        for raw in values {
            normalise_value(raw, &mut normal);
            // Not plain: read the long way, which is always right.
            let Some(plain) = Plain::of(raw) else {
                continue;
            };
            assert_eq!(normal, raw.to_ascii_lowercase(), "{raw:?}");
            assert_eq!(plain.hash, value_hash(&normal), "{raw:?}");
            assert_eq!(plain.words, words(&normal).count(), "{raw:?}");
            for kind in [Kind::Id, Kind::Naam, Kind::Tekst] {
                assert_eq!(
                    plain.worth_checking(kind),
                    worth_checking(&normal, kind),
                    "{raw:?}"
                );
            }
        }
        let plain: Vec<&str> = values
            .into_iter()
            .filter(|v| Plain::of(v).is_some())
            .collect();
        assert_eq!(
            plain,
            [
                "R-2024-000001",
                "Jan de Vries",
                "E. Nepkes",
                "K-1",
                "12345",
                "123456",
                "a.b.c",
                "Kringloopwinkel De Voorbeeldhoek",
                "AbCdEfGh",
                "Drukkerij De Testpers 12",
                "0a 1b 2c 3d 4e 5f 6g 7h 8i 9j"
            ]
        );
    }

    /// The recent values are told apart by their bytes, also beyond the
    /// first and last eight.
    #[test]
    fn recent_values_are_told_apart() {
        // Each after the one before: the same length and the same first
        // and last eight bytes, or a byte more.
        let values = [
            "a",
            "ab",
            "abcdefgh",
            "abcdefghi",
            "abcdefghabcdefgh",
            "abcdefgh-abcdefgh",
            "abcdefgh+abcdefgh",
            "abcdefgh--abcdefgh",
            "abcdefgh-+abcdefgh",
        ];
        for pair in values.windows(2) {
            let mut notes = Notes::default();
            assert!(!notes.seen(pair[0]), "{pair:?}");
            assert!(notes.seen(pair[0]), "{pair:?}");
            assert!(!notes.seen(pair[1]), "{pair:?}");
            assert!(notes.seen(pair[1]), "{pair:?}");
        }
        // A fresh slot holds only the empty value.
        assert!(Notes::default().seen(""));
    }

    /// The output's stretches hash as the values noted, in any length.
    #[test]
    fn long_values_are_sighted_in_the_output() {
        let sightings = Sightings::for_registers(0);
        let mut notes = Notes::default();
        for (raw, kind) in [
            ("Kringloopwinkel De Voorbeeldhoek", Kind::Werkplek),
            ("R-2024-000001", Kind::Id),
            ("Ab Cdefgh", Kind::Naam),
            // Not plain: read through their normal form and core.
            ("(ÉLODIE  Van Dam)", Kind::Naam),
            ("Administratiekantoor\tZuid", Kind::Werkplek),
        ] {
            sightings.note_value(raw, kind, &mut notes);
        }
        sightings.record(&mut notes);
        let rows = [
            ("<p>Naar de kringloopwinkel de voorbeeldhoek.</p>", true),
            ("<p>Kringloopwinkel De Voorbeeldhoeken</p>", false),
            ("<p>Kringloopwinkel De</p>", false),
            ("<p>dossier r-2024-000001</p>", true),
            ("<p>dossier r-2024-0000012</p>", false),
            ("<p>X ab cdefgh y</p>", true),
            ("<p>X ab cdefg h</p>", false),
            ("<p>Mevrouw &Eacute;lodie van dam</p>", false),
            ("<p>Mevrouw &#201;lodie van dam</p>", true),
            ("<p>Mevrouw Élodie\n van  DAM</p>", true),
            ("<p>ADMINISTRATIEKANTOOR zuid</p>", true),
            ("<p>Administratiekantoor Zuidoost</p>", false),
        ];
        for (body, found) in rows {
            let guard = Guard::new(&[html(body)], &[]);
            assert_eq!(guard.may_hold_any(&sightings), found, "{body}");
        }
    }

    /// The filter holds every value noted, at the start of a word up to the
    /// end of a later one, and (nearly) nothing else.
    #[test]
    fn sightings_find_values_by_their_core() {
        let sightings = Sightings::for_registers(0);
        let mut notes = Notes::default();
        for (raw, kind) in [
            ("R-2024-000001", Kind::Id),
            ("(Jan de Vries)", Kind::Naam),
            ("Kantine  Stadspark", Kind::Werkplek),
        ] {
            sightings.note_value(raw, kind, &mut notes);
        }
        sightings.record(&mut notes);
        assert!(sightings.may_hold("r-2024-000001"));
        assert!(
            sightings.may_hold("jan de vries"),
            "the core, without brackets"
        );
        assert!(sightings.may_hold("kantine stadspark"), "spaces as one");
        assert!(!sightings.may_hold("jan de"));
        assert!(!sightings.may_hold("r-2024-000002"));
        assert_eq!(sightings.longest.load(Ordering::Relaxed), 3);
        assert!(sightings.ragged.load(Ordering::Relaxed));
        let misses = (0..100_000)
            .filter(|i| sightings.may_hold(&format!("k-{i}")))
            .count();
        assert_eq!(misses, 0);
    }

    /// Throughput of `check_case`: run with
    /// `cargo test --release --lib guard::tests::throughput -- --ignored --nocapture`.
    /// Prints value checks per second; asserts only what is found.
    #[test]
    #[ignore = "a measurement, not a test of behaviour"]
    fn throughput() {
        use std::time::Instant;
        // Deterministic pseudo-random words (xorshift).
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        const SYLLABLES: [&str; 16] = [
            "ka", "me", "ro", "li", "sa", "ve", "to", "nu", "de", "jan", "berg", "ma", "wi", "ko",
            "ter", "sen",
        ];
        let mut word = |parts: u64| {
            let mut w = String::new();
            for _ in 0..2 + next() % parts {
                w.push_str(SYLLABLES[(next() % 16) as usize]);
            }
            w
        };
        // About 2 MB of output over 40 files.
        let mut files = Vec::new();
        for n in 0..40 {
            let mut text = String::from("<html><body>");
            while text.len() < 50_000 {
                text.push_str("<p>");
                text.push_str(&word(3));
                text.push(' ');
                text.push_str(&word(2));
                text.push_str(" &amp; 12 klachten</p>\n");
            }
            files.push(OutputFile::new(format!("site/p{n}.html"), text));
        }
        let total: usize = files.iter().map(|f| f.bytes.len()).sum();
        let started = Instant::now();
        let guard = Guard::new(&files, &[]);
        let indexed = started.elapsed();

        let template = case(CASE);
        let cases: Vec<Case> = (0..100_000)
            .map(|n| {
                let mut case = template.clone();
                case.id.value = format!("R-2025-{n:06}");
                case.steps.clear();
                case.omschrijving = None;
                let set = |field: &mut Option<crate::model::At<String>>, value: String| {
                    if let Some(field) = field {
                        field.value = value;
                    }
                };
                set(&mut case.indiener.naam, format!("{} {}", word(2), word(4)));
                set(&mut case.indiener.email, format!("{}@example.nl", word(4)));
                set(&mut case.indiener.adres, format!("{}straat {n}", word(4)));
                set(&mut case.werkplek, format!("{} Noord", word(4)));
                set(&mut case.behandelaar_naam, format!("E. {}", word(4)));
                case.betreft_naam = None;
                case
            })
            .collect();
        let values_per_case = 6;
        let rounds = 10;
        let mut found = Vec::new();
        let started = Instant::now();
        for _ in 0..rounds {
            for case in &cases {
                guard.check_case(case, &mut found);
            }
        }
        let elapsed = started.elapsed();
        let checks = cases.len() * values_per_case * rounds;
        eprintln!(
            "output {total} bytes indexed in {indexed:?}; {checks} value checks in {elapsed:?}: {:.1} M checks/s; {} leaks",
            checks as f64 / elapsed.as_secs_f64() / 1e6,
            found.len(),
        );
        assert!(total > 1_900_000);
        assert!(
            found
                .iter()
                .all(|l| l.kind == Kind::Naam || l.kind == Kind::Behandelaar)
        );
    }
}
