//! The regulation's Markdown: articles, leden, chapters, anchors and footnotes
//! (SPEC §2.1). Pure functions on text.
//!
//! A regulation is published in one of two shapes, and this module reads both
//! as print, never renumbering what is printed:
//! - **article headings** (`### Artikel 3.7 Termijn`, `**Artikel 4.** Hoorplicht`):
//!   each article runs to the next article or chapter heading; the numbered
//!   items directly inside it are its leden, and a line that starts with the
//!   next lid's number starts that lid even where Markdown would glue it to the
//!   paragraph before (text pasted from print);
//! - **a numbered list** (the seed), when there are no article headings: each
//!   top-level item is an article at its printed number; a later list that
//!   restarts at 1 continues the count.
//!
//! Chapter headings (`Hoofdstuk`, `Paragraaf`, `§`) group the articles in both.
//! Extra pages go through [`render_page`], which never numbers anything.

use crate::model::{Article, Chapter, Lid, Text, anchor_slug, split_article_number};
use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};
use std::collections::HashSet;
use std::ops::Range;

/// A rendered Markdown document.
#[derive(Debug, Clone)]
pub struct Document {
    pub html: String,
    /// The articles, leden, chapters and footnotes found.
    pub text: Text,
    /// The text of the first `#` heading, when the body has one.
    pub title: Option<String>,
    /// That heading's inner HTML (with its footnote reference); it is not in `html`.
    pub title_html: Option<String>,
    /// The body as Markdown with the structure and numbers of `html`: a lid
    /// glued to the line before it gets the blank line Markdown needs.
    pub markdown: String,
}

impl Document {
    /// The table-of-contents text of an article: its title, else its first words.
    pub fn summary(article: &Article) -> String {
        article
            .title
            .clone()
            .unwrap_or_else(|| summarise(&article.text))
    }
}

fn options() -> Options {
    Options::ENABLE_FOOTNOTES | Options::ENABLE_TABLES | Options::ENABLE_SMART_PUNCTUATION
}

/// What a heading (or a paragraph standing as one) announces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Heading {
    Article {
        number: String,
        title: Option<String>,
    },
    Chapter {
        /// "Hoofdstuk 2", "§ 4": the word as printed and the number.
        label: String,
        /// "hoofdstuk" or "paragraaf", for the anchor.
        kind: &'static str,
        number: String,
        title: Option<String>,
    },
}

/// Recognises an article or chapter heading: `Artikel 3.7 Termijn`,
/// `ARTIKEL 4`, `Art. 5:`, `Artikel 6a – Doorzending`, `Hoofdstuk 2 Klachten`,
/// `§ 3 Slotbepalingen`. A sentence that merely mentions an article ("In
/// artikel 3 staat …", "Artikel 3, tweede lid, geldt …") is none.
pub fn recognise(line: &str) -> Option<Heading> {
    let line = line.trim();
    if let Some(rest) = strip_word(line, "artikel").or_else(|| strip_prefix_ci(line, "art.")) {
        let (number, after) = split_article_number(rest.trim_start())?;
        return Some(Heading::Article {
            number: number.to_string(),
            title: title_after(after)?,
        });
    }
    let (kind, word, rest) = if let Some(rest) = strip_word(line, "hoofdstuk") {
        ("hoofdstuk", &line[..line.len() - rest.len()], rest)
    } else if let Some(rest) = strip_word(line, "paragraaf") {
        ("paragraaf", &line[..line.len() - rest.len()], rest)
    } else if let Some(rest) = line.strip_prefix('§') {
        ("paragraaf", "§", rest)
    } else {
        return None;
    };
    let rest = rest.trim_start();
    let (number, after) = split_article_number(rest).or_else(|| split_roman(rest))?;
    Some(Heading::Chapter {
        label: format!("{} {number}", word.trim_end()),
        kind,
        number: number.to_string(),
        title: title_after(after)?,
    })
}

/// `rest` after a case-insensitive `word` followed by whitespace.
fn strip_word<'t>(line: &'t str, word: &str) -> Option<&'t str> {
    strip_prefix_ci(line, word).filter(|rest| rest.starts_with(char::is_whitespace))
}

fn strip_prefix_ci<'t>(line: &'t str, prefix: &str) -> Option<&'t str> {
    let head = line.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &line[prefix.len()..])
}

/// A Roman chapter number ("IV") at the front of `text`.
fn split_roman(text: &str) -> Option<(&str, &str)> {
    let end = text
        .find(|c: char| !matches!(c.to_ascii_uppercase(), 'I' | 'V' | 'X' | 'L' | 'C'))
        .unwrap_or(text.len());
    let after = &text[end..];
    (end > 0 && !after.starts_with(|c: char| c.is_alphanumeric())).then(|| (&text[..end], after))
}

/// What follows a heading's number: nothing, or a separator (`.`, `:`, `–`,
/// `-`) and/or spaces and a title. `None` when it reads as a sentence instead.
fn title_after(after: &str) -> Option<Option<String>> {
    let trimmed = after.trim_start();
    let spaced = trimmed.len() < after.len();
    let (separated, title) = match trimmed.strip_prefix(['.', ':', '–', '—', '-']) {
        Some(rest) => (true, rest.trim()),
        None => (false, trimmed.trim()),
    };
    if title.is_empty() {
        return Some(None);
    }
    if !spaced && !separated {
        return None;
    }
    if title.starts_with([',', ';', '(', ')']) {
        return None;
    }
    Some(Some(title.to_string()))
}

/// Whether a paragraph's line (standing as a heading of its own) is short and
/// capitalised like a title, not a sentence: "Begripsbepalingen", "Termijn van
/// afhandeling", but not "De klacht wordt binnen zes weken afgehandeld.".
fn is_title_like(line: &str) -> bool {
    let line = line.trim();
    let words = line.split_whitespace().count();
    (1..=12).contains(&words)
        && line.chars().count() <= 90
        && line.chars().next().is_some_and(char::is_uppercase)
        && !line.ends_with(['.', ',', ';', ':'])
        && recognise(line).is_none()
        && lid_marker(line).is_none()
}

/// A lid's number at the front of a line: `2.` or `2)` and a space.
fn lid_marker(line: &str) -> Option<(u32, usize)> {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 3 {
        return None;
    }
    let bytes = line.as_bytes();
    if !matches!(bytes.get(digits), Some(b'.' | b')')) {
        return None;
    }
    let spaces = line[digits + 1..]
        .bytes()
        .take_while(|b| *b == b' ' || *b == b'\t')
        .count();
    (spaces > 0 && digits + 1 + spaces < line.len())
        .then(|| (line[..digits].parse().ok(), digits + 1 + spaces))
        .and_then(|(n, len)| Some((n?, len)))
}

