//! Rules about the regulation itself: its terms must be the ones its text
//! states, its references must point at an article (and lid) that exists,
//! and no article number may be printed twice.

use crate::diagnostic::{Finding, Severity};
use crate::model::{ArticleRef, Regulation, Target, Unresolved};
use crate::procedure::RuleSetting;
use crate::term::Duration;

/// Every rule about the regulation.
pub fn check(reg: &Regulation) -> Vec<Finding> {
    let mut findings = terms_match_text(reg);
    findings.extend(duplicate_articles(reg));
    findings
}

fn finding(reg: &Regulation, rule: &'static str, line: usize, message: String) -> Finding {
    let article = reg.procedure.cites(rule, None);
    Finding {
        case: None,
        rule: rule.into(),
        article: (!article.is_empty()).then_some(article),
        severity: Severity::Warning,
        message,
        file: reg.file.clone(),
        line: Some(line),
        cell: None,
        due: None,
        counted: false,
    }
}

/// `terms-match-text` (SPEC §2.1, §2.2): the article — or the lid, when the
/// reference names one — a term cites must exist and mention the same
/// duration, in digits or words, so the published text and the checked rules
/// never drift apart silently.
pub fn terms_match_text(reg: &Regulation) -> Vec<Finding> {
    let mut findings = Vec::new();
    if !reg.procedure.runs("terms-match-text") {
        return findings;
    }
    let mut warn = |line: usize, message: Option<String>| {
        if let Some(message) = message {
            findings.push(finding(reg, "terms-match-text", line, message));
        }
    };
    for term in reg.procedure.terms.iter() {
        let who = format!("termijn `{}`", term.name);
        warn(
            term.line,
            duration_problem(reg, &who, term.duration, &term.article),
        );
        if let Some(extension) = &term.extension {
            let who = format!("de verlenging van termijn `{}`", term.name);
            warn(
                term.line,
                duration_problem(reg, &who, extension.duration, &extension.article),
            );
        }
    }
    for step in &reg.procedure.steps {
        if let Some(article) = &step.article {
            let who = format!("stap `{}`", step.name);
            warn(step.line, reference_problem(reg, &who, article));
        }
    }
    for (rule, setting, line) in &reg.procedure.rules {
        if let RuleSetting::Cites(articles) = setting {
            for article in articles {
                let who = format!("regel `{rule}`");
                warn(*line, reference_problem(reg, &who, article));
            }
        }
    }
    findings
}

fn reference_problem(reg: &Regulation, who: &str, reference: &ArticleRef) -> Option<String> {
    reg.text
        .resolve(reference)
        .err()
        .map(|why| unresolved(reg, who, reference, why))
}

/// The referenced article or lid must exist and mention the duration.
fn duration_problem(
    reg: &Regulation,
    who: &str,
    duration: Duration,
    reference: &ArticleRef,
) -> Option<String> {
    let text = match reg.text.resolve(reference) {
        Ok(Target::Article(article)) => &article.text,
        Ok(Target::Lid(_, lid)) => &lid.text,
        Ok(Target::Footnote(_)) => return None,
        Err(why) => return Some(unresolved(reg, who, reference, why)),
    };
    let text = text.to_lowercase();
    if duration
        .spellings()
        .iter()
        .any(|s| contains_words(&text, s))
    {
        return None;
    }
    Some(format!(
        "{who} is {duration}, maar {} noemt die termijn niet; pas de termijn of de tekst aan, zodat de gepubliceerde tekst en de controle gelijk blijven",
        reference.cited()
    ))
}

