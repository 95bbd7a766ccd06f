//! Checking a register: every row as a case, read chunk by chunk on every
//! core, with the results taken in file order so that the outcome is the
//! one of a single reader going row by row.
//!
//! A row whose id an earlier row had is the same case (counted once) unless
//! their values differ (`duplicate-id`). Which ids were seen is kept in a
//! fixed-size filter plus four bytes per row ([`RegisterIds`]), so memory
//! hardly grows with the register: an id the filter has not seen is new
//! (nearly every row); otherwise the earlier row is looked up exactly.

use super::{Deadlines, SeenIds, check_one_read, comparable, conflict, duplicate, note_deadline};
use crate::diagnostic::{Finding, Place};
use crate::guard::Notes;
use crate::hash::FastHasher;
use crate::load::IoProblem;
use crate::load::register::chunk::Chunk;
use crate::load::register::workbook::RowCells;
use crate::load::register::{RegisterFile, RowRef};
use crate::model::{Case, StepKind};
use crate::procedure::Procedure;
use chrono::NaiveDate;
use std::hash::{BuildHasher, BuildHasherDefault, Hash, Hasher};

/// What checking register rows adds up: findings, deadlines and counts.
/// Each chunk of rows gets totals of its own ([`check_register`]'s `new`),
/// filled on any core; they are merged in file order.
pub trait Totals: Send + Sized {
    fn finding(&mut self, finding: Finding);
    /// Whether a finding of `rule` added now would be read (kept or written
    /// out) rather than only counted.
    fn reads(&self, rule: &str) -> bool;
    /// The deadlines of open cases, to note one in.
    fn deadlines(&mut self) -> &mut Deadlines;
    /// A case that counts: the first row with its id.
    fn case(&mut self, case: &Case);
    /// Adds the totals of the rows that follow these.
    fn merge(&mut self, next: Self);
}

/// What the rules need besides the rows.
#[derive(Clone, Copy)]
pub struct Context<'a> {
    pub procedure: &'a Procedure,
    pub today: NaiveDate,
    /// The case files' ids: a row with one of those is that case.
    pub case_files: &'a SeenIds,
    /// Where the leak guard notes the rows' personal values, if it will scan.
    pub sightings: Option<&'a crate::guard::Sightings>,
    /// The cells of a workbook register's rows, to point findings at.
    pub cells: Option<RowCells<'a>>,
}

/// Checks the rows of `register` into `totals` as one reader going row by
/// row would, and keeps `register` in `ids` (a later register may repeat its
/// ids). `new` makes the empty totals of one chunk. Returns the reader's
/// notices, each prefixed with the file.
pub fn check_register<T: Totals>(
    register: RegisterFile,
    context: &Context,
    ids: &mut RegisterIds,
    totals: &mut T,
    new: &(dyn Fn() -> T + Sync),
) -> Result<Vec<String>, IoProblem> {
    for finding in register.header_findings() {
        totals.finding(finding.clone());
    }
    let context = &Context {
        cells: register.row_cells(),
        ..*context
    };
    let file = u32::try_from(ids.files.len()).unwrap_or(u32::MAX);
    let work = |chunk: &Chunk| {
        // Room for the rows of a chunk of rows of 200 bytes (most take 100
        // to 300), made at once rather than grown.
        let rows = chunk.bytes.len() / 200;
        let mut done = ChunkDone {
            place: ChunkPlace {
                file,
                offset: chunk.offset,
                len: chunk.bytes.len(),
                first_line: chunk.first_line,
            },
            rows: Vec::with_capacity(rows),
            totals: new(),
        };
        let mut scratch = Scratch {
            notes: match context.sightings {
                Some(_) => Notes::for_rows(rows),
                None => Notes::default(),
            },
            found: Vec::new(),
        };
        let read = register.rows(chunk, &mut |row| {
            judge(row, context, &mut done.totals, &mut scratch, &mut |id| {
                done.rows.push(id)
            });
        });
        if let Some(sightings) = context.sightings {
            sightings.record(&mut scratch.notes);
        }
        if let Some(tail) = &read.tail {
            done.place.len = (tail.offset - chunk.offset) as usize;
        }
        (done, read)
    };
    let converted = {
        let mut merge = Merge {
            ids: &mut *ids,
            register: &register,
            context,
            totals,
            new,
        };
        register.each_chunk_parallel(&work, &mut |done, chunk| merge.chunk(done, chunk))?
    };
    let notices = register
        .notices(converted)
        .into_iter()
        .map(|n| format!("{}: {n}", register.file()))
        .collect();
    ids.files.push(register);
    Ok(notices)
}