/// A lettered item at the front of a line: `a.`, `b)` and a space.
fn letter_marker(line: &str) -> bool {
    let bytes = line.as_bytes();
    bytes.len() > 3
        && bytes[0].is_ascii_lowercase()
        && matches!(bytes[1], b'.' | b')')
        && bytes[2] == b' '
}

type Spanned<'a> = (Event<'a>, Range<usize>);

/// One top-level block: its events (inclusive of its Start and End).
struct Block<'a> {
    events: Vec<Spanned<'a>>,
}

impl<'a> Block<'a> {
    fn start(&self) -> &Event<'a> {
        &self.events[0].0
    }

    fn offset(&self) -> usize {
        self.events[0].1.start
    }

    /// The inline events of a paragraph or heading, without its Start and End.
    fn inner(&self) -> &[Spanned<'a>] {
        &self.events[1..self.events.len().saturating_sub(1)]
    }

    fn plain(&self) -> String {
        plain(self.inner())
    }
}

fn plain(events: &[Spanned]) -> String {
    let mut text = String::new();
    for (event, _) in events {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text
}

/// Splits inline events into lines at breaks outside any inline tag.
fn lines<'e, 'a>(events: &'e [Spanned<'a>]) -> Vec<&'e [Spanned<'a>]> {
    let mut result = Vec::new();
    let mut depth = 0usize;
    let mut from = 0;
    for (i, (event, _)) in events.iter().enumerate() {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::SoftBreak | Event::HardBreak if depth == 0 => {
                result.push(&events[from..i]);
                from = i + 1;
            }
            _ => {}
        }
    }
    result.push(&events[from..]);
    result
}

fn top_level_blocks<'a>(markdown: &'a str) -> Vec<Block<'a>> {
    let mut blocks = Vec::new();
    let mut current: Vec<Spanned<'a>> = Vec::new();
    let mut depth = 0usize;
    for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        match &event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth -= 1,
            _ => {}
        }
        current.push((event, range));
        if depth == 0 {
            blocks.push(Block {
                events: std::mem::take(&mut current),
            });
        }
    }
    blocks
}

/// File lines of byte offsets in the body.
struct Lines {
    starts: Vec<usize>,
    first_line: usize,
}

impl Lines {
    fn new(text: &str, first_line: usize) -> Lines {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines { starts, first_line }
    }

    fn line(&self, offset: usize) -> usize {
        self.first_line + self.starts.partition_point(|s| *s <= offset) - 1
    }

    fn line_start(&self, offset: usize) -> usize {
        self.starts[self.starts.partition_point(|s| *s <= offset) - 1]
    }
}

/// What a top-level block is, decided before anything is emitted so that
/// anchors of repeated numbers can be told apart.
enum Kind {
    Title,
    Footnote,
    Chapter(Chapter),
    Article {
        article: Article,
        /// `None`: a paragraph standing as a heading.
        level: Option<HeadingLevel>,
        /// The title stands in the next block, a line by itself.
        title_from_next: bool,
        /// Lines of a paragraph standing as a heading that are its heading
        /// (1, or 2 with a title on the second line); the rest is text.
        heading_lines: usize,
    },
    /// The title of the article heading before it.
    ArticleTitle,
    Heading(HeadingLevel),
    Other,
}

fn heading_level(event: &Event) -> Option<HeadingLevel> {
    match event {
        Event::Start(Tag::Heading { level, .. }) => Some(*level),
        _ => None,
    }
}

/// A paragraph that stands as an article or chapter heading: its first line
/// says so, and is bold or reads as a heading (a short capitalised title, or
/// none), so that "Artikel 3 is van toepassing op …" stays a sentence.
fn paragraph_heading(block: &Block) -> Option<Heading> {
    let first = *lines(block.inner()).first()?;
    let text = plain(first);
    let heading = recognise(&text)?;
    let bold = matches!(first.first(), Some((Event::Start(Tag::Strong), _)));
    let title = match &heading {
        Heading::Article { title, .. } | Heading::Chapter { title, .. } => title,
    };
    let reads_as_heading = match title {
        None => true,
        Some(title) => {
            title.chars().next().is_some_and(char::is_uppercase)
                && title.split_whitespace().count() <= 12
                && !title.ends_with(['.', ',', ';'])
        }
    };
    (bold || reads_as_heading).then_some(heading)
}

fn classify(blocks: &[Block], lines: &Lines) -> Vec<Kind> {
    let mut kinds: Vec<Kind> = Vec::with_capacity(blocks.len());
    let mut have_title = false;
    let mut chapters = 0usize;
    let mut chapter: Option<usize> = None;
    for (index, block) in blocks.iter().enumerate() {
        if matches!(
            kinds.last(),
            Some(Kind::Article {
                title_from_next: true,
                ..
            })
        ) {
            kinds.push(Kind::ArticleTitle);
            continue;
        }
        let start = block.start();
        let line = lines.line(block.offset());
        let (heading, level) = match start {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            }) if !have_title => {
                have_title = true;
                kinds.push(Kind::Title);
                continue;
            }
            Event::Start(Tag::FootnoteDefinition(_)) => {
                kinds.push(Kind::Footnote);
                continue;
            }
            Event::Start(Tag::Heading { level, .. }) => (recognise(&block.plain()), Some(*level)),
            Event::Start(Tag::Paragraph) => (paragraph_heading(block), None),
            _ => (None, None),
        };
        let kind = match heading {
            Some(Heading::Chapter {
                label,
                kind,
                number,
                title,
            }) => {
                chapter = Some(chapters);
                chapters += 1;
                Kind::Chapter(Chapter {
                    label,
                    title,
                    anchor: format!("{kind}-{}", anchor_slug(&number)),
                    line,
                })
            }
            Some(Heading::Article { number, title }) => {
                let next_line = match title {
                    None => title_on_next_line(block, level, blocks.get(index + 1)),
                    Some(_) => None,
                };
                let title_from_next = next_line.is_some() && level.is_some();
                let heading_lines = 1 + usize::from(next_line.is_some() && level.is_none());
                let title = title.or(next_line);
                Kind::Article {
                    article: Article {
                        anchor: format!("artikel-{}", anchor_slug(&number)),
                        number,
                        title,
                        line,
                        chapter,
                        text: String::new(),
                        leden: Vec::new(),
                    },
                    level,
                    title_from_next,
                    heading_lines,
                }
            }
            None => match level {
                Some(level) => Kind::Heading(level),
                None => Kind::Other,
            },
        };
        kinds.push(kind);
    }
    kinds
}

/// The title of an article heading that has none on its own line: the next
/// line, when it stands by itself and reads as a title. For a heading that is
/// the next block; for a paragraph standing as a heading, its second line.
fn title_on_next_line(
    block: &Block,
    level: Option<HeadingLevel>,
    next: Option<&Block>,
) -> Option<String> {
    if level.is_none() {
        let lines = lines(block.inner());
        return lines
            .get(1)
            .map(|line| plain(line))
            .filter(|line| is_title_like(line));
    }
    let next = next?;
    if !matches!(next.start(), Event::Start(Tag::Paragraph)) || lines(next.inner()).len() != 1 {
        return None;
    }
    Some(next.plain().trim().to_string()).filter(|line| is_title_like(line))
}

