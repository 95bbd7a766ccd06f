//! The rules of SPEC §4 for one case: one function per rule id, each citing
//! the article it enforces. Pure: a case, the terms and today in; findings out.

use crate::diagnostic::{Finding, Severity};
use crate::few::Few;
use crate::model::{ArticleRef, Case, Origin, SUBJECT_KINDS, Step, StepId, StepKind};
use crate::procedure::{Gravity, KnownTerm, Moment, Procedure, Term};
use crate::term::{days_between, dutch_date};
use chrono::NaiveDate;
use std::borrow::Cow;

/// Everything a rule may look at.
pub struct Ctx<'a> {
    pub case: &'a Case,
    pub procedure: &'a Procedure,
    pub today: NaiveDate,
    /// Whether a finding of this rule will be read (listed or written out),
    /// and so needs its message: a badly kept register has hundreds of
    /// thousands that are only counted.
    pub read: &'a dyn Fn(&str) -> bool,
}

/// The built-in steps the rules look for.
const ONTVANGSTBEVESTIGING: StepId = StepId::named("ontvangstbevestiging");
const REACTIE_GEVRAAGD: StepId = StepId::named("reactie_gevraagd");
const REACTIE_ONTVANGEN: StepId = StepId::named("reactie_ontvangen");
const GESPREK: StepId = StepId::named("gesprek");
const BEVESTIGING: StepId = StepId::named("bevestiging");
const VERDAAGD: StepId = StepId::named("verdaagd");
const UITSLAG: StepId = StepId::named("uitslag");
const KCMD_INGEDIEND: StepId = StepId::named("kcmd_ingediend");
const KCMD_UITSPRAAK: StepId = StepId::named("kcmd_uitspraak");
const MAATREGELEN_GEMELD: StepId = StepId::named("maatregelen_gemeld");

/// The terms with a meaning of their own the rules count.
const ONTVANKELIJKHEID: KnownTerm = KnownTerm::named("ontvankelijkheid");
const REACTIE_MEDEWERKER: KnownTerm = KnownTerm::named("reactie_medewerker");
const AFHANDELING: KnownTerm = KnownTerm::named("afhandeling");
const ONTVANGSTBEVESTIGING_TERM: KnownTerm = KnownTerm::named("ontvangstbevestiging");
const VERSLAG: KnownTerm = KnownTerm::named("verslag");
const KCMD_NA_INTERN: KnownTerm = KnownTerm::named("kcmd_na_intern");
const KCMD_RECHTSTREEKS: KnownTerm = KnownTerm::named("kcmd_rechtstreeks");
const KCMD_UITSPRAAK_TERM: KnownTerm = KnownTerm::named("kcmd_uitspraak");
const MAATREGELEN_MELDEN: KnownTerm = KnownTerm::named("maatregelen_melden");

/// What the steps of a case say that many rules ask, found in one pass.
struct Steps<'a> {
    steps: &'a [Step],
    /// Where the first step of each built-in kind is, as `Case::first`
    /// finds it. (Four bytes each: this is made for every register row.)
    first: [Option<u32>; StepKind::NAMES.len()],
    /// The step that closed the case, as `Case::closing` finds it.
    closing: Option<&'a Step>,
}

impl<'a> Steps<'a> {
    fn of(case: &'a Case) -> Steps<'a> {
        let mut first = [None; StepKind::NAMES.len()];
        let mut closing = None;
        for (i, step) in case.steps.iter().enumerate() {
            if let Some(id) = step.kind.built_in()
                && let Ok(i) = u32::try_from(i)
            {
                first[id.0].get_or_insert(i);
            }
            if closing.is_none()
                && matches!(
                    step.kind,
                    StepKind::Uitslag { .. } | StepKind::Ingetrokken { .. }
                )
            {
                closing = Some(step);
            }
        }
        Steps {
            steps: &case.steps,
            first,
            closing,
        }
    }

    /// The first step of a kind: `Case::first`.
    fn first(&self, id: StepId) -> Option<&'a Step> {
        self.first[id.0].map(|i| &self.steps[i as usize])
    }

    /// The steps of a kind: `Case::all`.
    fn all(&self, id: StepId) -> impl Iterator<Item = &'a Step> + 'a {
        // None before the first of the kind.
        let from = self.first[id.0].map_or(self.steps.len(), |i| i as usize);
        self.steps[from..]
            .iter()
            .filter(move |s| s.kind.built_in() == Some(id))
    }
}

/// A case under check: the [`Ctx`], and what many rules ask of the case
/// and the procedure, worked out once per case instead of once per rule.
pub struct Check<'a> {
    case: &'a Case,
    procedure: &'a Procedure,
    today: NaiveDate,
    read: &'a dyn Fn(&str) -> bool,
    steps: Steps<'a>,
    /// `Case::internal`.
    internal: bool,
    /// `Case::uitslag` and `Case::oordeel`.
    uitslag: Option<&'a Step>,
    oordeel: Option<&'a str>,
    /// Whether `regels:` switches any rule off; when none is, every rule
    /// runs without looking its id up.
    some_off: bool,
}

impl<'a> Check<'a> {
    fn of(ctx: &Ctx<'a>) -> Check<'a> {
        let case = ctx.case;
        let steps = Steps::of(case);
        let uitslag = steps.first(UITSLAG);
        let oordeel = match uitslag.map(|s| &s.kind) {
            Some(StepKind::Uitslag { oordeel, .. }) => oordeel.as_deref(),
            _ => None,
        };
        Check {
            case,
            procedure: ctx.procedure,
            today: ctx.today,
            read: ctx.read,
            steps,
            internal: case.internal(),
            uitslag,
            oordeel,
            some_off: ctx.procedure.rules.any_off(),
        }
    }

    /// A finding of `rule`, citing its `regels:` article or else that of
    /// the term that drives it. A finding that will be read (`read`) says
    /// where and what; one that is only counted carries just its rule and
    /// severity: a badly kept register has hundreds of thousands of those.
    fn finding(
        &self,
        rule: impl Into<Cow<'static, str>>,
        term: Option<&ArticleRef>,
        severity: Severity,
        line: usize,
        message: impl FnOnce() -> String,
    ) -> Finding {
        let rule = rule.into();
        if !(self.read)(&rule) {
            return Finding::counted(rule, severity, line);
        }
        let article = self.procedure.cites(&rule, term);
        let article = (!article.is_empty()).then_some(article);
        Finding {
            case: Some(self.case.id.value.clone()),
            rule,
            article,
            severity,
            message: message(),
            file: self.case.file.clone(),
            line: Some(line),
            cell: None,
            due: None,
            counted: false,
        }
    }

    fn open(&self) -> bool {
        self.steps.closing.is_none()
    }

    fn first(&self, id: StepId) -> Option<&'a Step> {
        self.steps.first(id)
    }

