//! The header of a register: which known column (SPEC §3.2) or declared
//! step each field of a row holds, whatever the register's source.

use super::chunk::Fields;
use crate::diagnostic::did_you_mean;

/// The columns of SPEC §3.2, in that order (the order of [`COLUMN_NAMES`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Column {
    Id,
    Ingediend,
    Gebeurtenis,
    Wijze,
    Bij,
    Rol,
    Naam,
    Opdrachtgever,
    Traject,
    Werkplek,
    Betreft,
    Onderwerp,
    Behandelaar,
    Betrokken,
    ReactieGevraagd,
    ReactieOntvangen,
    Bevestiging,
    Uitslag,
    Oordeel,
    Maatregelen,
    Ingetrokken,
    Klachtenfunctionaris,
    KcmdIngediend,
    KcmdUitspraak,
    MaatregelenGemeld,
    Ontvangstbevestiging,
    Verdaagd,
}

pub(super) const COLUMN_COUNT: usize = 27;

pub(super) const COLUMNS: [Column; COLUMN_COUNT] = [
    Column::Id,
    Column::Ingediend,
    Column::Gebeurtenis,
    Column::Wijze,
    Column::Bij,
    Column::Rol,
    Column::Naam,
    Column::Opdrachtgever,
    Column::Traject,
    Column::Werkplek,
    Column::Betreft,
    Column::Onderwerp,
    Column::Behandelaar,
    Column::Betrokken,
    Column::ReactieGevraagd,
    Column::ReactieOntvangen,
    Column::Bevestiging,
    Column::Uitslag,
    Column::Oordeel,
    Column::Maatregelen,
    Column::Ingetrokken,
    Column::Klachtenfunctionaris,
    Column::KcmdIngediend,
    Column::KcmdUitspraak,
    Column::MaatregelenGemeld,
    Column::Ontvangstbevestiging,
    Column::Verdaagd,
];

pub(super) const COLUMN_NAMES: [&str; COLUMN_COUNT] = [
    "id",
    "ingediend",
    "gebeurtenis",
    "wijze",
    "bij",
    "rol",
    "naam",
    "opdrachtgever",
    "traject",
    "werkplek",
    "betreft",
    "onderwerp",
    "behandelaar",
    "betrokken",
    "reactie_gevraagd",
    "reactie_ontvangen",
    "bevestiging",
    "uitslag",
    "oordeel",
    "maatregelen",
    "ingetrokken",
    "klachtenfunctionaris",
    "kcmd_ingediend",
    "kcmd_uitspraak",
    "maatregelen_gemeld",
    "ontvangstbevestiging",
    "verdaagd",
];

/// Columns without which the register cannot be used (SPEC §3.2).
pub(super) const REQUIRED: [Column; 3] = [Column::Id, Column::Ingediend, Column::Opdrachtgever];

/// The date columns that each stand for a step of `verloop`; steps on the same
/// day keep this order.
pub(super) const STEP_COLUMNS: [Column; 11] = [
    Column::Ontvangstbevestiging,
    Column::ReactieGevraagd,
    Column::ReactieOntvangen,
    Column::Bevestiging,
    Column::Verdaagd,
    Column::Uitslag,
    Column::Ingetrokken,
    Column::Klachtenfunctionaris,
    Column::KcmdIngediend,
    Column::KcmdUitspraak,
    Column::MaatregelenGemeld,
];

impl Column {
    /// The column a header names, compared as [`header_key`] compares.
    pub(super) fn from_header(key: &str) -> Option<Column> {
        COLUMNS
            .iter()
            .copied()
            .find(|column| header_key(column.name()) == key)
    }

    /// Whether the column holds dates.
    pub(super) fn is_date(self) -> bool {
        matches!(self, Column::Ingediend | Column::Gebeurtenis) || STEP_COLUMNS.contains(&self)
    }

    pub(super) fn name(self) -> &'static str {
        COLUMN_NAMES[self as usize]
    }
}

/// Which field of a row holds which column, from the header.
#[derive(Debug, Default)]
pub(super) struct Layout {
    /// The field index of each known column, by `Column as usize`.
    pub(super) index: [Option<usize>; COLUMN_COUNT],
    /// The known column in each field, by field index.
    pub(super) column_of: Vec<Option<Slot>>,
    /// The date columns of steps the regulation declares, by name.
    pub(super) declared: Vec<String>,
    /// The field index of each of `declared`.
    pub(super) declared_at: Vec<usize>,
    /// Each known column with its field index, in field order.
    known: Vec<(Column, usize)>,
    /// The number of header cells.
    pub(super) width: usize,
    /// Header names of the columns that are not used.
    pub(super) ignored: Vec<String>,
    /// How many ignored columns have no name.
    pub(super) unnamed: usize,
}

/// What a field of a row holds: a column of SPEC §3.2 or a declared step.
#[derive(Debug, Clone, Copy)]
pub(super) enum Slot {
    Known(Column),
    Declared(usize),
}

/// A header name as compared: lower case, without spaces and underscores.
pub(super) fn header_key(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace() && *c != '_')
        .flat_map(char::to_lowercase)
        .collect()
}