/// Gives every article and chapter a unique anchor: a number printed twice
/// gets `-2`, `-3`, … (skipping anchors other numbers already have).
fn settle_anchors(kinds: &mut [Kind]) {
    let mut taken: HashSet<String> = HashSet::new();
    for kind in kinds.iter() {
        match kind {
            Kind::Article { article, .. } => {
                taken.insert(article.anchor.clone());
            }
            Kind::Chapter(chapter) => {
                taken.insert(chapter.anchor.clone());
            }
            _ => {}
        }
    }
    let mut seen: HashSet<String> = HashSet::new();
    for kind in kinds.iter_mut() {
        let anchor = match kind {
            Kind::Article { article, .. } => &mut article.anchor,
            Kind::Chapter(chapter) => &mut chapter.anchor,
            _ => continue,
        };
        if seen.insert(anchor.clone()) {
            continue;
        }
        let base = anchor.clone();
        let mut n = 2;
        while taken.contains(&format!("{base}-{n}")) {
            n += 1;
        }
        *anchor = format!("{base}-{n}");
        taken.insert(anchor.clone());
        seen.insert(anchor.clone());
    }
}

/// The link beside an article, lid or chapter that a reader can copy.
fn link(anchor: &str, what: &str, sign: &str) -> Event<'static> {
    Event::InlineHtml(CowStr::from(format!(
        "<a class=\"anker\" href=\"#{anchor}\" aria-label=\"Link naar {what}\">{sign}</a>"
    )))
}

fn html_event(text: impl Into<String>) -> Event<'static> {
    Event::Html(CowStr::from(text.into()))
}

/// Emits events and keeps the text of the open article and lid.
struct Builder<'a> {
    out: Vec<Event<'a>>,
    text: Text,
    /// The open article (heading shape): its index and its heading's level.
    article: Option<(usize, Option<HeadingLevel>)>,
    leden_open: bool,
    lid_open: bool,
    /// Byte offsets where a glued lid needs a blank line in the twin.
    glued: Vec<usize>,
}

impl<'a> Builder<'a> {
    fn emit(&mut self, event: Event<'a>) {
        if let Some((index, _)) = self.article {
            let article = &mut self.text.articles[index];
            let piece = match &event {
                Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                Event::SoftBreak | Event::HardBreak | Event::Start(_) | Event::End(_) => Some(" "),
                _ => None,
            };
            if let Some(piece) = piece {
                article.text.push_str(piece);
                if self.lid_open
                    && let Some(lid) = article.leden.last_mut()
                {
                    lid.text.push_str(piece);
                }
            }
        }
        self.out.push(event);
    }

    fn open_article(&mut self, article: Article, level: Option<HeadingLevel>) {
        self.close_article();
        self.out.push(html_event(format!(
            "<section class=\"artikel\" id=\"{}\">\n",
            article.anchor
        )));
        self.text.articles.push(article);
        self.article = Some((self.text.articles.len() - 1, level));
    }

    fn close_article(&mut self) {
        if self.article.is_none() {
            return;
        }
        if self.lid_open {
            self.out.push(html_event("</li>\n"));
        }
        if self.leden_open {
            self.out.push(html_event("</ol>\n"));
        }
        self.out.push(html_event("</section>\n"));
        self.article = None;
        self.leden_open = false;
        self.lid_open = false;
    }

    /// The number the next lid of the open article must have.
    fn next_lid(&self) -> Option<u32> {
        let (index, _) = self.article?;
        Some(
            self.text.articles[index]
                .leden
                .last()
                .map_or(1, |l| l.number + 1),
        )
    }

    fn open_lid(&mut self, number: u32, line: usize) {
        let Some((index, _)) = self.article else {
            return;
        };
        if self.lid_open {
            self.out.push(html_event("</li>\n"));
        }
        if !self.leden_open {
            self.out.push(html_event("<ol class=\"leden\">\n"));
            self.leden_open = true;
        }
        let article = &mut self.text.articles[index];
        let anchor = format!("{}-lid-{number}", article.anchor);
        self.out.push(html_event(format!(
            "<li id=\"{anchor}\" value=\"{number}\">"
        )));
        self.out.push(link(
            &anchor,
            &format!("artikel {} lid {number}", article.number),
            "¶",
        ));
        article.leden.push(Lid {
            number,
            anchor,
            line,
            text: String::new(),
        });
        self.lid_open = true;
    }