/// A chunk's rows judged on their own: everything but whether an earlier
/// row had their id.
struct ChunkDone<T> {
    place: ChunkPlace,
    /// The rows that are cases of their own, in order.
    rows: Vec<RowId>,
    /// As if every one of `rows` were the first with its id.
    totals: T,
}

/// A row's id, as a hash. Its values are hashed only when another row has
/// the same id ([`chunk_values`]).
#[derive(Debug, Clone, Copy)]
struct RowId {
    id_hash: u64,
    line: u32,
}

/// Judges one row into `totals`, as if it is the first with its id, or
/// else (`fate`) as the later row with the id of `first`. A case of its own
/// is announced to `id`.
fn judge<T: Totals>(
    row: RowRef,
    context: &Context,
    totals: &mut T,
    scratch: &mut Scratch,
    id: &mut dyn FnMut(RowId),
) {
    judge_as(row, context, totals, scratch, id, None);
}

/// What judging a chunk's rows reuses from row to row.
#[derive(Default)]
struct Scratch {
    /// The guard's notes of the rows' personal values.
    notes: Notes,
    /// The findings of the row being judged.
    found: Vec<Finding>,
}

fn judge_as<T: Totals>(
    row: RowRef,
    context: &Context,
    totals: &mut T,
    scratch: &mut Scratch,
    id: &mut dyn FnMut(RowId),
    fate: Option<&mut dyn FnMut() -> Option<Earlier>>,
) {
    let Scratch { notes, found } = scratch;
    let case = match row {
        RowRef::Invalid(findings) => {
            findings
                .into_iter()
                .for_each(|f| totals.finding(located(context, f)));
            return;
        }
        RowRef::Case(case) => case,
    };
    if let Some(sightings) = context.sightings {
        sightings.note(case, notes);
    }
    let place = || Place::new(&case.file, Some(case.id.line));
    if let Some((first, first_values)) = context.case_files.get(&case.id.value) {
        if let Some(field) = conflict(first_values, &comparable(case)) {
            let finding = duplicate(&case.id.value, first, &place(), Some(field));
            totals.finding(located(context, finding));
        }
        return;
    }
    id(RowId {
        id_hash: hash_of(&case.id.value),
        line: u32::try_from(case.id.line).unwrap_or(u32::MAX),
    });
    if let Some(first) = fate.and_then(|fate| fate()) {
        if first.values != fingerprint(case) {
            let finding = duplicate(&case.id.value, &first.place, &place(), None);
            totals.finding(located(context, finding));
        }
        return;
    }
    let read = |rule: &str| totals.reads(rule);
    check_one_read(case, context.procedure, context.today, &read, found);
    let trusted = !crate::diagnostic::has_errors(found);
    found
        .drain(..)
        .for_each(|f| totals.finding(located(context, f)));
    if trusted {
        note_deadline(case, context.procedure, totals.deadlines());
    }
    totals.case(case);
}

/// A finding of a workbook row, pointed at its cell when it names none
/// (and will be read: one only counted has no place).
fn located(context: &Context, mut finding: Finding) -> Finding {
    if let Some(cells) = context.cells.filter(|_| !finding.is_counted()) {
        cells.locate(&mut finding);
    }
    finding
}

/// The earlier row with the id of a later one.
#[derive(Debug, Clone)]
struct Earlier {
    place: Place,
    values: u64,
}

/// Row `line` of `register` as a message names it: in a workbook, by its
/// sheet and the cell of its id.
fn row_place(register: &RegisterFile, line: u32) -> Place {
    match register.row_cells() {
        Some(cells) => Place::new(
            format!(
                "{} {}",
                register.file(),
                cells.sheet.cell(cells.id_field, line as usize)
            ),
            None,
        ),
        None => Place::new(register.file(), Some(line as usize)),
    }
}

/// Where a chunk's rows lie, to read them again.
#[derive(Debug, Clone, Copy)]
struct ChunkPlace {
    file: u32,
    offset: u64,
    len: usize,
    first_line: u64,
}

