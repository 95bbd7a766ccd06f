//! The rules of SPEC §4 for one case: one function per rule id, each citing
//! the article it enforces. Pure: a case, the terms and today in; findings out.

use crate::diagnostic::{Finding, Severity};
use crate::model::{Case, Origin, ROLES, SUBJECT_KINDS, Step, StepKind, Terms};
use crate::term::{days_between, dutch_date};
use chrono::NaiveDate;

/// Everything a rule may look at.
pub struct Ctx<'a> {
    pub case: &'a Case,
    pub terms: &'a Terms,
    pub today: NaiveDate,
}

impl Ctx<'_> {
    fn finding(
        &self,
        rule: &'static str,
        article: &str,
        severity: Severity,
        line: usize,
        message: String,
    ) -> Finding {
        Finding {
            case: Some(self.case.id.value.clone()),
            rule,
            article: (!article.is_empty()).then(|| article.to_string()),
            severity,
            message,
            file: self.case.file.clone(),
            line: Some(line),
            due: None,
        }
    }

    fn open(&self) -> bool {
        self.case.closing().is_none()
    }
}

fn with_due(mut finding: Finding, due: NaiveDate) -> Finding {
    finding.due = Some(due);
    finding
}

/// Every rule, in the order of the SPEC §4 table. `date-order` errors make the
/// other rules untrustworthy, so when there are any only they are returned.
pub fn check_case(ctx: &Ctx) -> Vec<Finding> {
    let mut findings = date_order(ctx);
    findings.extend(complainant_role(ctx));
    if findings.iter().any(|f| f.severity == Severity::Error) {
        return findings;
    }
    let rules: [fn(&Ctx) -> Vec<Finding>; 15] = [
        scope,
        admissibility,
        handler_involved,
        response_requested,
        response_term,
        conversation_report,
        confirmation,
        outcome_reasoned,
        handling_term,
        withdrawal_confirmed,
        kcmd_after_internal_term,
        kcmd_direct_term,
        kcmd_ruling_term,
        measures_notice_term,
        register_complete,
    ];
    for rule in rules {
        findings.extend(rule(ctx));
    }
    findings
}

