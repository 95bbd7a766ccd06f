//! Checking a register: every row as a case, read chunk by chunk on every
//! core, with the results taken in file order so that the outcome is the
//! one of a single reader going row by row.
//!
//! A row whose id an earlier row had is the same case (counted once) unless
//! their values differ (`duplicate-id`). Which ids were seen is kept in a
//! fixed-size filter plus four bytes per row ([`RegisterIds`]), so memory
//! hardly grows with the register: an id the filter has not seen is new
//! (nearly every row); otherwise the earlier row is looked up exactly.

use super::{Deadline, Report, SeenIds, check_one, comparable, conflict, duplicate};
use crate::diagnostic::{Finding, Place};
use crate::load::IoProblem;
use crate::load::register::chunk::Chunk;
use crate::load::register::{RegisterFile, Row};
use crate::model::{Case, StepKind};
use crate::procedure::Procedure;
use chrono::NaiveDate;
use std::hash::{BuildHasher, BuildHasherDefault, Hash, Hasher};

/// Where a streamed register's findings, deadlines and counts go.
pub struct Sinks<'a, C> {
    pub findings: &'a mut (dyn FnMut(Finding) + Send),
    pub deadlines: &'a mut (dyn FnMut(Deadline) + Send),
    /// Takes what `count` made of each case that counts.
    pub counted: &'a mut (dyn FnMut(C) + Send),
}

/// What the rules need besides the rows.
pub struct Context<'a, C> {
    pub procedure: &'a Procedure,
    pub today: NaiveDate,
    /// The case files' ids: a row with one of those is that case.
    pub case_files: &'a SeenIds,
    /// What a case that counts contributes to the reports; run on every
    /// core, so it only reads the case.
    pub count: &'a (dyn Fn(&Case) -> C + Sync),
}

/// Checks the rows of `register`, handing each finding, deadline and count
/// to `to` in row order, and keeps `register` in `ids` (a later register may
/// repeat its ids). Returns the reader's notices, each prefixed with the file.
pub fn check_register<C: Send>(
    register: RegisterFile,
    context: &Context<C>,
    ids: &mut RegisterIds,
    to: Sinks<C>,
) -> Result<Vec<String>, IoProblem> {
    for finding in register.header_findings() {
        (to.findings)(finding.clone());
    }
    let file = u32::try_from(ids.files.len()).unwrap_or(u32::MAX);
    let work = |chunk: &Chunk| {
        let mut rows = Vec::new();
        let read = register.rows(chunk, &mut |row| rows.push(judge(row, context)));
        let len = read.tail.as_ref().map_or(chunk.bytes.len(), |tail| {
            (tail.offset - chunk.offset) as usize
        });
        let place = ChunkPlace {
            file,
            offset: chunk.offset,
            len,
            first_line: chunk.first_line,
        };
        ((place, rows), read)
    };
    let converted = {
        let mut merge = Merge {
            ids: &mut *ids,
            register: &register,
            context,
            to,
        };
        register.each_chunk_parallel(&work, &mut |(place, rows)| merge.chunk(place, rows))?
    };
    let notices = register
        .notices(converted)
        .into_iter()
        .map(|n| format!("{}: {n}", register.file()))
        .collect();
    ids.files.push(register);
    Ok(notices)
}

/// One row, judged on its own: everything but whether an earlier row had
/// its id.
enum Judged<C> {
    /// Findings only: a row that is no case, or a case file's case again.
    Findings(Vec<Finding>),
    Case(Box<CaseRow<C>>),
}

struct CaseRow<C> {
    id: String,
    line: u32,
    id_hash: u64,
    values: u64,
    findings: Vec<Finding>,
    deadline: Option<Deadline>,
    count: C,
}

fn judge<C>(row: Row, context: &Context<C>) -> Judged<C> {
    let case = match row {
        Row::Invalid(findings) => return Judged::Findings(findings),
        Row::Case(case) => case,
    };
    if let Some((first, first_values)) = context.case_files.get(&case.id.value) {
        let place = Place::new(&case.file, Some(case.id.line));
        return Judged::Findings(
            conflict(first_values, &comparable(&case))
                .map(|field| duplicate(&case.id.value, first, &place, Some(field)))
                .into_iter()
                .collect(),
        );
    }
    let mut report = Report::default();
    check_one(&case, context.procedure, context.today, &mut report);
    let count = (context.count)(&case);
    let values = fingerprint(&case);
    Judged::Case(Box::new(CaseRow {
        id_hash: hash_of(&case.id.value),
        line: u32::try_from(case.id.line).unwrap_or(u32::MAX),
        id: case.id.value,
        values,
        findings: report.findings,
        deadline: report.deadlines.into_first(),
        count,
    }))
}

/// Where a chunk's rows lie, to read them again.
#[derive(Debug, Clone, Copy)]
struct ChunkPlace {
    file: u32,
    offset: u64,
    len: usize,
    first_line: u64,
}

/// Takes the judged rows in file order.
struct Merge<'m, 's, 'c, C> {
    ids: &'m mut RegisterIds,
    register: &'m RegisterFile,
    context: &'m Context<'c, C>,
    to: Sinks<'s, C>,
}