/// Why a reference from the front matter finds nothing in the text, with
/// what the text does have.
pub fn unresolved(reg: &Regulation, who: &str, reference: &ArticleRef, why: Unresolved) -> String {
    let text = &reg.text;
    match (reference, why) {
        (ArticleRef::Article { number, .. }, Unresolved::NoArticle) => {
            let have = match (text.articles.first(), text.articles.last()) {
                (Some(first), Some(last)) if text.articles.len() > 1 => format!(
                    "het heeft {} artikelen, van artikel {} tot en met artikel {}",
                    text.articles.len(),
                    first.number,
                    last.number
                ),
                (Some(only), _) => format!("het heeft alleen artikel {}", only.number),
                _ => "er is geen enkel artikel in herkend; begin elk artikel met een kop als `### Artikel 1 Begripsbepalingen` of zet de artikelen in een genummerde lijst".to_string(),
            };
            // Unquoted, YAML reads `3.10` as the number 3.1.
            let as_number = |n: &str| n.parse::<f64>().ok();
            let quote = text
                .articles
                .iter()
                .find(|a| a.number != *number && as_number(&a.number).is_some_and(|a| Some(a) == as_number(number)))
                .map(|a| format!(" Bedoelt u artikel {0}? Zet het nummer dan tussen aanhalingstekens (`\"{0}\"`): zonder leest YAML het als het getal {number}.", a.number))
                .unwrap_or_default();
            format!(
                "{who} verwijst naar artikel {number}, maar het reglement heeft geen artikel {number} ({have}).{quote}"
            )
        }
        (ArticleRef::Article { number, lid, .. }, Unresolved::NoLid { leden }) => {
            let lid = lid.unwrap_or_default();
            let have = match leden {
                0 => "heeft geen genummerde leden".to_string(),
                1 => "heeft maar 1 lid".to_string(),
                n => format!("heeft {n} leden"),
            };
            format!("{who} verwijst naar artikel {number} lid {lid}, maar artikel {number} {have}")
        }
        (_, Unresolved::NoFootnote { footnotes }) => format!(
            "{who} verwijst naar {reference}, maar het reglement heeft {} voetnoten",
            footnotes
        ),
        (reference, _) => format!(
            "{who} verwijst naar {}, die niet bestaat",
            reference.cited()
        ),
    }
}

/// Two articles printed with the same number (SPEC §2.1): a reference to it
/// would be ambiguous. Named with both lines; references go to the first.
pub fn duplicate_articles(reg: &Regulation) -> Vec<Finding> {
    let articles = &reg.text.articles;
    let mut findings = Vec::new();
    for (index, article) in articles.iter().enumerate() {
        let Some(first) = articles[..index]
            .iter()
            .find(|a| a.number.eq_ignore_ascii_case(&article.number))
        else {
            continue;
        };
        findings.push(Finding {
            case: None,
            rule: "schema".into(),
            article: None,
            severity: Severity::Warning,
            message: format!(
                "artikel {} staat twee keer in het reglement (regel {} en regel {}); verwijzingen naar artikel {} gaan naar het eerste, het tweede heeft het anker `#{}`",
                article.number, first.line, article.line, article.number, article.anchor
            ),
            file: reg.file.clone(),
            line: Some(article.line),
            cell: None,
            due: None,
            counted: false,
        });
    }
    findings
}