    fn all(&self, id: StepId) -> impl Iterator<Item = &'a Step> + 'a {
        self.steps.all(id)
    }

    fn runs(&self, rule: &str) -> bool {
        !self.some_off || self.procedure.runs(rule)
    }

    /// The term that drives `rule`, when the regulation declares it, the
    /// rule is not switched off and the term applies to this case (`als`).
    fn driving(&self, rule: &str, term: KnownTerm) -> Option<&'a Term> {
        let term = self.procedure.known_term(term)?;
        (self.runs(rule) && applies(term, self.case)).then_some(term)
    }

    /// The due date of `term` counted from `start`, extended once by a
    /// timely `verdaagd` step for it (SPEC §2.2, §3.1).
    fn due(&self, term: &Term, start: NaiveDate) -> Due {
        due_of(self.case, term, start)
    }
}

/// A due date and whether a `verdaagd` step extended it.
#[derive(Debug, Clone, Copy)]
struct Due {
    date: NaiveDate,
    extended: bool,
}

fn due_of(case: &Case, term: &Term, start: NaiveDate) -> Due {
    let unextended = term.after(start);
    // Only a term with a `verlenging` can be extended: look for its
    // `verdaagd` step only then.
    let timely = term.extension.is_some()
        && extensions(case, &term.name)
            .next()
            .is_some_and(|step| step.date <= unextended);
    match timely.then(|| term.extended_after(start)).flatten() {
        Some(date) => Due {
            date,
            extended: true,
        },
        None => Due {
            date: unextended,
            extended: false,
        },
    }
}

/// The `verdaagd` steps of a term, in date order.
fn extensions<'c>(case: &'c Case, term: &'c str) -> impl Iterator<Item = &'c Step> + 'c {
    case.steps
        .iter()
        .filter(move |s| matches!(&s.kind, StepKind::Verdaagd { termijn, .. } if termijn == term))
}

/// Whether a term applies to a case: always, or only with its `als` step.
fn applies(term: &Term, case: &Case) -> bool {
    term.only_with
        .as_ref()
        .is_none_or(|step| case.first(step).is_some())
}

/// ", verdaagd met 4 weken" inside the parentheses that say how a due
/// date was counted, when a `verdaagd` step extended it. Written only into
/// a message that is written: most findings of a register are only counted.
fn extended_note(due: Due, term: &Term) -> ExtendedNote<'_> {
    ExtendedNote { due, term }
}

struct ExtendedNote<'a> {
    due: Due,
    term: &'a Term,
}

impl std::fmt::Display for ExtendedNote<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match (&self.term.extension, self.due.extended) {
            (Some(extension), true) => write!(f, ", verdaagd met {}", extension.duration),
            _ => Ok(()),
        }
    }
}

fn with_due(mut finding: Finding, due: NaiveDate) -> Finding {
    finding.due = Some(due);
    finding
}

/// Every rule, in the order of the SPEC §4 table. `date-order` errors make the
/// other rules untrustworthy, so when there are any only they are returned.
pub fn check_case(ctx: &Ctx) -> Vec<Finding> {
    let mut findings = Vec::new();
    check_case_into(ctx, &mut findings);
    findings
}

/// [`check_case`], adding the findings to `out`: a register's rows are
/// checked into one list, whose room each row reuses.
pub fn check_case_into(ctx: &Ctx, out: &mut Vec<Finding>) {
    let ctx = &Check::of(ctx);
    let before = out.len();
    date_order(ctx, out);
    complainant_role(ctx, out);
    if out[before..].iter().any(|f| f.severity == Severity::Error) {
        return;
    }
    // Called one by one rather than through a list of function pointers:
    // nearly every rule returns at once, and a direct call lets that check
    // be made in place.
    receipt_term(ctx, out);
    scope(ctx, out);
    admissibility(ctx, out);
    handler_involved(ctx, out);
    response_requested(ctx, out);
    response_term(ctx, out);
    conversation_report(ctx, out);
    confirmation(ctx, out);
    outcome_reasoned(ctx, out);
    handling_term(ctx, out);
    withdrawal_confirmed(ctx, out);
    kcmd_after_internal_term(ctx, out);
    kcmd_direct_term(ctx, out);
    kcmd_ruling_term(ctx, out);
    measures_notice_term(ctx, out);
    register_complete(ctx, out);
    report_term(ctx, out);
    extension_late(ctx, out);
    declared_terms(ctx, out);
}