/// Takes the judged chunks in file order.
struct Merge<'m, 'c, T> {
    ids: &'m mut RegisterIds,
    register: &'m RegisterFile,
    context: &'m Context<'c>,
    totals: &'m mut T,
    new: &'m (dyn Fn() -> T + Sync),
}

impl<T: Totals> Merge<'_, '_, T> {
    fn chunk(&mut self, done: ChunkDone<T>, chunk: &Chunk) {
        // Which rows are not the first with their id.
        let mut fates: Vec<Option<Earlier>> = Vec::new();
        // The rows of this chunk first with their id, by index in `done.rows`.
        let mut current: Vec<(u64, usize)> = Vec::with_capacity(done.rows.len());
        // The values of this chunk's rows, hashed once a row repeats an id.
        let mut values: Option<Vec<u64>> = None;
        for (index, row) in done.rows.iter().enumerate() {
            if let Some(ahead) = done.rows.get(index + 8) {
                self.ids.filter.prefetch(ahead.id_hash);
            }
            if self.ids.filter.insert(row.id_hash) {
                if !fates.is_empty() {
                    fates.push(None);
                }
                current.push((row.id_hash, index));
                continue;
            }
            let here = current
                .iter()
                .find(|(id_hash, _)| *id_hash == row.id_hash)
                .map(|&(_, first)| first);
            let earlier = match here {
                Some(first) => {
                    let values = values
                        .get_or_insert_with(|| chunk_values(self.register, chunk, self.context));
                    Some(Earlier {
                        place: row_place(self.register, done.rows[first].line),
                        values: values[first],
                    })
                }
                None => self
                    .ids
                    .earlier(row.id_hash, self.register, self.context)
                    .map(|first| Earlier {
                        place: row_place(self.ids.register(first.file, self.register), first.line),
                        values: first.values,
                    }),
            };
            match earlier {
                Some(earlier) => {
                    if fates.is_empty() {
                        fates.resize(index, None);
                    }
                    fates.push(Some(earlier));
                }
                None => {
                    // The filter took a new id for a seen one.
                    if !fates.is_empty() {
                        fates.push(None);
                    }
                    current.push((row.id_hash, index));
                }
            }
        }
        if fates.is_empty() {
            self.totals.merge(done.totals);
        } else {
            // A row repeats an id: judge the chunk again, in order, knowing
            // which rows do.
            let mut totals = (self.new)();
            let mut fates = fates.into_iter();
            // The rows' values are in the guard's filter already.
            let (mut scratch, context) = (
                Scratch::default(),
                Context {
                    sightings: None,
                    ..*self.context
                },
            );
            self.register.rows(chunk, &mut |row| {
                let mut fate = || fates.next().flatten();
                judge_as(
                    row,
                    &context,
                    &mut totals,
                    &mut scratch,
                    &mut |_| {},
                    Some(&mut fate),
                );
            });
            self.totals.merge(totals);
        }
        let hashes: Vec<u32> = current.iter().map(|(id_hash, _)| short(*id_hash)).collect();
        self.ids.chunks.push((done.place, sorted_hashes(hashes)));
    }
}

/// The ids of the register rows read so far, over every register file.
///
/// A filter of fixed size answers "certainly new" for nearly every id;
/// per chunk of rows a sorted list of the upper four bytes of each first
/// id's hash finds, for the rest, the chunk to read again for the exact
/// earlier row. Memory: 8 MiB plus four bytes per row.
pub struct RegisterIds {
    files: Vec<RegisterFile>,
    filter: Filter,
    chunks: Vec<(ChunkPlace, Vec<u32>)>,
    /// The first rows of the chunk read again last.
    reread: Option<(usize, Vec<FirstRow>)>,
}

impl RegisterIds {
    /// For registers of `bytes` bytes in all: the filter takes an eighth of
    /// that, from 64 KiB up to 8 MiB (reached at 64 MB of registers).
    pub fn for_registers(bytes: u64) -> RegisterIds {
        RegisterIds {
            files: Vec::new(),
            filter: Filter::with_bytes(bytes / 8),
            chunks: Vec::new(),
            reread: None,
        }
    }
}

/// Where an id was first seen, and the fingerprint of that row's values.
#[derive(Debug, Clone, Copy)]
struct FirstRow {
    id_hash: u64,
    file: u32,
    line: u32,
    values: u64,
}