/// Whether `needle` occurs in `text` as whole words.
fn contains_words(text: &str, needle: &str) -> bool {
    text.match_indices(needle).any(|(start, _)| {
        let before = text[..start].chars().next_back();
        let after = text[start + needle.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::regulation::parse_regulation;

    const FRONT: &str = "---\ntitel: T\norganisatie: O\ntermijnen:\n  ontvankelijkheid: { duur: 1 jaar, artikel: 1 }\n  reactie_medewerker: { duur: 2 weken, artikel: 2 }\n  afhandeling: { duur: 6 weken, artikel: 2 }\n  kcmd_na_intern: { duur: 6 maanden, artikel: 3 }\n  kcmd_rechtstreeks: { duur: 6 maanden, artikel: 3 }\n  kcmd_uitspraak: { duur: 6 maanden, artikel: 3 }\n  maatregelen_melden: { duur: 1 maand, artikel: 3 }\n---\n";

    fn findings_for(front: &str, body: &str) -> Vec<Finding> {
        let mut load_findings = Vec::new();
        let reg = parse_regulation(
            &format!("{front}{body}"),
            "content/k.md",
            &mut load_findings,
        )
        .unwrap();
        assert!(load_findings.is_empty(), "{load_findings:?}");
        check(&reg)
    }

    #[test]
    fn matching_text_gives_no_warning() {
        let body = "1. Nog geen jaar geleden.\n2. Binnen 2 weken reageren; uiterlijk 6 weken na indiening.\n3. Binnen 6 maanden, en binnen een maand.\n";
        assert!(findings_for(FRONT, body).is_empty());
    }

    #[test]
    fn drifted_text_is_a_warning_at_the_term() {
        let body = "1. Nog geen jaar geleden.\n2. Binnen 2 weken reageren; uiterlijk 8 weken na indiening.\n3. Binnen 6 maanden, en binnen een maand.\n";
        let findings = findings_for(FRONT, body);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].rule, "terms-match-text");
        assert_eq!(findings[0].line, Some(7));
        assert!(findings[0].message.contains("afhandeling"));
    }

    #[test]
    fn missing_article_is_named() {
        let findings = findings_for(FRONT, "1. Nog geen jaar geleden.\n2. 2 weken en 6 weken.\n");
        assert_eq!(findings.len(), 4);
        assert!(findings[0].message.contains("geen artikel 3"));
        assert!(
            findings[0]
                .message
                .contains("van artikel 1 tot en met artikel 2")
        );
    }

    /// Terms checked against the lid they name: the duration in another lid
    /// of the same article does not count.
    #[test]
    fn a_lid_reference_reads_that_lid_only() {
        let front = FRONT
            .replace(
                "artikel: 2 }\n  afhandeling",
                "artikel: \"2.1 lid 1\" }\n  afhandeling",
            )
            .replace("6 weken, artikel: 2", "6 weken, artikel: \"2.1 lid 2\"")
            .replace("artikel: 1 }", "artikel: \"1.1\" }")
            .replace("artikel: 3 }", "artikel: \"2.2\" }");
        let body = "## Hoofdstuk 1\n\n### Artikel 1.1 Indienen\n\nNog geen jaar geleden.\n\n## Hoofdstuk 2\n\n### Artikel 2.1 Termijnen\n\n1. De medewerker reageert binnen twee weken.\n2. De klacht is binnen zes weken afgehandeld.\n\n### Artikel 2.2 Commissie\n\nBinnen zes maanden, en binnen een maand.\n";
        assert!(findings_for(&front, body).is_empty());

        let swapped = front
            .replace("\"2.1 lid 1\"", "\"2.1 lid 9\"")
            .replace("\"2.1 lid 2\"", "\"2.1 lid 1\"");
        let findings = findings_for(&swapped, body);
        let messages: Vec<&str> = findings.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(findings.len(), 2, "{messages:?}");
        assert!(messages[0].contains("artikel 2.1 lid 9, maar artikel 2.1 heeft 2 leden"));
        assert!(messages[1].contains("6 weken, maar artikel 2.1 lid 1 noemt"));
    }

    #[test]
    fn an_article_printed_twice_is_a_warning_with_both_lines() {
        let body = "1. Nog geen jaar geleden.\n2. Binnen 2 weken; 6 weken.\n3. Binnen 6 maanden, een maand.\n";
        assert!(findings_for(FRONT, body).is_empty());
        let headed = "### Artikel 1\n\nNog geen jaar geleden.\n\n### Artikel 2\n\n2 weken; 6 weken.\n\n### Artikel 3\n\n6 maanden, een maand.\n\n### Artikel 2\n\nNog eens.\n";
        let findings = findings_for(FRONT, headed);
        assert_eq!(findings.len(), 1, "{findings:?}");
        assert_eq!(findings[0].rule, "schema");
        assert_eq!(findings[0].severity, Severity::Warning);
        assert_eq!(findings[0].line, Some(25));
        assert!(findings[0].message.contains("regel 17 en regel 25"));
        assert!(findings[0].message.contains("#artikel-2-2"));
    }

    #[test]
    fn an_unquoted_decimal_number_gets_a_hint() {
        let front = FRONT.replace("artikel: 1 }", "artikel: 3.10 }");
        let body = "### Artikel 3.10 Indienen\n\nNog geen jaar geleden.\n\n### Artikel 2\n\n2 weken; 6 weken.\n\n### Artikel 3\n\n6 maanden, een maand.\n";
        let findings = findings_for(&front, body);
        assert_eq!(findings.len(), 1, "{findings:?}");
        assert!(findings[0].message.contains("geen artikel 3.1 "));
        assert!(findings[0].message.contains("Bedoelt u artikel 3.10?"));
        let quoted = FRONT.replace("artikel: 1 }", "artikel: \"3.10\" }");
        assert!(findings_for(&quoted, body).is_empty());
    }

    #[test]
    fn sixteen_weeks_is_not_six_weeks() {
        assert!(!contains_words("binnen 16 weken", "6 weken"));
        assert!(contains_words("uiterlijk 6 weken na", "6 weken"));
    }
}