/// `date-order`: no date before the event or the filing where it cannot be,
/// steps in date order, and nothing after today.
pub fn date_order(ctx: &Check, out: &mut Vec<Finding>) {
    let case = ctx.case;
    let mut error = |line: usize, message: String| {
        out.push(ctx.finding("date-order", None, Severity::Error, line, || message));
    };
    let filed = case.ingediend.value;
    if let Some(event) = &case.gebeurtenis {
        if event.value > filed {
            error(
                event.line,
                format!(
                    "de gebeurtenis ({}) ligt na de indiening ({}); klopt een van beide data niet?",
                    dutch_date(event.value),
                    dutch_date(filed)
                ),
            );
        }
        if event.value > ctx.today {
            error(event.line, future("gebeurtenis", event.value, ctx.today));
        }
    }
    if filed > ctx.today {
        error(case.ingediend.line, future("ingediend", filed, ctx.today));
    }
    let mut previous: Option<&Step> = None;
    for step in &case.steps {
        let name = step.kind.name();
        if step.date < filed {
            error(
                step.line,
                format!(
                    "stap `{name}` ({}) ligt vóór de indiening ({})",
                    dutch_date(step.date),
                    dutch_date(filed)
                ),
            );
        }
        if step.date > ctx.today {
            error(
                step.line,
                future(&format!("stap `{name}`"), step.date, ctx.today),
            );
        }
        if let Some(prev) = previous
            && step.date < prev.date
        {
            error(
                step.line,
                format!(
                    "stap `{name}` ({}) staat na `{}` ({}) maar is eerder; zet het verloop op datumvolgorde",
                    dutch_date(step.date),
                    prev.kind.name(),
                    dutch_date(prev.date)
                ),
            );
        }
        previous = Some(step);
        let nested: Vec<(&str, NaiveDate)> = match &step.kind {
            StepKind::Gesprek {
                verslag_verzonden, ..
            }
            | StepKind::KcmdZitting { verslag_verzonden } => verslag_verzonden
                .map(|d| ("verslag_verzonden", d))
                .into_iter()
                .collect(),
            StepKind::Ingetrokken { bevestigd } => {
                bevestigd.map(|d| ("bevestigd", d)).into_iter().collect()
            }
            StepKind::Declared { dates, .. } => {
                dates.iter().map(|(f, d)| (f.as_str(), *d)).collect()
            }
            _ => Vec::new(),
        };
        for (field, date) in nested {
            if date < step.date {
                error(
                    step.line,
                    format!(
                        "`{field}` ({}) ligt vóór de stap `{name}` zelf ({})",
                        dutch_date(date),
                        dutch_date(step.date)
                    ),
                );
            }
            if date > ctx.today {
                error(step.line, future(&format!("`{field}`"), date, ctx.today));
            }
        }
    }
}

fn future(what: &str, date: NaiveDate, today: NaiveDate) -> String {
    format!(
        "{what} is {} — dat is na vandaag ({}); een datum in de toekomst kan nog niet gebeurd zijn",
        dutch_date(date),
        dutch_date(today)
    )
}

/// `complainant-role` (footnote ¹): a complaint comes from the client, a
/// representative or a surviving relative.
pub fn complainant_role(ctx: &Check, out: &mut Vec<Finding>) {
    let Some(rol) = &ctx.case.indiener.rol else {
        return;
    };
    let roles = &ctx.procedure.values.rollen;
    if !ctx.runs("complainant-role") || roles.contains(&rol.value) {
        return;
    }
    let allowed: Vec<&str> = roles.iter().map(String::as_str).collect();
    out.push(
        ctx.finding("complainant-role", None, Severity::Error, rol.line, || {
            crate::load::fields::unknown_value("indiener.rol", &rol.value, &allowed)
        }),
    )
}

/// `scope`: a complaint is about staff, or others acting for the organisation.
pub fn scope(ctx: &Check, out: &mut Vec<Finding>) {
    match &ctx.case.betreft_soort {
        Some(soort) if ctx.runs("scope") && !SUBJECT_KINDS.contains(&soort.value.as_str()) => out.push(ctx.finding(
            "scope",
            None,
            Severity::Warning,
            soort.line,
            || format!(
                "de klacht gaat over \"{}\"; het reglement geldt voor klachten over een medewerker of iemand die namens de organisatie optreedt (`betreft.soort`: medewerker of namens_organisatie)",
                soort.value
            ),
        )),
        _ => {}
    }
}

/// `admissibility`: only what happened less than the term ago is
/// handled; filed on or after event + term yet handled is a violation.
pub fn admissibility(ctx: &Check, out: &mut Vec<Finding>) {
    let case = ctx.case;
    let (Some(event), true) = (&case.gebeurtenis, ctx.internal) else {
        return;
    };
    let Some(term) = ctx.driving("admissibility", ONTVANKELIJKHEID) else {
        return;
    };
    let limit = term.after(event.value);
    let late = if term.inclusive {
        case.ingediend.value > limit
    } else {
        case.ingediend.value >= limit
    };
    if !late {
        return;
    }
    let handled = case.steps.iter().find(|s| match &s.kind {
        StepKind::ReactieGevraagd | StepKind::Gesprek { .. } | StepKind::Bevestiging { .. } => true,
        StepKind::Uitslag { oordeel, .. } => oordeel.as_deref() != Some("niet_ontvankelijk"),
        _ => false,
    });
    let Some(step) = handled else {
        return;
    };
    out.push(ctx.finding(
        "admissibility",
        Some(&term.article),
        Severity::Violation,
        step.line,
        || format!(
            "de klacht is ingediend op {}, niet binnen {} na de gebeurtenis ({}), en is toch in behandeling genomen (stap `{}` op {}); zij had niet-ontvankelijk verklaard moeten worden",
            dutch_date(case.ingediend.value),
            term.duration,
            dutch_date(event.value),
            step.kind.name(),
            dutch_date(step.date)
        ),
    ))
}

/// `handler-involved`: a behandelaar involved in the event hands the complaint over.
pub fn handler_involved(ctx: &Check, out: &mut Vec<Finding>) {
    match &ctx.case.behandelaar_betrokken {
        Some(b) if b.value && ctx.internal && ctx.runs("handler-involved") => out.push(ctx.finding(
            "handler-involved",
            None,
            Severity::Violation,
            b.line,
            || "de behandelaar was zelf bij de gebeurtenis betrokken; een collega had de klacht moeten overnemen".to_string(),
        )),
        _ => {}
    }
}

fn judged_on_merits(oordeel: Option<&str>) -> bool {
    matches!(oordeel, Some("gegrond" | "deels_gegrond" | "ongegrond"))
}