    /// A paragraph inside an article: a line starting with the next lid's
    /// number starts that lid, and a lettered item keeps its own line.
    fn paragraph(&mut self, inner: &[Spanned<'a>], lines: &Lines) {
        let mut events: Vec<Spanned<'a>> = inner.to_vec();
        loop {
            let glued = events.iter().enumerate().find_map(|(i, (event, _))| {
                if !matches!(event, Event::SoftBreak | Event::HardBreak) {
                    return None;
                }
                let (Event::Text(text), range) = &events.get(i + 1)? else {
                    return None;
                };
                let (number, len) = lid_marker(text)?;
                (Some(number) == self.next_lid()).then_some((i, number, len, range.start))
            });
            let Some((at, number, marker_len, offset)) = glued else {
                self.paragraph_lines(events);
                return;
            };
            let rest = events.split_off(at);
            self.paragraph_lines(events);
            self.glued.push(lines.line_start(offset));
            self.open_lid(number, lines.line(offset));
            let mut rest = rest.into_iter().skip(1);
            let (first, range) = rest.next().expect("the glued text");
            let Event::Text(text) = first else {
                unreachable!("checked above")
            };
            let remaining = text[marker_len..].to_string();
            events = std::iter::once((Event::Text(CowStr::from(remaining)), range))
                .chain(rest)
                .collect();
        }
    }

    fn paragraph_lines(&mut self, events: Vec<Spanned<'a>>) {
        if events.is_empty() {
            return;
        }
        self.emit(Event::Start(Tag::Paragraph));
        let count = events.len();
        let mut events = events.into_iter().peekable();
        let mut i = 0;
        while let Some((event, _)) = events.next() {
            i += 1;
            let next_lettered =
                matches!(events.peek(), Some((Event::Text(t), _)) if letter_marker(t));
            match event {
                Event::SoftBreak if next_lettered => self.emit(Event::HardBreak),
                // A trailing break (print's trailing spaces) before a split lid.
                Event::HardBreak | Event::SoftBreak if i == count => {}
                other => self.emit(other),
            }
        }
        self.emit(Event::End(TagEnd::Paragraph));
    }
}

/// Renders the regulation's body: articles, leden and chapters at their
/// printed numbers, each with its anchor and a link to copy; footnotes at the
/// end. `first_line` is the file line the body starts on.
pub fn render(markdown: &str, first_line: usize) -> Document {
    let normalised = read_as_print(markdown);
    let markdown: &str = &normalised;
    let at = Lines::new(markdown, first_line);
    let blocks = top_level_blocks(markdown);
    let mut kinds = classify(&blocks, &at);
    settle_anchors(&mut kinds);
    let by_headings = kinds.iter().any(|k| matches!(k, Kind::Article { .. }));

    let mut builder = Builder {
        out: Vec::new(),
        text: Text::default(),
        article: None,
        leden_open: false,
        lid_open: false,
        glued: Vec::new(),
    };
    let mut title_events: Vec<Event> = Vec::new();
    let mut title: Option<String> = None;
    let mut footnotes: Vec<Event> = Vec::new();
    let mut chapter: Option<usize> = None;
    let mut last_level = HeadingLevel::H1;
    let mut chapter_level: Option<HeadingLevel> = None;
    // Numbered-list shape: the last article number, and where a restarted
    // list's first number must be rewritten in the twin.
    let mut last_number = 0u32;
    let mut renumbered: Vec<(usize, u32)> = Vec::new();
    let mut previous_lettered = false;
    for (index, (block, kind)) in blocks.iter().zip(kinds).enumerate() {
        let after_lettered = previous_lettered;
        previous_lettered = matches!(block.start(), Event::Start(Tag::Paragraph))
            && letter_marker(block.plain().trim_start());
        match kind {
            Kind::Title => {
                title = Some(block.plain().trim().to_string());
                title_events = block.inner().iter().map(|(e, _)| e.clone()).collect();
            }
            Kind::Footnote => footnotes.extend(block.events.iter().map(|(e, _)| e.clone())),
            Kind::ArticleTitle => {}
            Kind::Chapter(ch) => {
                builder.close_article();
                let anchor = ch.anchor.clone();
                let what = ch.label.to_lowercase().replace('§', "paragraaf");
                builder.text.chapters.push(ch);
                chapter = Some(builder.text.chapters.len() - 1);
                let (level, heading, rest) = match heading_level(block.start()) {
                    Some(level) => (level, block.inner(), &[][..]),
                    None => {
                        let first = lines(block.inner())[0];
                        let rest = &block.inner()[(first.len() + 1).min(block.inner().len())..];
                        // Chapters standing as paragraphs share one level.
                        let level = *chapter_level.get_or_insert(deeper(last_level));
                        (level, first, rest)
                    }
                };
                last_level = level;
                heading_start(&mut builder, level, Some(&anchor), None);
                builder.out.extend(heading.iter().map(|(e, _)| e.clone()));
                builder.out.push(link(&anchor, &what, "#"));
                builder.out.push(Event::End(TagEnd::Heading(level)));
                if !rest.is_empty() {
                    builder.emit(Event::Start(Tag::Paragraph));
                    for (event, _) in rest {
                        builder.emit(event.clone());
                    }
                    builder.emit(Event::End(TagEnd::Paragraph));
                }
            }
            Kind::Article {
                mut article,
                level,
                title_from_next,
                heading_lines,
            } => {
                article.chapter = chapter;
                let anchor = article.anchor.clone();
                let what = format!("artikel {}", article.number);
                builder.open_article(article, level);
                let (level, class, heading, rest): (_, _, Vec<&[Spanned]>, _) = match level {
                    Some(level) => {
                        let mut heading = vec![block.inner()];
                        if title_from_next {
                            heading.push(blocks.get(index + 1).map_or(&[][..], |b| b.inner()));
                        }
                        (level, None, heading, &[][..])
                    }
                    // A paragraph standing as a heading: its first line (and a
                    // title on the second) is the heading, the rest is text.
                    None => {
                        let all = lines(block.inner());
                        let used: usize = all[..heading_lines].iter().map(|l| l.len() + 1).sum();
                        let rest = &block.inner()[used.min(block.inner().len())..];
                        (
                            deeper(last_level),
                            Some("artikel-kop"),
                            all[..heading_lines].to_vec(),
                            rest,
                        )
                    }
                };
                heading_start(&mut builder, level, None, class);
                for (i, part) in heading.iter().enumerate() {
                    if i > 0 {
                        builder.out.push(html_event(" <span class=\"titel\">"));
                    }
                    builder.out.extend(part.iter().map(|(e, _)| e.clone()));
                    if i > 0 {
                        builder.out.push(html_event("</span>"));
                    }
                }
                builder.out.push(link(&anchor, &what, "#"));
                builder.out.push(Event::End(TagEnd::Heading(level)));
                if !rest.is_empty() {
                    builder.paragraph(rest, &at);
                }
            }
            Kind::Heading(level) => {
                if let Some((_, article_level)) = builder.article
                    && article_level.is_none_or(|a| level <= a)
                {
                    builder.close_article();
                }
                last_level = level;
                for (event, _) in &block.events {
                    builder.emit(event.clone());
                }
            }
            Kind::Other => {
                let ordered = match block.start() {
                    Event::Start(Tag::List(Some(start))) => Some(*start as u32),
                    _ => None,
                };
                match (ordered, by_headings, builder.article.is_some()) {
                    (Some(_), true, true) => {
                        leden(&mut builder, block, markdown, after_lettered, &at);
                    }
                    (_, true, true) if matches!(block.start(), Event::Start(Tag::Paragraph)) => {
                        builder.paragraph(block.inner(), &at);
                    }
                    (Some(start), false, _) => {
                        let first = if start > last_number {
                            start
                        } else {
                            renumbered.push((block.offset(), last_number + 1));
                            last_number + 1
                        };
                        last_number = numbered_articles(&mut builder, block, first, chapter, &at);
                    }
                    _ => {
                        for (event, _) in &block.events {
                            builder.emit(event.clone());
                        }
                    }
                }
            }
        }
    }
    builder.close_article();

    for article in &mut builder.text.articles {
        article.text = collapse_spaces(&article.text);
        for lid in &mut article.leden {
            lid.text = collapse_spaces(&lid.text);
        }
    }
    builder.text.footnotes = footnote_order(&title_events, &builder.out, &footnotes);

    let (title_html, html) = write_html(title_events, builder.out, footnotes);
    Document {
        html,
        title_html: title.as_ref().map(|_| title_html),
        title,
        text: builder.text,
        markdown: twin(markdown, &builder.glued, &renumbered),
    }
}

/// A numbering marker standing alone on its line, as text copied from an
/// official publication has them (`  • 1.`, `    • a.`, `• -`): the marker.
fn print_marker(line: &str) -> Option<&str> {
    let rest = line.trim();
    let rest = rest
        .strip_prefix(['•', '·', '▪', '◦', '‣'])
        .map_or(rest, str::trim_start);
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let numbered = (1..=3).contains(&digits) && rest[digits..] == *".";
    let lettered =
        rest.len() == 2 && rest.as_bytes()[0].is_ascii_lowercase() && rest.ends_with('.');
    (numbered
        || lettered
        || (rest == "-" && line.trim_start().starts_with(['•', '·', '▪', '◦', '‣'])))
    .then_some(rest)
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches([' ', '\t']).len()
}

/// Reads text copied from an official publication as print: a numbering
/// marker alone on its line (`  • 1.`) with its text indented below it is
/// the numbered item `1. text`, and `• a.` the lettered item `a. text`,
/// instead of an indented code block. The printed numbers and words stay as
/// they are and every line keeps its number (the marker's line goes blank).
pub fn read_as_print(markdown: &str) -> std::borrow::Cow<'_, str> {
    if !markdown.lines().any(|l| print_marker(l).is_some()) {
        return std::borrow::Cow::Borrowed(markdown);
    }
    let lines: Vec<&str> = markdown.split_inclusive('\n').collect();
    let mut out: Vec<String> = lines.iter().map(|l| (*l).to_string()).collect();
    let mut i = 0;
    while i < lines.len() {
        let Some(marker) = print_marker(lines[i]) else {
            i += 1;
            continue;
        };
        let mut j = i + 1;
        while j < lines.len() && lines[j].trim().is_empty() {
            j += 1;
        }
        if j >= lines.len() || print_marker(lines[j]).is_some() || indent_of(lines[j]) < 2 {
            i += 1;
            continue;
        }
        let content = indent_of(lines[j]);
        let ending = if lines[i].ends_with('\n') { "\n" } else { "" };
        out[i] = ending.to_string();
        let marker = if marker == "-" { "-" } else { marker };
        out[j] = format!("{marker} {}", lines[j].trim_start());
        // Its further lines, as indented, belong to it.
        let mut k = j + 1;
        while k < lines.len() {
            let line = lines[k];
            if print_marker(line).is_some() {
                break;
            }
            if line.trim().is_empty() {
                k += 1;
                continue;
            }
            if indent_of(line) < content {
                break;
            }
            out[k] = line[content.min(indent_of(line))..].to_string();
            k += 1;
        }
        i = k.max(j + 1);
    }
    std::borrow::Cow::Owned(out.concat())
}

