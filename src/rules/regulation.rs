//! Rules about the regulation itself.

use crate::diagnostic::{Finding, Place, Severity};
use crate::markdown::Article;
use crate::model::Regulation;

/// `terms-match-text` (art. 16 and SPEC §2): the article a term cites must
/// mention the same duration, so the published text and the checked rules
/// never drift apart silently.
pub fn terms_match_text(reg: &Regulation, articles: &[Article]) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (key, term) in reg.terms.all() {
        let place = Place::new(&reg.file, Some(term.line));
        let message = match articles.iter().find(|a| a.number == term.article) {
            None => format!(
                "termijn `{key}` verwijst naar artikel {}, maar het reglement heeft geen artikel {} (het telt {} artikelen)",
                term.article,
                term.article,
                articles.len()
            ),
            Some(article) => {
                let text = article.text.to_lowercase();
                if term
                    .duration
                    .spellings()
                    .iter()
                    .any(|s| contains_words(&text, s))
                {
                    continue;
                }
                format!(
                    "termijn `{key}` is {}, maar artikel {} noemt die termijn niet; pas de termijn of de tekst aan, zodat de gepubliceerde tekst en de controle gelijk blijven",
                    term.duration, term.article
                )
            }
        };
        findings.push(Finding {
            case: None,
            rule: "terms-match-text",
            article: Some("16".to_string()),
            severity: Severity::Warning,
            message,
            file: place.file,
            line: place.line,
            due: None,
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
    use crate::markdown;

    fn findings_for(body: &str) -> Vec<Finding> {
        let front = "---\ntitel: T\norganisatie: O\ntermijnen:\n  ontvankelijkheid: { duur: 1 jaar, artikel: 1 }\n  reactie_medewerker: { duur: 2 weken, artikel: 2 }\n  afhandeling: { duur: 6 weken, artikel: 2 }\n  kcmd_na_intern: { duur: 6 maanden, artikel: 3 }\n  kcmd_rechtstreeks: { duur: 6 maanden, artikel: 3 }\n  kcmd_uitspraak: { duur: 6 maanden, artikel: 3 }\n  maatregelen_melden: { duur: 1 maand, artikel: 3 }\n---\n";
        let mut load_findings = Vec::new();
        let reg = parse_regulation(
            &format!("{front}{body}"),
            "content/k.md",
            &mut load_findings,
        )
        .unwrap();
        terms_match_text(&reg, &markdown::render(&reg.body).articles)
    }

    #[test]
    fn matching_text_gives_no_warning() {
        let body = "1. Nog geen jaar geleden.\n2. Binnen 2 weken reageren; uiterlijk 6 weken na indiening.\n3. Binnen 6 maanden, en binnen een maand.\n";
        assert!(findings_for(body).is_empty());
    }

    #[test]
    fn drifted_text_is_a_warning_at_the_term() {
        let body = "1. Nog geen jaar geleden.\n2. Binnen 2 weken reageren; uiterlijk 8 weken na indiening.\n3. Binnen 6 maanden, en binnen een maand.\n";
        let findings = findings_for(body);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].rule, "terms-match-text");
        assert_eq!(findings[0].line, Some(7));
        assert!(findings[0].message.contains("afhandeling"));
    }

    #[test]
    fn missing_article_is_named() {
        let findings = findings_for("1. Nog geen jaar geleden.\n2. 2 weken en 6 weken.\n");
        assert_eq!(findings.len(), 4);
        assert!(findings[0].message.contains("geen artikel 3"));
    }

    #[test]
    fn sixteen_weeks_is_not_six_weeks() {
        assert!(!contains_words("binnen 16 weken", "6 weken"));
        assert!(contains_words("uiterlijk 6 weken na", "6 weken"));
    }
}