/// `response-requested`: the employee gets the chance to respond
/// before a complaint is judged.
pub fn response_requested(ctx: &Check, out: &mut Vec<Finding>) {
    let Some(term) = ctx.driving("response-requested", REACTIE_MEDEWERKER) else {
        return;
    };
    let Some(uitslag) = ctx.uitslag else {
        return;
    };
    if !ctx.internal || !judged_on_merits(ctx.oordeel) {
        return;
    }
    if ctx.all(REACTIE_GEVRAAGD).any(|s| s.date <= uitslag.date) {
        return;
    }
    out.push(ctx.finding(
        "response-requested",
        Some(&term.article),
        Severity::Violation,
        uitslag.line,
        || format!(
            "de klacht is beoordeeld ({}, {}) zonder dat de medewerker om een reactie is gevraagd (geen stap `reactie_gevraagd` ervóór)",
            ctx.oordeel.unwrap_or_default(),
            dutch_date(uitslag.date)
        ),
    ))
}

/// `response-term`: the employee has the term to respond; no outcome
/// before it ends unless the response came in.
pub fn response_term(ctx: &Check, out: &mut Vec<Finding>) {
    let (Some(uitslag), Some(asked)) = (ctx.uitslag, ctx.first(REACTIE_GEVRAAGD)) else {
        return;
    };
    if !ctx.internal || asked.date > uitslag.date {
        return;
    }
    let Some(term) = ctx.driving("response-term", REACTIE_MEDEWERKER) else {
        return;
    };
    let ends = ctx.due(term, asked.date).date;
    let answered = ctx.all(REACTIE_ONTVANGEN).any(|s| s.date <= uitslag.date);
    if uitslag.date >= ends || answered {
        return;
    }
    out.push(with_due(
        ctx.finding(
            "response-term",
            Some(&term.article),
            Severity::Violation,
            uitslag.line,
            || format!(
                "uitslag op {}, vóór het einde van de reactietermijn van {} ({}, gevraagd op {}), terwijl er nog geen reactie van de medewerker was",
                dutch_date(uitslag.date),
                term.duration,
                dutch_date(ends),
                dutch_date(asked.date)
            ),
        ),
        ends,
    ))
}

fn violation_or_warning(open: bool) -> Severity {
    if open {
        Severity::Warning
    } else {
        Severity::Violation
    }
}

/// `conversation-report`: every conversation gets a report sent to all involved.
pub fn conversation_report(ctx: &Check, out: &mut Vec<Finding>) {
    if !ctx.internal || ctx.first(GESPREK).is_none() || !ctx.runs("conversation-report") {
        return;
    }
    let severity = violation_or_warning(ctx.open());
    let found = ctx.all(GESPREK).filter_map(|s| match &s.kind {
        StepKind::Gesprek {
            verslag_verzonden: None,
            ..
        } => Some(ctx.finding(
            "conversation-report",
            None,
            severity,
            s.line,
            || format!(
                "van het gesprek op {} is geen verslag verzonden (`verslag_verzonden` ontbreekt); het verslag gaat naar alle betrokkenen",
                dutch_date(s.date)
            ),
        )),
        _ => None,
    });
    out.extend(found);
}

/// `confirmation`: after a conversation a written confirmation
/// follows; a solution reached together is confirmed with its agreements.
pub fn confirmation(ctx: &Check, out: &mut Vec<Finding>) {
    let case = ctx.case;
    if !ctx.internal || !ctx.runs("confirmation") {
        return;
    }
    let severity = violation_or_warning(ctx.open());
    for gesprek in ctx.all(GESPREK) {
        if !ctx.all(BEVESTIGING).any(|b| b.date >= gesprek.date) {
            out.push(ctx.finding(
                "confirmation",
                None,
                severity,
                gesprek.line,
                || format!(
                    "na het gesprek op {} is geen schriftelijke bevestiging gestuurd (geen stap `bevestiging` op of na die datum)",
                    dutch_date(gesprek.date)
                ),
            ));
        }
    }
    if ctx.oordeel == Some("opgelost") {
        let confirmed = case.steps.iter().any(|s| match &s.kind {
            StepKind::Bevestiging { afspraken } => {
                case.origin == Origin::Register || !afspraken.is_empty()
            }
            _ => false,
        });
        if !confirmed {
            let line = ctx.uitslag.map_or(case.id.line, |s| s.line);
            out.push(ctx.finding(
                "confirmation",
                None,
                Severity::Violation,
                line,
                || "de klacht is samen opgelost, maar er is geen bevestiging met de gemaakte afspraken (een stap `bevestiging` met `afspraken`)".to_string(),
            ));
        }
    }
}

/// `outcome-reasoned`: the outcome is written and reasoned.
pub fn outcome_reasoned(ctx: &Check, out: &mut Vec<Finding>) {
    let case = ctx.case;
    let Some(step) = ctx.uitslag else {
        return;
    };
    let StepKind::Uitslag {
        oordeel,
        motivering,
        ..
    } = &step.kind
    else {
        return;
    };
    if !ctx.internal || !ctx.runs("outcome-reasoned") {
        return;
    }
    let mut missing = Vec::new();
    if oordeel.is_none() {
        missing.push("`oordeel`");
    }
    if motivering.is_none() && case.origin == Origin::CaseFile {
        missing.push("`motivering`");
    }
    if missing.is_empty() {
        return;
    }
    out.push(ctx.finding(
        "outcome-reasoned",
        None,
        Severity::Violation,
        step.line,
        || {
            format!(
                "de uitslag van {} mist {}; de uitslag moet schriftelijk en gemotiveerd zijn",
                dutch_date(step.date),
                missing.join(" en ")
            )
        },
    ))
}

/// Days before a due date from which an open case is reported as `deadline`.
pub const DEADLINE_WARNING_DAYS: i64 = 7;