impl RegisterIds {
    fn register<'a>(&'a self, file: u32, current: &'a RegisterFile) -> &'a RegisterFile {
        self.files.get(file as usize).unwrap_or(current)
    }

    /// The earlier row with id hash `id_hash` in a finished chunk.
    fn earlier(
        &mut self,
        id_hash: u64,
        current: &RegisterFile,
        context: &Context,
    ) -> Option<FirstRow> {
        let key = short(id_hash);
        for index in 0..self.chunks.len() {
            if self.chunks[index].1.binary_search(&key).is_err() {
                continue;
            }
            if self.reread.as_ref().is_none_or(|(i, _)| *i != index) {
                let place = self.chunks[index].0;
                let register = self.files.get(place.file as usize).unwrap_or(current);
                let rows = first_rows(register, place, context);
                self.reread = Some((index, rows));
            }
            let found = self
                .reread
                .as_ref()
                .and_then(|(_, rows)| rows.iter().find(|row| row.id_hash == id_hash).copied());
            if found.is_some() {
                return found;
            }
        }
        None
    }
}

/// The rows of a finished chunk that were first with their id, read again
/// from the file. Only those rows went into the chunk's list, and every
/// later row with one of their ids was judged against them, so the first
/// row with a hash here is the one.
fn first_rows(register: &RegisterFile, place: ChunkPlace, context: &Context) -> Vec<FirstRow> {
    let Ok(bytes) = read_range(register, place) else {
        return Vec::new();
    };
    let chunk = Chunk {
        bytes,
        first_line: place.first_line,
        offset: place.offset,
        last: true,
    };
    let mut rows: Vec<FirstRow> = Vec::new();
    register.rows(&chunk, &mut |row| {
        let RowRef::Case(case) = row else {
            return;
        };
        if context.case_files.contains_key(&case.id.value) {
            return;
        }
        let id_hash = hash_of(&case.id.value);
        if rows.iter().any(|row| row.id_hash == id_hash) {
            return;
        }
        rows.push(FirstRow {
            id_hash,
            file: place.file,
            line: u32::try_from(case.id.line).unwrap_or(u32::MAX),
            values: fingerprint(case),
        });
    });
    rows
}

/// The values of every row of `chunk` that is a case of its own (as
/// `judge_as` announces them), hashed.
fn chunk_values(register: &RegisterFile, chunk: &Chunk, context: &Context) -> Vec<u64> {
    let mut values = Vec::new();
    register.rows(chunk, &mut |row| {
        if let RowRef::Case(case) = row
            && !context.case_files.contains_key(&case.id.value)
        {
            values.push(fingerprint(case));
        }
    });
    values
}

fn read_range(register: &RegisterFile, place: ChunkPlace) -> std::io::Result<Vec<u8>> {
    use std::io::{Read, Seek, SeekFrom};
    let mut handle = register.handle()?;
    handle.seek(SeekFrom::Start(place.offset))?;
    let mut bytes = vec![0; place.len];
    handle.read_exact(&mut bytes)?;
    Ok(bytes)
}

/// `hashes` in order. They are evenly spread, and a chunk has a few
/// thousand: sorting them a byte at a time (four counting passes) takes a
/// tenth of the work of comparing them, on the thread that reads ahead.
fn sorted_hashes(mut hashes: Vec<u32>) -> Vec<u32> {
    if hashes.len() < 256 {
        hashes.sort_unstable();
        return hashes;
    }
    let mut other = vec![0; hashes.len()];
    for shift in [0, 8, 16, 24] {
        let byte = |hash: u32| ((hash >> shift) & 0xFF) as usize;
        let mut starts = [0usize; 256];
        for &hash in &hashes {
            starts[byte(hash)] += 1;
        }
        let mut at = 0;
        for start in &mut starts {
            (*start, at) = (at, at + *start);
        }
        for &hash in &hashes {
            let start = &mut starts[byte(hash)];
            other[*start] = hash;
            *start += 1;
        }
        std::mem::swap(&mut hashes, &mut other);
    }
    hashes
}

/// The upper four bytes of a hash, as the chunk lists keep it.
fn short(hash: u64) -> u32 {
    (hash >> 32) as u32
}

