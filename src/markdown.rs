//! The regulation's Markdown: articles, anchors and footnotes.
//!
//! Articles are the items of the top-level numbered lists; numbering continues
//! across interruptions (the seed's list restarts at 8 after its footnote), and
//! each article gets the anchor `artikel-N`. Footnotes are gathered at the end.
//! Pure functions on text.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

/// One article: its number, plain text, and a short summary for the contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    pub number: u32,
    pub text: String,
    pub summary: String,
}

/// A rendered Markdown document.
#[derive(Debug, Clone)]
pub struct Document {
    pub html: String,
    pub articles: Vec<Article>,
    /// The text of the first `#` heading, when the body has one.
    pub title: Option<String>,
    /// That heading's inner HTML (with its footnote reference); it is not in `html`.
    pub title_html: Option<String>,
}

fn options() -> Options {
    Options::ENABLE_FOOTNOTES | Options::ENABLE_TABLES | Options::ENABLE_SMART_PUNCTUATION
}

/// Renders Markdown to HTML, numbering articles and moving footnotes to the end.
pub fn render(markdown: &str) -> Document {
    let mut out_events: Vec<Event> = Vec::new();
    let mut footnotes: Vec<Event> = Vec::new();
    let mut articles: Vec<Article> = Vec::new();
    let mut title: Option<String> = None;

    let mut list_depth = 0usize; // depth of lists of any kind
    let mut numbered_top = false; // inside a top-level numbered list
    let mut next_number = 1u32;
    let mut in_footnote = 0usize;
    let mut current: Option<Article> = None;
    let mut item_depth = 0usize;
    let mut in_h1 = false;
    let mut h1_text = String::new();
    let mut h1_events: Vec<Event> = Vec::new();

    for event in Parser::new_ext(markdown, options()) {
        if in_footnote > 0 {
            if matches!(event, Event::Start(Tag::FootnoteDefinition(_))) {
                in_footnote += 1;
            }
            if matches!(event, Event::End(TagEnd::FootnoteDefinition)) {
                in_footnote -= 1;
            }
            footnotes.push(event);
            continue;
        }
        match &event {
            Event::Start(Tag::FootnoteDefinition(_)) => {
                in_footnote = 1;
                footnotes.push(event);
                continue;
            }
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            }) if title.is_none() && !in_h1 => {
                in_h1 = true;
                continue;
            }
            Event::End(TagEnd::Heading(HeadingLevel::H1)) if in_h1 => {
                in_h1 = false;
                title = Some(h1_text.trim().to_string());
                continue;
            }
            Event::Start(Tag::List(first)) => {
                list_depth += 1;
                if list_depth == 1 && first.is_some() {
                    numbered_top = true;
                    out_events.push(Event::Html(CowStr::from(format!(
                        "<ol class=\"artikelen\" start=\"{next_number}\">\n"
                    ))));
                    continue;
                }
            }
            Event::End(TagEnd::List(ordered)) => {
                list_depth -= 1;
                if list_depth == 0 && *ordered && numbered_top {
                    numbered_top = false;
                    out_events.push(Event::Html(CowStr::from("</ol>\n")));
                    continue;
                }
            }
            Event::Start(Tag::Item) if list_depth == 1 && numbered_top => {
                item_depth = 1;
                current = Some(Article {
                    number: next_number,
                    text: String::new(),
                    summary: String::new(),
                });
                out_events.push(Event::Html(CowStr::from(format!(
                    "<li id=\"artikel-{next_number}\">"
                ))));
                next_number += 1;
                continue;
            }
            Event::End(TagEnd::Item) if list_depth == 1 && numbered_top && item_depth == 1 => {
                item_depth = 0;
                if let Some(mut article) = current.take() {
                    article.text = collapse_spaces(&article.text);
                    article.summary = summarise(&article.text);
                    articles.push(article);
                }
            }
            Event::Text(text) | Event::Code(text) => {
                if in_h1 {
                    h1_text.push_str(text);
                }
                if let Some(article) = current.as_mut() {
                    article.text.push_str(text);
                }
            }
            Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph) => {
                if let Some(article) = current.as_mut() {
                    article.text.push(' ');
                }
            }
            Event::Start(Tag::Item) => {
                if let Some(article) = current.as_mut() {
                    article.text.push(' ');
                }
            }
            _ => {}
        }
        if in_h1 {
            h1_events.push(event);
        } else {
            out_events.push(event);
        }
    }
    let title_html = title.as_ref().map(|_| {
        let mut inner = String::new();
        html::push_html(&mut inner, h1_events.into_iter());
        inner
    });

    let mut html_out = String::new();
    html::push_html(&mut html_out, out_events.into_iter());
    if !footnotes.is_empty() {
        html_out.push_str("<section class=\"voetnoten\" aria-label=\"Voetnoten\">\n");
        html::push_html(&mut html_out, footnotes.into_iter());
        html_out.push_str("</section>\n");
    }
    Document {
        html: html_out,
        articles,
        title,
        title_html,
    }
}