/// `handling-term`: a complaint is handled within the term after filing.
pub fn handling_term(ctx: &Check, out: &mut Vec<Finding>) {
    let case = ctx.case;
    if !ctx.internal {
        return;
    }
    let Some(term) = ctx.driving("handling-term", AFHANDELING) else {
        return;
    };
    let filed = case.ingediend.value;
    let due = ctx.due(term, filed);
    let (due, note) = (due.date, extended_note(due, term));
    let article = Some(&term.article);
    let finding = match ctx.steps.closing {
        Some(closed) if closed.date > due => ctx.finding(
            "handling-term",
            article,
            Severity::Violation,
            closed.line,
            || format!(
                "afgehandeld op {} ({}), {} na de uiterste datum {} ({} na indiening op {}{note})",
                dutch_date(closed.date),
                closed.kind.name(),
                days(days_between(due, closed.date)),
                dutch_date(due),
                term.duration,
                dutch_date(filed)
            ),
        ),
        Some(_) => return,
        None if ctx.today > due => ctx.finding(
            "handling-term",
            article,
            Severity::Violation,
            case.ingediend.line,
            || format!(
                "nog niet afgehandeld, terwijl de termijn van {} op {} verliep ({}; ingediend op {}{note})",
                term.duration,
                dutch_date(due),
                days_left(ctx.today, due),
                dutch_date(filed)
            ),
        ),
        None if days_between(ctx.today, due) <= DEADLINE_WARNING_DAYS => ctx.finding(
            "handling-term",
            article,
            Severity::Deadline,
            case.ingediend.line,
            || format!(
                "moet uiterlijk {} afgehandeld zijn ({}; {} na indiening op {}{note})",
                dutch_date(due),
                days_left(ctx.today, due),
                term.duration,
                dutch_date(filed)
            ),
        ),
        None => return,
    };
    out.push(with_due(finding, due))
}

/// "1 dag", "3 dagen".
pub fn days(n: i64) -> String {
    if n == 1 {
        "1 dag".to_string()
    } else {
        format!("{n} dagen")
    }
}

/// "nog 3 dagen", "vandaag", "morgen".
pub fn days_left(today: NaiveDate, due: NaiveDate) -> String {
    match days_between(today, due) {
        0 => "vandaag".to_string(),
        1 => "morgen, nog 1 dag".to_string(),
        n if n > 1 => format!("nog {n} dagen"),
        -1 => "1 dag te laat".to_string(),
        n => format!("{} dagen te laat", -n),
    }
}

/// `withdrawal-confirmed`: a withdrawal is confirmed in writing.
pub fn withdrawal_confirmed(ctx: &Check, out: &mut Vec<Finding>) {
    if !ctx.internal || ctx.case.origin == Origin::Register || !ctx.runs("withdrawal-confirmed") {
        return;
    }
    let found = ctx.case.steps.iter().filter_map(|s| match s.kind {
        StepKind::Ingetrokken { bevestigd: None } => Some(ctx.finding(
            "withdrawal-confirmed",
            None,
            Severity::Violation,
            s.line,
            || format!(
                "de klacht is op {} ingetrokken, maar de schriftelijke bevestiging daarvan is niet vastgelegd (`bevestigd` ontbreekt)",
                dutch_date(s.date)
            ),
        )),
        _ => None,
    });
    out.extend(found);
}

/// The internal closure a commission filing follows, if any.
fn internal_closure_before<'a>(ctx: &Check<'a>, date: NaiveDate) -> Option<&'a Step> {
    ctx.steps.closing.filter(|c| c.date <= date && ctx.internal)
}

/// `kcmd-after-internal-term`: to the complaints commission within the term after
/// internal handling. The commission judges this, so it is a warning.
pub fn kcmd_after_internal_term(ctx: &Check, out: &mut Vec<Finding>) {
    let Some(filed) = ctx.first(KCMD_INGEDIEND) else {
        return;
    };
    let Some(closed) = internal_closure_before(ctx, filed.date) else {
        return;
    };
    let Some(term) = ctx.driving("kcmd-after-internal-term", KCMD_NA_INTERN) else {
        return;
    };
    let limit = ctx.due(term, closed.date).date;
    if filed.date <= limit {
        return;
    }
    out.push(with_due(
        ctx.finding(
            "kcmd-after-internal-term",
            Some(&term.article),
            Severity::Warning,
            filed.line,
            || format!(
                "bij de klachtencommissie ingediend op {}, na de termijn van {} na de interne afhandeling ({}; uiterlijk {}); de commissie kan de klacht niet-ontvankelijk verklaren",
                dutch_date(filed.date),
                term.duration,
                dutch_date(closed.date),
                dutch_date(limit)
            ),
        ),
        limit,
    ))
}

/// `kcmd-direct-term`: straight to the complaints commission within the term after the event.
pub fn kcmd_direct_term(ctx: &Check, out: &mut Vec<Finding>) {
    let case = ctx.case;
    let (Some(filed), Some(event)) = (ctx.first(KCMD_INGEDIEND), &case.gebeurtenis) else {
        return;
    };
    if internal_closure_before(ctx, filed.date).is_some() {
        return;
    }
    let Some(term) = ctx.driving("kcmd-direct-term", KCMD_RECHTSTREEKS) else {
        return;
    };
    let limit = ctx.due(term, event.value).date;
    if filed.date <= limit {
        return;
    }
    out.push(with_due(
        ctx.finding(
            "kcmd-direct-term",
            Some(&term.article),
            Severity::Warning,
            filed.line,
            || format!(
                "rechtstreeks bij de klachtencommissie ingediend op {}, na de termijn van {} na de gebeurtenis ({}; uiterlijk {})",
                dutch_date(filed.date),
                term.duration,
                dutch_date(event.value),
                dutch_date(limit)
            ),
        ),
        limit,
    ))
}

/// `kcmd-ruling-term`: the complaints commission rules within the term. Its duty, not
/// ours: a warning.
pub fn kcmd_ruling_term(ctx: &Check, out: &mut Vec<Finding>) {
    let Some(filed) = ctx.first(KCMD_INGEDIEND) else {
        return;
    };
    let Some(term) = ctx.driving("kcmd-ruling-term", KCMD_UITSPRAAK_TERM) else {
        return;
    };
    let limit = ctx.due(term, filed.date).date;
    let article = Some(&term.article);
    let finding = match ctx.first(KCMD_UITSPRAAK) {
        Some(ruling) if ruling.date > limit => ctx.finding(
            "kcmd-ruling-term",
            article,
            Severity::Warning,
            ruling.line,
            || format!(
                "de klachtencommissie deed uitspraak op {}, na de termijn van {} (uiterlijk {}; ingediend op {})",
                dutch_date(ruling.date),
                term.duration,
                dutch_date(limit),
                dutch_date(filed.date)
            ),
        ),
        None if ctx.today > limit => ctx.finding(
            "kcmd-ruling-term",
            article,
            Severity::Warning,
            filed.line,
            || format!(
                "de klachtencommissie heeft nog geen uitspraak gedaan, terwijl de termijn van {} op {} verliep (ingediend op {})",
                term.duration,
                dutch_date(limit),
                dutch_date(filed.date)
            ),
        ),
        _ => return,
    };
    out.push(with_due(finding, limit))
}