/// A fixed-size filter of id hashes: four bits in one 64-bit word per id,
/// so a lookup touches one cache line. It never forgets an id; it may
/// take a new id for a seen one (about once in ten thousand at a million
/// rows), which the exact look-up then corrects.
struct Filter {
    words: Box<[u64]>,
}

impl Filter {
    /// The smallest and largest filter, in 64-bit words (64 KiB, 8 MiB).
    const MIN_WORDS: usize = 1 << 13;
    const MAX_WORDS: usize = 1 << 20;

    fn with_bytes(bytes: u64) -> Filter {
        let words = usize::try_from(bytes / 8)
            .unwrap_or(usize::MAX)
            .next_power_of_two()
            .clamp(Self::MIN_WORDS, Self::MAX_WORDS);
        Filter {
            words: crate::memory::written(words, || 0),
        }
    }

    fn index(&self, hash: u64) -> usize {
        (hash as usize) & (self.words.len() - 1)
    }

    /// Asks for the word of `hash` ahead of [`insert`](Self::insert).
    fn prefetch(&self, hash: u64) {
        crate::guard::prefetch(&self.words[self.index(hash)]);
    }

    /// Adds `hash`; whether it was certainly not in the filter yet.
    fn insert(&mut self, hash: u64) -> bool {
        let index = self.index(hash);
        let bits = (1u64 << ((hash >> 20) & 63))
            | (1u64 << ((hash >> 26) & 63))
            | (1u64 << ((hash >> 32) & 63))
            | (1u64 << ((hash >> 38) & 63));
        let word = &mut self.words[index];
        let new = *word & bits != bits;
        *word |= bits;
        new
    }
}

fn hash_of<T: Hash + ?Sized>(value: &T) -> u64 {
    BuildHasherDefault::<FastHasher>::default().hash_one(value)
}

/// A hash of what `comparable` would list, without building it.
fn fingerprint(case: &Case) -> u64 {
    let mut h = FastHasher::default();
    let text = |v: &Option<crate::model::At<String>>, h: &mut FastHasher| {
        v.as_ref().map(|a| a.value.as_str()).hash(h)
    };
    case.ingediend.value.hash(&mut h);
    case.bij.value.hash(&mut h);
    case.gebeurtenis.as_ref().map(|g| g.value).hash(&mut h);
    for field in [
        &case.wijze,
        &case.indiener.rol,
        &case.indiener.naam,
        &case.opdrachtgever,
        &case.traject_soort,
        &case.werkplek,
        &case.betreft_soort,
        &case.onderwerp,
        &case.behandelaar_naam,
    ] {
        text(field, &mut h);
    }
    case.behandelaar_betrokken
        .as_ref()
        .map(|b| b.value)
        .hash(&mut h);
    for step in &case.steps {
        step.kind.name().hash(&mut h);
        step.date.hash(&mut h);
        if let StepKind::Uitslag {
            oordeel,
            maatregelen,
            ..
        } = &step.kind
        {
            oordeel.hash(&mut h);
            if let Some(measures) = maatregelen {
                measures.len().hash(&mut h);
                for measure in measures {
                    measure.soort.hash(&mut h);
                }
            } else {
                h.write_u8(0xfe);
            }
        }
    }
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_filter_never_forgets_and_rarely_errs() {
        let mut filter = Filter::with_bytes(8 << 20);
        let hashes: Vec<u64> = (0..200_000u64)
            .map(|i| hash_of(&format!("K-{i}")))
            .collect();
        let wrongly_seen = hashes.iter().filter(|&&h| !filter.insert(h)).count();
        assert!(
            wrongly_seen < 20,
            "{wrongly_seen} new ids taken for seen ones"
        );
        assert!(
            hashes.iter().all(|&h| !filter.insert(h)),
            "a seen id is always seen"
        );
    }

    #[test]
    fn sorted_hashes_are_sorted_as_a_comparison_sort_sorts_them() {
        for len in [0, 1, 255, 256, 257, 2_000, 5_001] {
            let hashes: Vec<u32> = (0..len)
                .map(|i| short(hash_of(&format!("R-{i}"))))
                // Repeats, and values that differ in one byte only.
                .chain([7, 7, 0x0100_0007, u32::MAX, 0])
                .collect();
            let mut expected = hashes.clone();
            expected.sort_unstable();
            assert_eq!(sorted_hashes(hashes), expected, "{len} hashes");
        }
    }
}