/// `date-order`: no date before the event or the filing where it cannot be,
/// steps in date order, and nothing after today.
pub fn date_order(ctx: &Ctx) -> Vec<Finding> {
    let case = ctx.case;
    let mut findings = Vec::new();
    let mut error = |line: usize, message: String| {
        findings.push(ctx.finding("date-order", "", Severity::Error, line, message));
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
        let nested = match &step.kind {
            StepKind::Gesprek {
                verslag_verzonden, ..
            }
            | StepKind::KcmdZitting { verslag_verzonden } => {
                verslag_verzonden.map(|d| ("verslag_verzonden", d))
            }
            StepKind::Ingetrokken { bevestigd } => bevestigd.map(|d| ("bevestigd", d)),
            _ => None,
        };
        if let Some((field, date)) = nested {
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
    findings
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
pub fn complainant_role(ctx: &Ctx) -> Vec<Finding> {
    let Some(rol) = &ctx.case.indiener.rol else {
        return Vec::new();
    };
    if ROLES.contains(&rol.value.as_str()) {
        return Vec::new();
    }
    vec![ctx.finding(
        "complainant-role",
        "fn ¹",
        Severity::Error,
        rol.line,
        crate::load::fields::unknown_value("indiener.rol", &rol.value, &ROLES),
    )]
}

/// `scope` (art. 1): a complaint is about staff, or others acting for the organisation.
pub fn scope(ctx: &Ctx) -> Vec<Finding> {
    match &ctx.case.betreft_soort {
        Some(soort) if !SUBJECT_KINDS.contains(&soort.value.as_str()) => vec![ctx.finding(
            "scope",
            "1",
            Severity::Warning,
            soort.line,
            format!(
                "de klacht gaat over \"{}\"; het reglement geldt voor klachten over een medewerker of iemand die namens de organisatie optreedt (`betreft.soort`: medewerker of namens_organisatie)",
                soort.value
            ),
        )],
        _ => Vec::new(),
    }
}

/// `admissibility` (art. 2): only what happened less than the term ago is
/// handled; filed on or after event + term yet handled is a violation.
pub fn admissibility(ctx: &Ctx) -> Vec<Finding> {
    let case = ctx.case;
    let (Some(event), true) = (&case.gebeurtenis, case.internal()) else {
        return Vec::new();
    };
    let term = &ctx.terms.ontvankelijkheid;
    let limit = term.after(event.value);
    if case.ingediend.value < limit {
        return Vec::new();
    }
    let handled = case.steps.iter().find(|s| match &s.kind {
        StepKind::ReactieGevraagd | StepKind::Gesprek { .. } | StepKind::Bevestiging { .. } => true,
        StepKind::Uitslag { oordeel, .. } => oordeel.as_deref() != Some("niet_ontvankelijk"),
        _ => false,
    });
    let Some(step) = handled else {
        return Vec::new();
    };
    vec![ctx.finding(
        "admissibility",
        &term.article.to_string(),
        Severity::Violation,
        step.line,
        format!(
            "de klacht is ingediend op {}, niet binnen {} na de gebeurtenis ({}), en is toch in behandeling genomen (stap `{}` op {}); zij had niet-ontvankelijk verklaard moeten worden",
            dutch_date(case.ingediend.value),
            term.duration,
            dutch_date(event.value),
            step.kind.name(),
            dutch_date(step.date)
        ),
    )]
}

/// `handler-involved` (art. 2): a manager involved in the event hands the complaint over.
pub fn handler_involved(ctx: &Ctx) -> Vec<Finding> {
    match &ctx.case.behandelaar_betrokken {
        Some(b) if b.value && ctx.case.internal() => vec![ctx.finding(
            "handler-involved",
            "2",
            Severity::Violation,
            b.line,
            "de behandelaar was zelf bij de gebeurtenis betrokken; een collega-manager had de klacht moeten overnemen".to_string(),
        )],
        _ => Vec::new(),
    }
}

fn judged_on_merits(oordeel: Option<&str>) -> bool {
    matches!(oordeel, Some("gegrond" | "deels_gegrond" | "ongegrond"))
}

/// `response-requested` (art. 3): the employee gets the chance to respond
/// before a complaint is judged.
pub fn response_requested(ctx: &Ctx) -> Vec<Finding> {
    let case = ctx.case;
    let Some(uitslag) = case.uitslag() else {
        return Vec::new();
    };
    if !case.internal() || !judged_on_merits(case.oordeel()) {
        return Vec::new();
    }
    if case.all("reactie_gevraagd").any(|s| s.date <= uitslag.date) {
        return Vec::new();
    }
    vec![ctx.finding(
        "response-requested",
        "3",
        Severity::Violation,
        uitslag.line,
        format!(
            "de klacht is beoordeeld ({}, {}) zonder dat de medewerker om een reactie is gevraagd (geen stap `reactie_gevraagd` ervóór)",
            case.oordeel().unwrap_or_default(),
            dutch_date(uitslag.date)
        ),
    )]
}

/// `response-term` (art. 6): the employee has the term to respond; no outcome
/// before it ends unless the response came in.
pub fn response_term(ctx: &Ctx) -> Vec<Finding> {
    let case = ctx.case;
    let (Some(uitslag), Some(asked)) = (case.uitslag(), case.first("reactie_gevraagd")) else {
        return Vec::new();
    };
    if !case.internal() || asked.date > uitslag.date {
        return Vec::new();
    }
    let term = &ctx.terms.reactie_medewerker;
    let ends = term.after(asked.date);
    let answered = case
        .all("reactie_ontvangen")
        .any(|s| s.date <= uitslag.date);
    if uitslag.date >= ends || answered {
        return Vec::new();
    }
    vec![with_due(
        ctx.finding(
            "response-term",
            &term.article.to_string(),
            Severity::Violation,
            uitslag.line,
            format!(
                "uitslag op {}, vóór het einde van de reactietermijn van {} ({}, gevraagd op {}), terwijl er nog geen reactie van de medewerker was",
                dutch_date(uitslag.date),
                term.duration,
                dutch_date(ends),
                dutch_date(asked.date)
            ),
        ),
        ends,
    )]
}

fn violation_or_warning(open: bool) -> Severity {
    if open {
        Severity::Warning
    } else {
        Severity::Violation
    }
}

/// `conversation-report` (art. 6): every conversation gets a report sent to all involved.
pub fn conversation_report(ctx: &Ctx) -> Vec<Finding> {
    if !ctx.case.internal() {
        return Vec::new();
    }
    let severity = violation_or_warning(ctx.open());
    ctx.case
        .steps
        .iter()
        .filter_map(|s| match &s.kind {
            StepKind::Gesprek {
                verslag_verzonden: None,
                ..
            } => Some(ctx.finding(
                "conversation-report",
                "6",
                severity,
                s.line,
                format!(
                    "van het gesprek op {} is geen verslag verzonden (`verslag_verzonden` ontbreekt); het verslag gaat naar alle betrokkenen",
                    dutch_date(s.date)
                ),
            )),
            _ => None,
        })
        .collect()
}

/// `confirmation` (art. 4, 6): after a conversation a written confirmation
/// follows; a solution reached together is confirmed with its agreements.
pub fn confirmation(ctx: &Ctx) -> Vec<Finding> {
    let case = ctx.case;
    if !case.internal() {
        return Vec::new();
    }
    let severity = violation_or_warning(ctx.open());
    let mut findings = Vec::new();
    for gesprek in case.all("gesprek") {
        if !case.all("bevestiging").any(|b| b.date >= gesprek.date) {
            findings.push(ctx.finding(
                "confirmation",
                "4, 6",
                severity,
                gesprek.line,
                format!(
                    "na het gesprek op {} is geen schriftelijke bevestiging gestuurd (geen stap `bevestiging` op of na die datum)",
                    dutch_date(gesprek.date)
                ),
            ));
        }
    }
    if case.oordeel() == Some("opgelost") {
        let confirmed = case.steps.iter().any(|s| match &s.kind {
            StepKind::Bevestiging { afspraken } => {
                case.origin == Origin::Register || !afspraken.is_empty()
            }
            _ => false,
        });
        if !confirmed {
            let line = case.uitslag().map_or(case.id.line, |s| s.line);
            findings.push(ctx.finding(
                "confirmation",
                "4",
                Severity::Violation,
                line,
                "de klacht is samen opgelost, maar er is geen bevestiging met de gemaakte afspraken (een stap `bevestiging` met `afspraken`)".to_string(),
            ));
        }
    }
    findings
}

/// `outcome-reasoned` (art. 6): the outcome is written and reasoned.
pub fn outcome_reasoned(ctx: &Ctx) -> Vec<Finding> {
    let case = ctx.case;
    let Some(step) = case.uitslag() else {
        return Vec::new();
    };
    let StepKind::Uitslag {
        oordeel,
        motivering,
        ..
    } = &step.kind
    else {
        return Vec::new();
    };
    if !case.internal() {
        return Vec::new();
    }
    let mut missing = Vec::new();
    if oordeel.is_none() {
        missing.push("`oordeel`");
    }
    if motivering.is_none() && case.origin == Origin::CaseFile {
        missing.push("`motivering`");
    }
    if missing.is_empty() {
        return Vec::new();
    }
    vec![ctx.finding(
        "outcome-reasoned",
        "6",
        Severity::Violation,
        step.line,
        format!(
            "de uitslag van {} mist {}; de uitslag moet schriftelijk en gemotiveerd zijn",
            dutch_date(step.date),
            missing.join(" en ")
        ),
    )]
}

/// Days before a due date from which an open case is reported as `deadline`.
pub const DEADLINE_WARNING_DAYS: i64 = 7;

/// `handling-term` (art. 6): a complaint is handled within the term after filing.
pub fn handling_term(ctx: &Ctx) -> Vec<Finding> {
    let case = ctx.case;
    if !case.internal() {
        return Vec::new();
    }
    let term = &ctx.terms.afhandeling;
    let filed = case.ingediend.value;
    let due = term.after(filed);
    let article = term.article.to_string();
    let finding = match case.closing() {
        Some(closed) if closed.date > due => ctx.finding(
            "handling-term",
            &article,
            Severity::Violation,
            closed.line,
            format!(
                "afgehandeld op {} ({}), {} na de uiterste datum {} ({} na indiening op {})",
                dutch_date(closed.date),
                closed.kind.name(),
                days(days_between(due, closed.date)),
                dutch_date(due),
                term.duration,
                dutch_date(filed)
            ),
        ),
        Some(_) => return Vec::new(),
        None if ctx.today > due => ctx.finding(
            "handling-term",
            &article,
            Severity::Violation,
            case.ingediend.line,
            format!(
                "nog niet afgehandeld, terwijl de termijn van {} op {} verliep ({}; ingediend op {})",
                term.duration,
                dutch_date(due),
                days_left(ctx.today, due),
                dutch_date(filed)
            ),
        ),
        None if days_between(ctx.today, due) <= DEADLINE_WARNING_DAYS => ctx.finding(
            "handling-term",
            &article,
            Severity::Deadline,
            case.ingediend.line,
            format!(
                "moet uiterlijk {} afgehandeld zijn ({}; {} na indiening op {})",
                dutch_date(due),
                days_left(ctx.today, due),
                term.duration,
                dutch_date(filed)
            ),
        ),
        None => return Vec::new(),
    };
    vec![with_due(finding, due)]
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

/// `withdrawal-confirmed` (art. 7): a withdrawal is confirmed in writing.
pub fn withdrawal_confirmed(ctx: &Ctx) -> Vec<Finding> {
    if !ctx.case.internal() || ctx.case.origin == Origin::Register {
        return Vec::new();
    }
    ctx.case
        .steps
        .iter()
        .filter_map(|s| match s.kind {
            StepKind::Ingetrokken { bevestigd: None } => Some(ctx.finding(
                "withdrawal-confirmed",
                "7",
                Severity::Violation,
                s.line,
                format!(
                    "de klacht is op {} ingetrokken, maar de schriftelijke bevestiging daarvan is niet vastgelegd (`bevestigd` ontbreekt)",
                    dutch_date(s.date)
                ),
            )),
            _ => None,
        })
        .collect()
}

/// The internal closure a KcMD filing follows, if any.
fn internal_closure_before(case: &Case, date: NaiveDate) -> Option<&Step> {
    case.closing().filter(|c| c.date <= date && case.internal())
}

/// `kcmd-after-internal-term` (art. 8): to the KcMD within the term after
/// internal handling. The KcMD judges this, so it is a warning.
pub fn kcmd_after_internal_term(ctx: &Ctx) -> Vec<Finding> {
    let case = ctx.case;
    let Some(filed) = case.first("kcmd_ingediend") else {
        return Vec::new();
    };
    let Some(closed) = internal_closure_before(case, filed.date) else {
        return Vec::new();
    };
    let term = &ctx.terms.kcmd_na_intern;
    let limit = term.after(closed.date);
    if filed.date <= limit {
        return Vec::new();
    }
    vec![with_due(
        ctx.finding(
            "kcmd-after-internal-term",
            &term.article.to_string(),
            Severity::Warning,
            filed.line,
            format!(
                "bij de klachtencommissie ingediend op {}, na de termijn van {} na de interne afhandeling ({}; uiterlijk {}); de commissie kan de klacht niet-ontvankelijk verklaren",
                dutch_date(filed.date),
                term.duration,
                dutch_date(closed.date),
                dutch_date(limit)
            ),
        ),
        limit,
    )]
}

/// `kcmd-direct-term` (art. 9): straight to the KcMD within the term after the event.
pub fn kcmd_direct_term(ctx: &Ctx) -> Vec<Finding> {
    let case = ctx.case;
    let (Some(filed), Some(event)) = (case.first("kcmd_ingediend"), &case.gebeurtenis) else {
        return Vec::new();
    };
    if internal_closure_before(case, filed.date).is_some() {
        return Vec::new();
    }
    let term = &ctx.terms.kcmd_rechtstreeks;
    let limit = term.after(event.value);
    if filed.date <= limit {
        return Vec::new();
    }
    vec![with_due(
        ctx.finding(
            "kcmd-direct-term",
            &term.article.to_string(),
            Severity::Warning,
            filed.line,
            format!(
                "rechtstreeks bij de klachtencommissie ingediend op {}, na de termijn van {} na de gebeurtenis ({}; uiterlijk {})",
                dutch_date(filed.date),
                term.duration,
                dutch_date(event.value),
                dutch_date(limit)
            ),
        ),
        limit,
    )]
}

/// `kcmd-ruling-term` (art. 12): the KcMD rules within the term. Its duty, not
/// ours: a warning.
pub fn kcmd_ruling_term(ctx: &Ctx) -> Vec<Finding> {
    let case = ctx.case;
    let Some(filed) = case.first("kcmd_ingediend") else {
        return Vec::new();
    };
    let term = &ctx.terms.kcmd_uitspraak;
    let limit = term.after(filed.date);
    let article = term.article.to_string();
    let finding = match case.first("kcmd_uitspraak") {
        Some(ruling) if ruling.date > limit => ctx.finding(
            "kcmd-ruling-term",
            &article,
            Severity::Warning,
            ruling.line,
            format!(
                "de klachtencommissie deed uitspraak op {}, na de termijn van {} (uiterlijk {}; ingediend op {})",
                dutch_date(ruling.date),
                term.duration,
                dutch_date(limit),
                dutch_date(filed.date)
            ),
        ),
        None if ctx.today > limit => ctx.finding(
            "kcmd-ruling-term",
            &article,
            Severity::Warning,
            filed.line,
            format!(
                "de klachtencommissie heeft nog geen uitspraak gedaan, terwijl de termijn van {} op {} verliep (ingediend op {})",
                term.duration,
                dutch_date(limit),
                dutch_date(filed.date)
            ),
        ),
        _ => return Vec::new(),
    };
    vec![with_due(finding, limit)]
}

/// `measures-notice-term` (art. 12): measures after a KcMD ruling are reported
/// to the complainant and the KcMD within the term.
pub fn measures_notice_term(ctx: &Ctx) -> Vec<Finding> {
    let case = ctx.case;
    let Some(ruling) = case.steps.iter().find(
        |s| matches!(&s.kind, StepKind::KcmdUitspraak { maatregelen: Some(m) } if !m.is_empty()),
    ) else {
        return Vec::new();
    };
    let term = &ctx.terms.maatregelen_melden;
    let due = term.after(ruling.date);
    let article = term.article.to_string();
    let noticed = case
        .all("maatregelen_gemeld")
        .find(|s| s.date >= ruling.date);
    let finding = match noticed {
        Some(step) if step.date > due => ctx.finding(
            "measures-notice-term",
            &article,
            Severity::Violation,
            step.line,
            format!(
                "de maatregelen na de uitspraak van {} zijn op {} gemeld, na de termijn van {} (uiterlijk {})",
                dutch_date(ruling.date),
                dutch_date(step.date),
                term.duration,
                dutch_date(due)
            ),
        ),
        Some(_) => return Vec::new(),
        None if ctx.today > due => ctx.finding(
            "measures-notice-term",
            &article,
            Severity::Violation,
            ruling.line,
            format!(
                "de maatregelen na de uitspraak van {} zijn niet gemeld aan de indiener en de klachtencommissie; dat moest uiterlijk {} ({})",
                dutch_date(ruling.date),
                dutch_date(due),
                days_left(ctx.today, due)
            ),
        ),
        None if days_between(ctx.today, due) <= DEADLINE_WARNING_DAYS => ctx.finding(
            "measures-notice-term",
            &article,
            Severity::Deadline,
            ruling.line,
            format!(
                "meld de maatregelen na de uitspraak van {} uiterlijk {} schriftelijk aan de indiener en de klachtencommissie ({})",
                dutch_date(ruling.date),
                dutch_date(due),
                days_left(ctx.today, due)
            ),
        ),
        None => return Vec::new(),
    };
    vec![with_due(finding, due)]
}

/// `register-complete` (art. 15): every complaint is registered with its
/// subject, its commissioning party and the measures taken.
pub fn register_complete(ctx: &Ctx) -> Vec<Finding> {
    let case = ctx.case;
    let mut missing = Vec::new();
    let mut line = case.id.line;
    if case.onderwerp.is_none() {
        missing.push("het onderwerp (`onderwerp`)".to_string());
    }
    if case.opdrachtgever.is_none() {
        missing.push("de opdrachtgever (`traject.opdrachtgever`)".to_string());
    }
    if let Some(step) = case.uitslag()
        && let StepKind::Uitslag {
            maatregelen: None, ..
        } = &step.kind
    {
        let none = if case.origin == Origin::Register {
            "het woord `geen`"
        } else {
            "`maatregelen: []`"
        };
        missing.push(format!(
            "de maatregelen bij de uitslag (geen maatregelen? schrijf {none})"
        ));
        if missing.len() == 1 {
            line = step.line;
        }
    }
    if missing.is_empty() {
        return Vec::new();
    }
    vec![ctx.finding(
        "register-complete",
        "15",
        Severity::Violation,
        line,
        format!("de registratie mist {}", missing.join(", ")),
    )]
}

/// What is due next for an open case: (due date, what, article).
pub fn pending_dues(case: &Case, terms: &Terms) -> Vec<(NaiveDate, String, String)> {
    let mut dues = Vec::new();
    if case.internal() && case.closing().is_none() {
        if let Some(asked) = case.first("reactie_gevraagd")
            && case.first("reactie_ontvangen").is_none()
        {
            dues.push((
                terms.reactie_medewerker.after(asked.date),
                "reactie van de medewerker".to_string(),
                terms.reactie_medewerker.article.to_string(),
            ));
        }
        dues.push((
            terms.afhandeling.after(case.ingediend.value),
            "klacht afgehandeld".to_string(),
            terms.afhandeling.article.to_string(),
        ));
    }
    if let Some(ruling) = case.steps.iter().find(
        |s| matches!(&s.kind, StepKind::KcmdUitspraak { maatregelen: Some(m) } if !m.is_empty()),
    ) && case.all("maatregelen_gemeld").all(|s| s.date < ruling.date)
    {
        dues.push((
            terms.maatregelen_melden.after(ruling.date),
            "maatregelen melden aan indiener en klachtencommissie".to_string(),
            terms.maatregelen_melden.article.to_string(),
        ));
    }
    dues.sort();
    dues
}