/// `measures-notice-term`: measures after a commission ruling are reported
/// to the complainant and the complaints commission within the term.
pub fn measures_notice_term(ctx: &Check, out: &mut Vec<Finding>) {
    let case = ctx.case;
    let Some(ruling) = case.steps.iter().find(
        |s| matches!(&s.kind, StepKind::KcmdUitspraak { maatregelen: Some(m) } if !m.is_empty()),
    ) else {
        return;
    };
    let Some(term) = ctx.driving("measures-notice-term", MAATREGELEN_MELDEN) else {
        return;
    };
    let due = ctx.due(term, ruling.date).date;
    let article = Some(&term.article);
    let noticed = ctx.all(MAATREGELEN_GEMELD).find(|s| s.date >= ruling.date);
    let finding = match noticed {
        Some(step) if step.date > due => ctx.finding(
            "measures-notice-term",
            article,
            Severity::Violation,
            step.line,
            || format!(
                "de maatregelen na de uitspraak van {} zijn op {} gemeld, na de termijn van {} (uiterlijk {})",
                dutch_date(ruling.date),
                dutch_date(step.date),
                term.duration,
                dutch_date(due)
            ),
        ),
        Some(_) => return,
        None if ctx.today > due => ctx.finding(
            "measures-notice-term",
            article,
            Severity::Violation,
            ruling.line,
            || format!(
                "de maatregelen na de uitspraak van {} zijn niet gemeld aan de indiener en de klachtencommissie; dat moest uiterlijk {} ({})",
                dutch_date(ruling.date),
                dutch_date(due),
                days_left(ctx.today, due)
            ),
        ),
        None if days_between(ctx.today, due) <= DEADLINE_WARNING_DAYS => ctx.finding(
            "measures-notice-term",
            article,
            Severity::Deadline,
            ruling.line,
            || format!(
                "meld de maatregelen na de uitspraak van {} uiterlijk {} schriftelijk aan de indiener en de klachtencommissie ({})",
                dutch_date(ruling.date),
                dutch_date(due),
                days_left(ctx.today, due)
            ),
        ),
        None => return,
    };
    out.push(with_due(finding, due))
}

/// `register-complete`: every complaint is registered with its
/// subject, its commissioning party and the measures taken.
pub fn register_complete(ctx: &Check, out: &mut Vec<Finding>) {
    let case = ctx.case;
    if !ctx.runs("register-complete") {
        return;
    }
    // At most three, each a fixed text: nothing is made for a finding that
    // is only counted.
    let mut missing: Few<&str, 3> = Few::new("");
    let mut line = case.id.line;
    if case.onderwerp.is_none() {
        missing.push("het onderwerp (`onderwerp`)");
    }
    if case.opdrachtgever.is_none() && ctx.procedure.per_opdrachtgever {
        missing.push("de opdrachtgever (`traject.opdrachtgever`)");
    }
    if let Some(step) = ctx.uitslag
        && let StepKind::Uitslag {
            maatregelen: None, ..
        } = &step.kind
    {
        missing.push(if case.origin == Origin::Register {
            "de maatregelen bij de uitslag (geen maatregelen? schrijf het woord `geen`)"
        } else {
            "de maatregelen bij de uitslag (geen maatregelen? schrijf `maatregelen: []`)"
        });
        if missing.len() == 1 {
            line = step.line;
        }
    }
    if missing.is_empty() {
        return;
    }
    out.push(
        ctx.finding("register-complete", None, Severity::Violation, line, || {
            format!(
                "de registratie mist {}",
                missing.iter().copied().collect::<Vec<_>>().join(", ")
            )
        }),
    )
}

/// The handling due date of a case (extended by a timely `verdaagd`), when
/// the regulation declares `afhandeling`.
pub fn handling_due(case: &Case, procedure: &Procedure) -> Option<NaiveDate> {
    let term = procedure.known_term(AFHANDELING)?;
    Some(due_of(case, term, case.ingediend.value).date)
}

/// `receipt-term`: the written acknowledgement of receipt goes out within
/// the `ontvangstbevestiging` term after filing.
pub fn receipt_term(ctx: &Check, out: &mut Vec<Finding>) {
    let case = ctx.case;
    if !ctx.internal {
        return;
    }
    let Some(term) = ctx.driving("receipt-term", ONTVANGSTBEVESTIGING_TERM) else {
        return;
    };
    let filed = case.ingediend.value;
    let due = ctx.due(term, filed);
    let (due, note) = (due.date, extended_note(due, term));
    let article = Some(&term.article);
    let finding = match ctx.first(ONTVANGSTBEVESTIGING) {
        Some(sent) if sent.date > due => ctx.finding(
            "receipt-term",
            article,
            Severity::Violation,
            sent.line,
            || format!(
                "de ontvangstbevestiging is op {} verstuurd, {} na de uiterste datum {} ({} na indiening op {}{note})",
                dutch_date(sent.date),
                days(days_between(due, sent.date)),
                dutch_date(due),
                term.duration,
                dutch_date(filed)
            ),
        ),
        Some(_) => return,
        None => match open_due(ctx, due, ctx.open()) {
            Some(severity) => ctx.finding(
                "receipt-term",
                article,
                severity,
                case.ingediend.line,
                || match severity {
                    Severity::Deadline => format!(
                        "stuur de ontvangstbevestiging uiterlijk {} ({}; {} na indiening op {}{note})",
                        dutch_date(due),
                        days_left(ctx.today, due),
                        term.duration,
                        dutch_date(filed)
                    ),
                    _ => format!(
                        "er is geen ontvangstbevestiging vastgelegd (stap `ontvangstbevestiging`), terwijl die uiterlijk {} verstuurd moest zijn ({}; ingediend op {}{note})",
                        dutch_date(due),
                        days_left(ctx.today, due),
                        dutch_date(filed)
                    ),
                },
            ),
            None => return,
        },
    };
    out.push(with_due(finding, due))
}