impl<C> Merge<'_, '_, '_, C> {
    fn chunk(&mut self, place: ChunkPlace, rows: Vec<Judged<C>>) {
        let mut current: Vec<FirstRow> = Vec::new();
        for row in rows {
            let row = match row {
                Judged::Findings(findings) => {
                    findings.into_iter().for_each(&mut *self.to.findings);
                    continue;
                }
                Judged::Case(row) => row,
            };
            let first = if self.ids.filter.insert(row.id_hash) {
                None
            } else {
                current
                    .iter()
                    .find(|seen| seen.id_hash == row.id_hash)
                    .copied()
                    .or_else(|| self.ids.earlier(row.id_hash, self.register, self.context))
            };
            if let Some(first) = first {
                if first.values != row.values {
                    let file = self.ids.file_name(first.file, self.register);
                    let first = Place::new(file, Some(first.line as usize));
                    let here = Place::new(self.register.file(), Some(row.line as usize));
                    (self.to.findings)(duplicate(&row.id, &first, &here, None));
                }
                continue;
            }
            current.push(FirstRow {
                id_hash: row.id_hash,
                file: place.file,
                line: row.line,
                values: row.values,
            });
            let CaseRow {
                findings,
                deadline,
                count,
                ..
            } = *row;
            findings.into_iter().for_each(&mut *self.to.findings);
            if let Some(deadline) = deadline {
                (self.to.deadlines)(deadline);
            }
            (self.to.counted)(count);
        }
        let mut hashes: Vec<u32> = current.iter().map(|row| short(row.id_hash)).collect();
        hashes.sort_unstable();
        self.ids.chunks.push((place, hashes));
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

impl Default for RegisterIds {
    fn default() -> RegisterIds {
        RegisterIds {
            files: Vec::new(),
            filter: Filter::new(),
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
    fn file_name<'a>(&'a self, file: u32, current: &'a RegisterFile) -> &'a str {
        self.files
            .get(file as usize)
            .map_or(current.file(), RegisterFile::file)
    }

    /// The earlier row with id hash `id_hash` in a finished chunk.
    fn earlier<C>(
        &mut self,
        id_hash: u64,
        current: &RegisterFile,
        context: &Context<C>,
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
fn first_rows<C>(
    register: &RegisterFile,
    place: ChunkPlace,
    context: &Context<C>,
) -> Vec<FirstRow> {
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
        let Row::Case(case) = row else {
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
            values: fingerprint(&case),
        });
    });
    rows
}

fn read_range(register: &RegisterFile, place: ChunkPlace) -> std::io::Result<Vec<u8>> {
    use std::io::{Read, Seek, SeekFrom};
    let mut handle = std::fs::File::open(register.path())?;
    handle.seek(SeekFrom::Start(place.offset))?;
    let mut bytes = vec![0; place.len];
    handle.read_exact(&mut bytes)?;
    Ok(bytes)
}

/// The upper four bytes of a hash, as the chunk lists keep it.
fn short(hash: u64) -> u32 {
    (hash >> 32) as u32
}

/// A fixed-size filter of id hashes: two bits in one 64-bit word per id,
/// so a lookup touches one cache line. It never forgets an id; it may
/// take a new id for a seen one (about once in a thousand at a million
/// rows), which the exact look-up then corrects.
struct Filter {
    words: Vec<u64>,
}

impl Filter {
    /// 2^20 words: 8 MiB.
    const WORDS_LOG2: u32 = 20;

    fn new() -> Filter {
        Filter {
            words: vec![0; 1 << Self::WORDS_LOG2],
        }
    }

    /// Adds `hash`; whether it was certainly not in the filter yet.
    fn insert(&mut self, hash: u64) -> bool {
        let index = (hash & ((1 << Self::WORDS_LOG2) - 1)) as usize;
        let bits = (1u64 << ((hash >> 20) & 63)) | (1u64 << ((hash >> 26) & 63));
        let word = &mut self.words[index];
        let new = *word & bits != bits;
        *word |= bits;
        new
    }
}

/// A fast, stable hash, eight bytes at a step (the multiply-rotate of
/// rustc's FxHasher) with a final mix so that every bit of the result
/// counts; ids and row fingerprints need no resistance against attacks.
#[derive(Default)]
pub(super) struct RowHasher(u64);

impl RowHasher {
    const K: u64 = 0x517c_c1b7_2722_0a95;

    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(Self::K);
    }
}

impl Hasher for RowHasher {
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
            self.add(u64::from_le_bytes(word.try_into().unwrap_or_default()));
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(last));
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

fn hash_of<T: Hash + ?Sized>(value: &T) -> u64 {
    BuildHasherDefault::<RowHasher>::default().hash_one(value)
}

/// A hash of what `comparable` would list, without building it.
fn fingerprint(case: &Case) -> u64 {
    let mut h = RowHasher::default();
    let text = |v: &Option<crate::model::At<String>>, h: &mut RowHasher| {
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
        let mut filter = Filter::new();
        let hashes: Vec<u64> = (0..200_000u64)
            .map(|i| hash_of(&format!("K-{i}")))
            .collect();
        let wrongly_seen = hashes.iter().filter(|&&h| !filter.insert(h)).count();
        assert!(
            wrongly_seen < 200,
            "{wrongly_seen} new ids taken for seen ones"
        );
        assert!(
            hashes.iter().all(|&h| !filter.insert(h)),
            "a seen id is always seen"
        );
    }
}