/// Renders an extra page (`content/*.md`): its `#` title and its footnotes at
/// the end, but no article numbers or anchors (SPEC §2.1).
pub fn render_page(markdown: &str) -> Document {
    let blocks = top_level_blocks(markdown);
    let mut title = None;
    let mut title_events = Vec::new();
    let mut body = Vec::new();
    let mut footnotes = Vec::new();
    for block in &blocks {
        match block.start() {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            }) if title.is_none() => {
                title = Some(block.plain().trim().to_string());
                title_events = block.inner().iter().map(|(e, _)| e.clone()).collect();
            }
            Event::Start(Tag::FootnoteDefinition(_)) => {
                footnotes.extend(block.events.iter().map(|(e, _)| e.clone()));
            }
            _ => body.extend(block.events.iter().map(|(e, _)| e.clone())),
        }
    }
    let (title_html, html) = write_html(title_events, body, footnotes);
    Document {
        html,
        title_html: title.as_ref().map(|_| title_html),
        title,
        text: Text::default(),
        markdown: markdown.to_string(),
    }
}

/// Writes the title's inner HTML and the body with its footnotes at the end,
/// through one writer so that footnote numbers agree between the two.
fn write_html(title: Vec<Event>, body: Vec<Event>, footnotes: Vec<Event>) -> (String, String) {
    const TITLE_END: &str = "<!--regelwerk:einde-titel-->\n";
    let has_notes = !footnotes.is_empty();
    let events = title
        .into_iter()
        .chain([html_event(TITLE_END)])
        .chain(body)
        .chain(
            has_notes
                .then(|| html_event("<section class=\"voetnoten\" aria-label=\"Voetnoten\">\n")),
        )
        .chain(footnotes)
        .chain(has_notes.then(|| html_event("</section>\n")));
    let mut all = String::new();
    html::push_html(&mut all, events);
    match all.split_once(TITLE_END) {
        Some((title, body)) => (title.to_string(), body.to_string()),
        None => (String::new(), all),
    }
}

fn deeper(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        HeadingLevel::H2 => HeadingLevel::H3,
        HeadingLevel::H3 => HeadingLevel::H4,
        HeadingLevel::H4 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

/// Starts a heading element (its content and end follow).
fn heading_start(
    builder: &mut Builder,
    level: HeadingLevel,
    id: Option<&str>,
    class: Option<&str>,
) {
    builder.out.push(Event::Start(Tag::Heading {
        level,
        id: id.map(|id| CowStr::from(id.to_string())),
        classes: class
            .map(|c| vec![CowStr::from(c.to_string())])
            .unwrap_or_default(),
        attrs: Vec::new(),
    }));
}

/// The items of a numbered list inside an article: its leden, at their
/// printed numbers. An item is a lid when its number is the next one (or
/// higher) at the list's own indentation; items indented under a lettered
/// item, or restarting below the next lid's number, are a list inside the
/// lid before them.
fn leden<'a>(
    builder: &mut Builder<'a>,
    block: &Block<'a>,
    source: &str,
    after_lettered: bool,
    lines: &Lines,
) {
    let mut depth = 0usize;
    let mut nested: Option<usize> = None;
    let mut previous: Option<(u32, usize, bool)> = None;
    for (event, range) in block.events.iter().skip(1).take(block.events.len() - 2) {
        match event {
            Event::Start(Tag::Item) if depth == 0 => {
                depth += 1;
                let (printed, indent) = item_marker(source, range.start);
                let next = builder.next_lid().unwrap_or(1);
                let lid = match (nested, previous) {
                    (Some(at), _) if indent >= at => None,
                    _ if printed >= next
                        && !(indent > 0 && after_lettered && previous.is_none()) =>
                    {
                        Some(printed)
                    }
                    // "1." on every item: Markdown counts them.
                    (_, Some((before, at, true))) if printed == before && indent == at => {
                        Some(next)
                    }
                    _ => None,
                };
                previous = Some((printed, indent, lid.is_some()));
                match lid {
                    Some(number) => {
                        if nested.take().is_some() {
                            builder.emit(html_event("</ol>\n"));
                        }
                        builder.open_lid(number, lines.line(range.start));
                        continue;
                    }
                    None => {
                        if nested.is_none() {
                            nested = Some(indent);
                            let start = if printed == 1 {
                                String::new()
                            } else {
                                format!(" start=\"{printed}\"")
                            };
                            builder.emit(html_event(format!("<ol{start}>\n")));
                        }
                    }
                }
            }
            Event::End(TagEnd::Item) if depth == 1 => {
                depth -= 1;
                if nested.is_none() {
                    continue;
                }
            }
            Event::Start(_) => depth += 1,
            Event::End(_) => depth -= 1,
            _ => {}
        }
        builder.emit(event.clone());
    }
    if nested.is_some() {
        builder.emit(html_event("</ol>\n"));
    }
}