/// For something not done by `due`: a violation once it has passed, a
/// deadline in the last days while the case is open, else nothing.
fn open_due(ctx: &Check, due: NaiveDate, open: bool) -> Option<Severity> {
    if ctx.today > due {
        Some(Severity::Violation)
    } else if open && days_between(ctx.today, due) <= DEADLINE_WARNING_DAYS {
        Some(Severity::Deadline)
    } else {
        None
    }
}

/// `report-term`: the report of a conversation or hearing is sent within
/// the `verslag` term after it.
pub fn report_term(ctx: &Check, out: &mut Vec<Finding>) {
    let Some(term) = ctx.driving("report-term", VERSLAG) else {
        return;
    };
    for step in &ctx.case.steps {
        let (StepKind::Gesprek {
            verslag_verzonden, ..
        }
        | StepKind::KcmdZitting { verslag_verzonden }) = &step.kind
        else {
            continue;
        };
        let what = if step.kind.name() == "gesprek" {
            "het gesprek"
        } else {
            "de zitting"
        };
        let due = ctx.due(term, step.date).date;
        let message = match verslag_verzonden {
            Some(sent) if *sent > due => Some((
                Severity::Violation,
                format!(
                    "het verslag van {what} op {} is op {} verstuurd, {} na de uiterste datum {} ({} na {what})",
                    dutch_date(step.date),
                    dutch_date(*sent),
                    days(days_between(due, *sent)),
                    dutch_date(due),
                    term.duration
                ),
            )),
            Some(_) => None,
            None => open_due(ctx, due, true).map(|severity| {
                (
                    severity,
                    format!(
                        "het verslag van {what} op {} moet uiterlijk {} verstuurd zijn ({}; `verslag_verzonden` ontbreekt)",
                        dutch_date(step.date),
                        dutch_date(due),
                        days_left(ctx.today, due)
                    ),
                )
            }),
        };
        if let Some((severity, message)) = message {
            out.push(with_due(
                ctx.finding(
                    "report-term",
                    Some(&term.article),
                    severity,
                    step.line,
                    || message,
                ),
                due,
            ));
        }
    }
}

/// The date a term runs from in a case: its built-in start, or its `van`.
pub fn term_start(case: &Case, term: &Term) -> Option<NaiveDate> {
    match term.name.as_str() {
        "afhandeling" | "ontvangstbevestiging" => Some(case.ingediend.value),
        "ontvankelijkheid" | "kcmd_rechtstreeks" => case.gebeurtenis.as_ref().map(|e| e.value),
        "reactie_medewerker" => case.first("reactie_gevraagd").map(|s| s.date),
        "kcmd_na_intern" => case.closing().map(|s| s.date),
        "kcmd_uitspraak" => case.first("kcmd_ingediend").map(|s| s.date),
        "maatregelen_melden" => case.first("kcmd_uitspraak").map(|s| s.date),
        _ => moment(case, term.from.as_ref()?).map(|(date, _)| date),
    }
}

/// `extension-late`: a term is extended once, before it runs out.
pub fn extension_late(ctx: &Check, out: &mut Vec<Finding>) {
    let case = ctx.case;
    if ctx.first(VERDAAGD).is_none() {
        return;
    }
    let mut seen: Vec<(&str, NaiveDate)> = Vec::new();
    for step in &case.steps {
        let StepKind::Verdaagd { termijn, .. } = &step.kind else {
            continue;
        };
        let Some(term) = ctx.procedure.term(termijn) else {
            continue;
        };
        let Some(extension) = &term.extension else {
            continue;
        };
        if !ctx.runs("extension-late") {
            return;
        }
        let label = term
            .label
            .clone()
            .unwrap_or_else(|| format!("de termijn `{termijn}`"));
        if let Some((_, first)) = seen.iter().find(|(t, _)| t == termijn) {
            // The due date in force: the one the first extension set.
            let in_force = term_start(case, term).map(|start| due_of(case, term, start).date);
            let until = in_force
                .map(|due| format!(" tot uiterlijk {}", dutch_date(due)))
                .unwrap_or_default();
            let finding = ctx.finding(
                "extension-late",
                Some(&extension.article),
                Severity::Violation,
                step.line,
                || format!(
                    "{label} is al op {} verdaagd{until}; een termijn mag maar één keer verdaagd worden",
                    dutch_date(*first)
                ),
            );
            out.push(match in_force {
                Some(due) => with_due(finding, due),
                None => finding,
            });
            continue;
        }
        seen.push((termijn, step.date));
        let Some(start) = term_start(case, term) else {
            continue;
        };
        let due = term.after(start);
        if step.date > due {
            out.push(with_due(
                ctx.finding(
                    "extension-late",
                    Some(&extension.article),
                    Severity::Violation,
                    step.line,
                    || format!(
                        "{label} is op {} verdaagd, {} na de uiterste datum {}; verdagen kan alleen vóórdat de termijn verloopt",
                        dutch_date(step.date),
                        days(days_between(due, step.date)),
                        dutch_date(due)
                    ),
                ),
                due,
            ));
        }
    }
}

/// The date of a moment in a case and the line it stands on.
fn moment(case: &Case, moment: &Moment) -> Option<(NaiveDate, usize)> {
    match moment {
        Moment::Event => case.gebeurtenis.as_ref().map(|e| (e.value, e.line)),
        Moment::Filed => Some((case.ingediend.value, case.ingediend.line)),
        Moment::Step(step) => case.first(step).map(|s| (s.date, s.line)),
        Moment::StepDate(step, field) => case
            .all(step)
            .find_map(|s| s.kind.date_field(field).map(|d| (d, s.line))),
    }
}