fn collapse_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The article's first sentence, cut at a word boundary near 70 characters.
fn summarise(text: &str) -> String {
    let first = text
        .split_inclusive(['.', ':', ';'])
        .next()
        .unwrap_or(text)
        .trim()
        .trim_end_matches([':', ';'])
        .to_string();
    const LIMIT: usize = 70;
    if first.chars().count() <= LIMIT {
        return first;
    }
    let mut cut = String::new();
    for word in first.split(' ') {
        if cut.chars().count() + word.chars().count() + 1 > LIMIT {
            break;
        }
        if !cut.is_empty() {
            cut.push(' ');
        }
        cut.push_str(word);
    }
    format!("{}…", cut.trim_end_matches([',', ' ']))
}

#[cfg(test)]
mod tests {
    use super::*;

    const INTERRUPTED: &str = "# Titel[^1]\n\nIntro.\n\n1. Eerste.\n2. Tweede met\n   - een punt;\n   - nog een.\n\n[^1]: Ook bedoeld: iemand.\n\n8. Derde.\n9. Vierde.\n";

    #[test]
    fn numbering_continues_across_an_interruption() {
        let doc = render(INTERRUPTED);
        let numbers: Vec<u32> = doc.articles.iter().map(|a| a.number).collect();
        assert_eq!(numbers, vec![1, 2, 3, 4]);
        assert!(doc.html.contains("<li id=\"artikel-3\">"));
        assert!(doc.html.contains("<ol class=\"artikelen\" start=\"3\">"));
        assert!(!doc.html.contains("artikel-8"));
    }

    #[test]
    fn restart_at_one_still_continues() {
        let doc = render("1. a\n2. b\n\nTussentekst.\n\n1. c\n");
        let numbers: Vec<u32> = doc.articles.iter().map(|a| a.number).collect();
        assert_eq!(numbers, vec![1, 2, 3]);
    }

    #[test]
    fn nested_items_belong_to_their_article() {
        let doc = render(INTERRUPTED);
        assert_eq!(doc.articles[1].text, "Tweede met een punt; nog een.");
        assert!(doc.html.contains("<ul>"));
    }

    #[test]
    fn footnote_goes_to_the_end_and_title_is_found() {
        let doc = render(INTERRUPTED);
        assert_eq!(doc.title.as_deref(), Some("Titel"));
        assert!(doc.title_html.as_deref().unwrap().starts_with("Titel<sup"));
        assert!(!doc.html.contains("<h1>"));
        let note = doc.html.find("Ook bedoeld").unwrap();
        let last_article = doc.html.find("artikel-4").unwrap();
        assert!(note > last_article);
        assert!(
            doc.title_html
                .unwrap()
                .contains("class=\"footnote-reference\"")
        );
    }

    #[test]
    fn summaries_are_short() {
        let long = "Je bent niet verplicht om de klacht eerst intern te laten behandelen. Rest.";
        assert_eq!(
            summarise(long),
            "Je bent niet verplicht om de klacht eerst intern te laten behandelen."
        );
        let longer = "Als je er met de manager of de onafhankelijke klachtenfunctionaris van WerkPro niet uit komt kan je";
        let s = summarise(longer);
        assert!(s.ends_with('…') && s.chars().count() <= 71, "{s}");
    }
}