/// The printed number of a list item and how far its marker is indented
/// (an item's range starts at its line, indentation included).
fn item_marker(source: &str, offset: usize) -> (u32, usize) {
    let line_start = source[..offset].rfind('\n').map_or(0, |i| i + 1);
    let text = &source[offset..];
    let marker = text.trim_start_matches([' ', '\t']);
    let digits: String = marker.chars().take_while(char::is_ascii_digit).collect();
    let indent = offset - line_start + text.len() - marker.len();
    (digits.parse().unwrap_or(0), indent)
}

/// The items of a top-level numbered list as articles (the seed's shape).
/// Returns the last number given.
fn numbered_articles<'a>(
    builder: &mut Builder<'a>,
    block: &Block<'a>,
    first: u32,
    chapter: Option<usize>,
    lines: &Lines,
) -> u32 {
    builder.out.push(html_event(format!(
        "<ol class=\"artikelen\" start=\"{first}\">\n"
    )));
    let mut depth = 0usize;
    let mut number = first;
    for (event, range) in block.events.iter().skip(1).take(block.events.len() - 2) {
        match event {
            Event::Start(Tag::Item) if depth == 0 => {
                let anchor = format!("artikel-{number}");
                builder
                    .out
                    .push(html_event(format!("<li id=\"{anchor}\">")));
                builder
                    .out
                    .push(link(&anchor, &format!("artikel {number}"), "#"));
                builder.text.articles.push(Article {
                    number: number.to_string(),
                    title: None,
                    anchor,
                    line: lines.line(range.start),
                    chapter,
                    text: String::new(),
                    leden: Vec::new(),
                });
                builder.article = Some((builder.text.articles.len() - 1, None));
                number += 1;
                depth += 1;
                continue;
            }
            Event::End(TagEnd::Item) if depth == 1 => {
                builder.article = None;
                builder.out.push(event.clone());
                depth -= 1;
                continue;
            }
            Event::Start(_) => depth += 1,
            Event::End(_) => depth -= 1,
            _ => {}
        }
        builder.emit(event.clone());
    }
    builder.out.push(html_event("</ol>\n"));
    number - 1
}

/// The footnote anchors in the order their numbers are given (first mention).
fn footnote_order(title: &[Event], body: &[Event], notes: &[Event]) -> Vec<String> {
    let mut order: Vec<String> = Vec::new();
    for event in title.iter().chain(body).chain(notes) {
        let name = match event {
            Event::FootnoteReference(name) | Event::Start(Tag::FootnoteDefinition(name)) => name,
            _ => continue,
        };
        if !order.iter().any(|n| n == name.as_ref()) {
            order.push(name.to_string());
        }
    }
    order
}