/// `term-<name>`: a term the regulation declares with `van` and `tot`.
pub fn declared_terms(ctx: &Check, out: &mut Vec<Finding>) {
    for term in ctx.procedure.terms.declared() {
        let (Some(from), Some(to)) = (&term.from, &term.to) else {
            continue;
        };
        if !applies(term, ctx.case) {
            continue;
        }
        let Some((start, start_line)) = moment(ctx.case, from) else {
            continue;
        };
        let due = ctx.due(term, start);
        let (due, note) = (due.date, extended_note(due, term));
        // When `to` came too late, its date; when it has not come, none.
        let (severity, line, done) = match moment(ctx.case, to) {
            Some((done, line)) if done > due => {
                let severity = match term.gravity {
                    Gravity::Duty => Severity::Violation,
                    Gravity::Other => Severity::Warning,
                };
                (severity, line, Some(done))
            }
            Some(_) => continue,
            None if term.gravity == Gravity::Other => continue,
            None => match open_due(ctx, due, true) {
                Some(severity) => (severity, start_line, None),
                None => continue,
            },
        };
        let rule = format!("term-{}", term.name);
        if !ctx.runs(&rule) {
            continue;
        }
        let message = || {
            let label = term.label();
            match done {
                Some(done) => format!(
                    "{label}: `{to}` op {}, {} na de uiterste datum {} ({} na `{from}` op {}{note})",
                    dutch_date(done),
                    days(days_between(due, done)),
                    dutch_date(due),
                    term.duration,
                    dutch_date(start)
                ),
                None => format!(
                    "{label}: nog geen `{to}`{} ({}; {} na `{from}` op {}{note})",
                    if severity == Severity::Deadline {
                        format!("; dat moet uiterlijk {}", dutch_date(due))
                    } else {
                        format!(", terwijl dat uiterlijk {} moest", dutch_date(due))
                    },
                    days_left(ctx.today, due),
                    term.duration,
                    dutch_date(start)
                ),
            }
        };
        out.push(with_due(
            ctx.finding(rule, Some(&term.article), severity, line, message),
            due,
        ));
    }
}

/// The next deadline of a case, for the deadlines overview: the earliest
/// of what is due (by date, then wording). Only the terms the regulation
/// declares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NextDue {
    /// (due date, what, article).
    Listed(NaiveDate, String, String),
    /// A deadline that `listed` said would not be listed: only counted, so
    /// its wording is not made (most open cases of a large register).
    Counted,
}

/// What a pending due date is for, worded only when it is listed.
#[derive(Clone, Copy)]
enum Pending<'a> {
    Receipt,
    Reaction,
    Handling,
    Report(NaiveDate),
    Measures,
    Declared(&'a Term),
}

impl Pending<'_> {
    fn what(self) -> String {
        match self {
            Pending::Receipt => "ontvangstbevestiging sturen".to_string(),
            Pending::Reaction => "reactie van de medewerker".to_string(),
            Pending::Handling => "klacht afgehandeld".to_string(),
            Pending::Report(date) => format!("verslag van {} sturen", dutch_date(date)),
            Pending::Measures => "maatregelen melden aan indiener en klachtencommissie".to_string(),
            Pending::Declared(term) => term.label(),
        }
    }
}

/// The next deadline of `case`, if anything is due; `listed` says whether
/// one due on a date would be listed.
pub fn next_due(
    case: &Case,
    procedure: &Procedure,
    listed: impl Fn(NaiveDate) -> bool,
) -> Option<NextDue> {
    let mut dues: Vec<(NaiveDate, &Term, Pending)> = Vec::new();
    let mut push = |term, start: NaiveDate, pending| {
        dues.push((due_of(case, term, start).date, term, pending));
    };
    let term = |name: KnownTerm| procedure.known_term(name).filter(|t| applies(t, case));
    if case.internal() && case.closing().is_none() {
        if let Some(term) = term(ONTVANGSTBEVESTIGING_TERM)
            && case.first("ontvangstbevestiging").is_none()
        {
            push(term, case.ingediend.value, Pending::Receipt);
        }
        if let Some(term) = term(REACTIE_MEDEWERKER)
            && let Some(asked) = case.first("reactie_gevraagd")
            && case.first("reactie_ontvangen").is_none()
        {
            push(term, asked.date, Pending::Reaction);
        }
        if let Some(term) = term(AFHANDELING) {
            push(term, case.ingediend.value, Pending::Handling);
        }
    }
    if let Some(term) = term(VERSLAG) {
        for step in &case.steps {
            if let StepKind::Gesprek {
                verslag_verzonden: None,
                ..
            }
            | StepKind::KcmdZitting {
                verslag_verzonden: None,
            } = &step.kind
            {
                push(term, step.date, Pending::Report(step.date));
            }
        }
    }
    if let Some(term) = term(MAATREGELEN_MELDEN)
        && let Some(ruling) = case.steps.iter().find(
            |s| matches!(&s.kind, StepKind::KcmdUitspraak { maatregelen: Some(m) } if !m.is_empty()),
        )
        && case.all("maatregelen_gemeld").all(|s| s.date < ruling.date)
    {
        push(term, ruling.date, Pending::Measures);
    }
    for declared in procedure.terms.declared() {
        if declared.gravity != Gravity::Duty || !applies(declared, case) {
            continue;
        }
        let (Some(from), Some(to)) = (&declared.from, &declared.to) else {
            continue;
        };
        if let Some((start, _)) = moment(case, from)
            && moment(case, to).is_none()
        {
            push(declared, start, Pending::Declared(declared));
        }
    }
    let first = dues.iter().map(|&(due, ..)| due).min()?;
    if !listed(first) {
        return Some(NextDue::Counted);
    }
    dues.iter()
        .filter(|&&(due, ..)| due == first)
        .map(|&(due, term, pending)| (due, pending.what(), term.article.to_string()))
        .min()
        .map(|(due, what, article)| NextDue::Listed(due, what, article))
}