impl Layout {
    /// Each known column with the field (0-based) that holds it.
    pub(super) fn known(&self) -> impl Iterator<Item = (Column, usize)> + '_ {
        self.known.iter().copied()
    }

    /// The field (0-based) that holds `slot`.
    pub(super) fn field_of(&self, slot: Slot) -> Option<usize> {
        match slot {
            Slot::Known(column) => self.index[column as usize],
            Slot::Declared(index) => self
                .column_of
                .iter()
                .position(|s| matches!(s, Some(Slot::Declared(i)) if *i == index)),
        }
    }

    /// Maps a header; returns the problems that make the register unusable.
    pub(super) fn from_header(
        names: &[String],
        steps: &[String],
        per_opdrachtgever: bool,
    ) -> (Layout, Vec<String>) {
        let keys: Vec<String> = COLUMN_NAMES.iter().map(|n| header_key(n)).collect();
        let step_keys: Vec<String> = steps.iter().map(|n| header_key(n)).collect();
        let mut layout = Layout {
            width: names.len(),
            ..Layout::default()
        };
        let mut problems = Vec::new();
        let mut declared_at: Vec<(usize, usize)> = Vec::new();
        for (position, name) in names.iter().enumerate() {
            let key = header_key(name);
            match keys.iter().position(|k| *k == key) {
                Some(column) => match layout.index[column] {
                    Some(first) => problems.push(format!(
                        "kolom `{}` komt twee keer voor in de kopregel (kolom {} en kolom {}); verwijder of hernoem er een",
                        COLUMN_NAMES[column],
                        first + 1,
                        position + 1
                    )),
                    None => layout.index[column] = Some(position),
                },
                None if name.is_empty() => layout.unnamed += 1,
                None => match step_keys.iter().position(|k| *k == key) {
                    Some(step) if !declared_at.iter().any(|(s, _)| *s == step) => {
                        declared_at.push((step, position));
                    }
                    Some(_) => problems.push(format!(
                        "kolom `{}` komt twee keer voor in de kopregel; verwijder of hernoem er een",
                        steps[step_keys.iter().position(|k| *k == key).unwrap_or(0)]
                    )),
                    None => layout.ignored.push(name.clone()),
                },
            }
        }
        layout.column_of = vec![None; layout.width];
        for (column, index) in layout.index.iter().enumerate() {
            if let Some(position) = index {
                layout.column_of[*position] = Some(Slot::Known(COLUMNS[column]));
            }
        }
        layout.known = layout
            .column_of
            .iter()
            .enumerate()
            .filter_map(|(position, slot)| match slot {
                Some(Slot::Known(column)) => Some((*column, position)),
                _ => None,
            })
            .collect();
        for (step, position) in declared_at {
            layout.column_of[position] = Some(Slot::Declared(layout.declared.len()));
            layout.declared.push(steps[step].clone());
            layout.declared_at.push(position);
        }
        let none_known = layout.index.iter().all(Option::is_none);
        for column in REQUIRED {
            if layout.index[column as usize].is_some()
                || (column == Column::Opdrachtgever && !per_opdrachtgever)
            {
                continue;
            }
            let mut message = format!(
                "verplichte kolom `{}` ontbreekt in de kopregel",
                column.name()
            );
            let ignored_keys: Vec<String> = layout.ignored.iter().map(|n| header_key(n)).collect();
            let ignored_refs: Vec<&str> = ignored_keys.iter().map(String::as_str).collect();
            if let Some(close) = did_you_mean(&keys[column as usize], &ignored_refs)
                && let Some(i) = ignored_keys.iter().position(|k| k == close)
            {
                message.push_str(&format!(
                    " — is kolom `{}` bedoeld? Noem die `{}`",
                    layout.ignored[i],
                    column.name()
                ));
            } else if none_known {
                message.push_str(
                    " — de eerste regel moet de kolomnamen bevatten, zoals id, ingediend, opdrachtgever",
                );
            }
            problems.push(message);
        }
        (layout, problems)
    }

    /// The problem of a row whose cells do not line up with the header: more
    /// filled cells than header columns, or fewer cells than the header has
    /// (typically a cell with an unquoted line break, which splits the row).
    pub(super) fn ragged(&self, record: &Fields) -> Option<String> {
        if record.cell_count() < self.width {
            return Some(format!(
                "de regel heeft {} {}, de kopregel {}: is de regel afgebroken, bijvoorbeeld door een regeleinde in een cel zonder aanhalingstekens? Er is niets uit deze regel gebruikt",
                record.cell_count(),
                if record.cell_count() == 1 {
                    "cel"
                } else {
                    "cellen"
                },
                self.width
            ));
        }
        if record.cell_count() == self.width
            || record
                .iter()
                .skip(self.width)
                .all(|cell| cell.trim_ascii().is_empty())
        {
            return None;
        }
        Some(format!(
            "de regel heeft {} cellen, de kopregel maar {}: staat er een scheidingsteken te veel, of mist er een kolomnaam?",
            record.cell_count(),
            self.width
        ))
    }

    /// "kolommen genegeerd (onbekend): `Opmerking`, `ingedient` (bedoelde u
    /// `ingediend`?), 1 kolom zonder naam".
    pub(super) fn ignored_notice(&self) -> Option<String> {
        let count = self.ignored.len() + self.unnamed;
        if count == 0 {
            return None;
        }
        let keys: Vec<String> = COLUMN_NAMES.iter().map(|n| header_key(n)).collect();
        let key_refs: Vec<&str> = keys.iter().map(String::as_str).collect();
        let mut parts: Vec<String> = self
            .ignored
            .iter()
            .map(|name| {
                let hint = did_you_mean(&header_key(name), &key_refs)
                    .and_then(|k| keys.iter().position(|key| key == k))
                    .filter(|&column| self.index[column].is_none())
                    .map(|column| format!(" (bedoelde u `{}`?)", COLUMN_NAMES[column]))
                    .unwrap_or_default();
                format!("`{name}`{hint}")
            })
            .collect();
        match self.unnamed {
            0 => {}
            1 => parts.push("1 kolom zonder naam".to_string()),
            n => parts.push(format!("{n} kolommen zonder naam")),
        }
        let label = if count == 1 { "kolom" } else { "kolommen" };
        Some(format!(
            "{label} genegeerd (onbekend): {}",
            parts.join(", ")
        ))
    }
}