/// The Markdown twin: the body as printed, with a blank line before each
/// glued lid and a restarted numbered list carrying its continued number.
fn twin(markdown: &str, glued: &[usize], renumbered: &[(usize, u32)]) -> String {
    let mut edits: Vec<(usize, usize, String)> =
        glued.iter().map(|at| (*at, 0, "\n".to_string())).collect();
    for (offset, number) in renumbered {
        let text = &markdown[*offset..];
        let indent = text.len() - text.trim_start().len();
        let digits = text[indent..]
            .bytes()
            .take_while(u8::is_ascii_digit)
            .count();
        edits.push((offset + indent, digits, number.to_string()));
    }
    edits.sort_by_key(|(at, _, _)| *at);
    let mut out = String::with_capacity(markdown.len() + edits.len());
    let mut from = 0;
    for (at, len, insert) in edits {
        out.push_str(&markdown[from..at]);
        out.push_str(&insert);
        from = at + len;
    }
    out.push_str(&markdown[from..]);
    out
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

    fn article(number: &str, title: Option<&str>) -> Option<Heading> {
        Some(Heading::Article {
            number: number.to_string(),
            title: title.map(str::to_string),
        })
    }

    fn chapter(
        label: &str,
        kind: &'static str,
        number: &str,
        title: Option<&str>,
    ) -> Option<Heading> {
        Some(Heading::Chapter {
            label: label.to_string(),
            kind,
            number: number.to_string(),
            title: title.map(str::to_string),
        })
    }

    #[test]
    fn what_is_and_is_not_an_article_heading() {
        let table = [
            ("Artikel 3.7 Termijn", article("3.7", Some("Termijn"))),
            (
                "Artikel 3.7 Termijn van afhandeling",
                article("3.7", Some("Termijn van afhandeling")),
            ),
            ("ARTIKEL 4", article("4", None)),
            ("Art. 5:", article("5", None)),
            ("art.5", article("5", None)),
            ("Artikel  1  ", article("1", None)),
            ("Artikel 4. Hoorplicht", article("4", Some("Hoorplicht"))),
            (
                "Artikel 6a: Doorzending",
                article("6a", Some("Doorzending")),
            ),
            (
                "Artikel 6a – Doorzending",
                article("6a", Some("Doorzending")),
            ),
            ("Artikel 9:11 Termijn", article("9:11", Some("Termijn"))),
            ("Artikel 1.1.", article("1.1", None)),
            (
                "Artikel 12 - Slotbepaling",
                article("12", Some("Slotbepaling")),
            ),
            ("In artikel 3 staat wie klaagt", None),
            ("Artikel 3, tweede lid, geldt ook", None),
            ("Artikelen 2.3 tot en met 2.5", None),
            ("Artikel drie", None),
            ("Artikel", None),
            ("Artikel 3b2 Onzin", None),
            ("Artikel 6ab", None),
            (
                "Hoofdstuk 2 Klachten",
                chapter("Hoofdstuk 2", "hoofdstuk", "2", Some("Klachten")),
            ),
            (
                "HOOFDSTUK IV. SLOT",
                chapter("HOOFDSTUK IV", "hoofdstuk", "IV", Some("SLOT")),
            ),
            (
                "Paragraaf 2.1 Horen",
                chapter("Paragraaf 2.1", "paragraaf", "2.1", Some("Horen")),
            ),
            (
                "§ 2 De klachtencommissie",
                chapter("§ 2", "paragraaf", "2", Some("De klachtencommissie")),
            ),
            ("§3", chapter("§ 3", "paragraaf", "3", None)),
            ("Hoofdstukken", None),
            ("Hoofdstuk één", None),
        ];
        for (line, want) in table {
            assert_eq!(recognise(line), want, "{line:?}");
        }
    }

    #[test]
    fn lid_markers_and_titles() {
        assert_eq!(lid_marker("2.  Van het besluit"), Some((2, 4)));
        assert_eq!(lid_marker("12) Slot"), Some((12, 4)));
        assert_eq!(lid_marker("2024. De klager"), None);
        assert_eq!(lid_marker("2.5 procent"), None);
        assert_eq!(lid_marker("2."), None);
        assert!(is_title_like("Begripsbepalingen"));
        assert!(is_title_like("Termijn van afhandeling"));
        assert!(!is_title_like(
            "De klacht wordt binnen zes weken afgehandeld."
        ));
        assert!(!is_title_like("klacht: een uiting van onvrede"));
        assert!(!is_title_like("1. Eerste lid"));
    }

    const SEED_SHAPE: &str = "# Titel[^1]\n\nIntro.\n\n1. Eerste.\n2. Tweede met\n   - een punt;\n   - nog een.\n\n[^1]: Ook bedoeld: iemand.\n\n8. Derde.\n9. Vierde.\n";

    fn numbers(doc: &Document) -> Vec<&str> {
        doc.text
            .articles
            .iter()
            .map(|a| a.number.as_str())
            .collect()
    }

    #[test]
    fn numbered_list_items_keep_their_printed_numbers() {
        let doc = render(SEED_SHAPE, 1);
        assert_eq!(numbers(&doc), ["1", "2", "8", "9"]);
        assert!(doc.html.contains("<ol class=\"artikelen\" start=\"8\">"));
        assert!(doc.html.contains("<li id=\"artikel-8\">"));
        assert!(!doc.html.contains("artikel-3"));
        assert_eq!(doc.text.articles[2].line, 12);
    }

    #[test]
    fn a_list_that_restarts_at_one_continues_the_count() {
        let doc = render("1. a\n2. b\n\nTussentekst.\n\n1. c\n", 1);
        assert_eq!(numbers(&doc), ["1", "2", "3"]);
        assert!(doc.html.contains("<ol class=\"artikelen\" start=\"3\">"));
        assert!(doc.markdown.contains("\n3. c\n"), "{}", doc.markdown);
    }

    #[test]
    fn nested_items_belong_to_their_article() {
        let doc = render(SEED_SHAPE, 1);
        assert_eq!(doc.text.articles[1].text, "Tweede met een punt; nog een.");
        assert!(doc.html.contains("<ul>"));
    }

    #[test]
    fn footnote_goes_to_the_end_and_title_is_found() {
        let doc = render(SEED_SHAPE, 1);
        assert_eq!(doc.title.as_deref(), Some("Titel"));
        let title_html = doc.title_html.as_deref().unwrap();
        assert!(title_html.starts_with("Titel<sup"), "{title_html}");
        assert!(title_html.contains("class=\"footnote-reference\""));
        assert!(!doc.html.contains("<h1>"));
        let note = doc.html.find("Ook bedoeld").unwrap();
        assert!(note > doc.html.find("artikel-9").unwrap());
        assert_eq!(doc.text.footnotes, ["1"]);
    }

    #[test]
    fn articles_by_heading_with_leden_and_chapters() {
        let md = "# Regeling\n\n## Hoofdstuk 1 Algemeen\n\n### Artikel 1.1 Begrippen\n\n1. In deze regeling:\n\na. klacht: onvrede;\n\nb. klager: wie klaagt.\n\n2. Ook bedoeld is een vertegenwoordiger.\n\n## Hoofdstuk 2 Behandeling\n\n### Artikel 2.1\n\nDe klacht wordt binnen zes weken afgehandeld.\n";
        let doc = render(md, 10);
        assert_eq!(numbers(&doc), ["1.1", "2.1"]);
        let first = &doc.text.articles[0];
        assert_eq!(first.title.as_deref(), Some("Begrippen"));
        assert_eq!(first.chapter, Some(0));
        assert_eq!(first.line, 14);
        let leden: Vec<u32> = first.leden.iter().map(|l| l.number).collect();
        assert_eq!(leden, [1, 2]);
        assert_eq!(
            first.leden[0].text,
            "In deze regeling: a. klacht: onvrede; b. klager: wie klaagt."
        );
        assert_eq!(first.leden[1].anchor, "artikel-1-1-lid-2");
        assert_eq!(first.leden[1].line, 22);
        let second = &doc.text.articles[1];
        assert_eq!(second.title, None);
        assert_eq!(second.chapter, Some(1));
        assert!(second.leden.is_empty());
        assert_eq!(
            Document::summary(second),
            "De klacht wordt binnen zes weken afgehandeld."
        );
        let chapters: Vec<&str> = doc
            .text
            .chapters
            .iter()
            .map(|c| c.anchor.as_str())
            .collect();
        assert_eq!(chapters, ["hoofdstuk-1", "hoofdstuk-2"]);
        assert!(
            doc.html
                .contains("<section class=\"artikel\" id=\"artikel-1-1\">")
        );
        assert!(
            doc.html
                .contains("<li id=\"artikel-1-1-lid-2\" value=\"2\">")
        );
        assert!(doc.html.contains("<h2 id=\"hoofdstuk-2\">"));
        assert!(!doc.html.contains("start="), "never renumbered");
        let lid_two = doc.html.find("artikel-1-1-lid-2\" value").unwrap();
        let lettered = doc.html.find("b. klager").unwrap();
        assert!(lettered < lid_two, "lettered items stay in lid 1");
    }

    /// Text pasted from print: double spaces, the title on its own line, and
    /// the next lid glued to the last lettered item (trailing spaces).
    #[test]
    fn print_shape_with_a_glued_lid() {
        let md = "### Artikel  1  \n\nBegripsbepalingen\n\n1.  In deze regeling wordt verstaan onder:\n\na.  klacht: onvrede;\n\nf.  zorgaanbieder: wie zorg geeft.     \n2.  Van het besluit krijgt de klager bericht.\n\n### Artikel  2  \n\nIntro van het artikel.\n1.  Eerste lid.\n\n2.  Tweede lid.\n\nVervolg van lid twee.\n3.  Derde lid, gelijmd.\n";
        let doc = render(md, 1);
        assert_eq!(numbers(&doc), ["1", "2"]);
        let one = &doc.text.articles[0];
        assert_eq!(one.title.as_deref(), Some("Begripsbepalingen"));
        assert_eq!(one.leden.len(), 2);
        assert!(
            one.leden[0]
                .text
                .ends_with("f. zorgaanbieder: wie zorg geeft.")
        );
        assert_eq!(
            one.leden[1].text,
            "Van het besluit krijgt de klager bericht."
        );
        assert_eq!(one.leden[1].line, 10);
        assert!(
            !one.text.contains("Begripsbepalingen"),
            "the title is not text"
        );
        let two = &doc.text.articles[1];
        let leden: Vec<u32> = two.leden.iter().map(|l| l.number).collect();
        assert_eq!(leden, [1, 2, 3]);
        assert_eq!(two.leden[1].text, "Tweede lid. Vervolg van lid twee.");
        assert_eq!(two.leden[2].text, "Derde lid, gelijmd.");
        assert!(two.text.starts_with("Intro van het artikel."));
        assert!(
            doc.html
                .contains("<span class=\"titel\">Begripsbepalingen</span>")
        );
        assert!(!doc.html.contains("<p>Begripsbepalingen</p>"));
        assert!(
            !doc.html.contains("2.  Van"),
            "the printed number is the lid's"
        );
        // The twin gives the glued lids the blank line Markdown needs.
        assert!(doc.markdown.contains("geeft.     \n\n2.  Van het besluit"));
        assert!(doc.markdown.contains("twee.\n\n3.  Derde lid"));
    }

    #[test]
    fn bold_paragraphs_stand_as_headings_but_sentences_do_not() {
        let md = "## § 1 Algemeen\n\n**Artikel 4.** Hoorplicht\n\nIn artikel 3 staat wie klaagt.\n\n1. De klager wordt gehoord.\n\n**Artikel 6a.** Doorzending\nDe klacht wordt doorgezonden.\n\nArtikel 7\nSlot\n\nArtikel 3 is van toepassing.\n";
        let doc = render(md, 1);
        assert_eq!(numbers(&doc), ["4", "6a", "7"]);
        assert_eq!(doc.text.articles[0].title.as_deref(), Some("Hoorplicht"));
        assert_eq!(doc.text.articles[0].leden.len(), 1);
        assert_eq!(doc.text.articles[1].text, "De klacht wordt doorgezonden.");
        assert_eq!(doc.text.articles[2].title.as_deref(), Some("Slot"));
        assert_eq!(doc.text.articles[2].text, "Artikel 3 is van toepassing.");
        assert_eq!(doc.text.chapters[0].label, "§ 1");
        assert_eq!(doc.text.chapters[0].anchor, "paragraaf-1");
        assert!(
            doc.html
                .contains("<h3 class=\"artikel-kop\"><strong>Artikel 4.</strong> Hoorplicht")
        );
        assert!(doc.html.contains("<p>De klacht wordt doorgezonden.</p>"));
    }

    #[test]
    fn a_restarted_or_nested_numbering_is_no_lid() {
        let md = "### Artikel 5\n\n1. De klacht bevat:\n\na. het volgende:\n   1. naam;\n   2. adres.\n\n2. Tweede lid.\n";
        let doc = render(md, 1);
        let leden: Vec<u32> = doc.text.articles[0]
            .leden
            .iter()
            .map(|l| l.number)
            .collect();
        assert_eq!(leden, [1, 2]);
        assert!(doc.text.articles[0].leden[0].text.contains("naam; adres."));
    }

    #[test]
    fn a_same_level_heading_ends_the_article() {
        let md = "## Artikel 1 Slot\n\nTekst.\n\n### Toelichting\n\nBij het artikel.\n\n## Ondertekening\n\nDe voorzitter.\n";
        let doc = render(md, 1);
        assert_eq!(
            doc.text.articles[0].text,
            "Tekst. Toelichting Bij het artikel."
        );
        let closed = doc.html.find("</section>").unwrap();
        assert!(doc.html.find("Ondertekening").unwrap() > closed);
    }

    #[test]
    fn numbers_printed_twice_get_distinct_anchors() {
        let md = "### Artikel 4\n\nA.\n\n### Artikel 4.2\n\nB.\n\n### Artikel 4\n\nC.\n";
        let doc = render(md, 1);
        let anchors: Vec<&str> = doc
            .text
            .articles
            .iter()
            .map(|a| a.anchor.as_str())
            .collect();
        assert_eq!(anchors, ["artikel-4", "artikel-4-2", "artikel-4-3"]);
    }

    #[test]
    fn every_article_and_lid_has_a_link_to_copy() {
        let doc = render("### Artikel 3.7 Termijn\n\n1. Een.\n2. Twee.\n", 1);
        assert!(doc.html.contains("<a class=\"anker\" href=\"#artikel-3-7\" aria-label=\"Link naar artikel 3.7\">#</a></h3>"));
        assert!(doc.html.contains("<a class=\"anker\" href=\"#artikel-3-7-lid-2\" aria-label=\"Link naar artikel 3.7 lid 2\">¶</a>"));
    }

    #[test]
    fn extra_pages_are_never_numbered() {
        let doc = render_page("# Uitleg\n\n1. Eerst.\n2. Dan.\n\n### Artikel 2 Iets\n");
        assert!(doc.text.articles.is_empty());
        assert!(!doc.html.contains("artikel-"));
        assert!(doc.html.contains("<ol>"));
        assert_eq!(doc.title.as_deref(), Some("Uitleg"));
    }

    /// Text copied from an official publication: each number or letter
    /// alone on its line with its text indented below.
    #[test]
    fn text_copied_from_an_official_publication() {
        let md = "§ 1. Algemene bepalingen\n\nArtikel 1. Definities\n\nIn deze regeling wordt verstaan onder:\n\n  • 1.\n\n    Klager: wie klaagt.\n\n  • 2.\n\n    Bestuursorgaan:\n\n    • a.\n\n      de burgemeester;\n\n    • b.\n\n      het college.\n\nArtikel 2. Termijn\n\n  • 1.\n\n    De klacht wordt binnen zes weken\n    afgehandeld.\n\n§ 2. Slot\n\nArtikel 3. Citeertitel\n\nDeze regeling heet Klachtenregeling.\n";
        let doc = render(md, 1);
        assert_eq!(numbers(&doc), ["1", "2", "3"]);
        let one = &doc.text.articles[0];
        assert_eq!(one.title.as_deref(), Some("Definities"));
        let leden: Vec<u32> = one.leden.iter().map(|l| l.number).collect();
        assert_eq!(leden, [1, 2]);
        assert_eq!(
            one.leden[1].text,
            "Bestuursorgaan: a. de burgemeester; b. het college."
        );
        assert_eq!(one.leden[1].line, 13, "lines keep their numbers");
        assert_eq!(
            doc.text.articles[1].leden[0].text,
            "De klacht wordt binnen zes weken afgehandeld."
        );
        assert!(!doc.html.contains("<pre>"), "{}", doc.html);
        assert!(!doc.html.contains("•"));
        assert!(
            doc.html.contains("<h2 id=\"paragraaf-2\">"),
            "chapters share a level: {}",
            doc.html
        );
        assert_eq!(read_as_print(md).lines().count(), md.lines().count());
        // Ordinary Markdown is left alone.
        assert!(matches!(
            read_as_print(SEED_SHAPE),
            std::borrow::Cow::Borrowed(_)
        ));
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
