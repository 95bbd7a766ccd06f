//! Rendering: Tera set-up with the built-in templates compiled into the binary,
//! overrides from `templates/`, and the filters the templates use. Each output
//! kind has its own submodule with small borrowed view structs. No disk access.

mod context;
pub mod site;

use crate::diagnostic::{Finding, Place};
use serde::Serialize;
use std::sync::Arc;
use tera::{Context, Kwargs, State, Tera};

/// A file to write, relative to `output/`. The bytes are shared, so a file
/// kept from an earlier build (`watch`, `serve`) is not copied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Arc<Vec<u8>>,
}

impl OutputFile {
    pub fn new(path: impl Into<String>, text: impl Into<Vec<u8>>) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: Arc::new(text.into()),
        }
    }
}

/// The built-in templates (name, text). A file of the same name in the
/// project's `templates/` replaces one.
pub const BUILTIN: &[(&str, &str)] = &[
    ("base.html", include_str!("templates/base.html")),
    ("index.html", include_str!("templates/index.html")),
    ("page.html", include_str!("templates/page.html")),
    (
        "klachtenreglement.md",
        include_str!("templates/klachtenreglement.md"),
    ),
    ("style.css", include_str!("templates/style.css")),
    (
        "letters/base.html",
        include_str!("templates/letters/base.html"),
    ),
    ("letters/base.md", include_str!("templates/letters/base.md")),
    (
        "letters/index.html",
        include_str!("templates/letters/index.html"),
    ),
    (
        "letters/ontvangstbevestiging.html",
        include_str!("templates/letters/ontvangstbevestiging.html"),
    ),
    (
        "letters/ontvangstbevestiging.md",
        include_str!("templates/letters/ontvangstbevestiging.md"),
    ),
    (
        "letters/niet-ontvankelijk.html",
        include_str!("templates/letters/niet-ontvankelijk.html"),
    ),
    (
        "letters/niet-ontvankelijk.md",
        include_str!("templates/letters/niet-ontvankelijk.md"),
    ),
    (
        "letters/verzoek-reactie.html",
        include_str!("templates/letters/verzoek-reactie.html"),
    ),
    (
        "letters/verzoek-reactie.md",
        include_str!("templates/letters/verzoek-reactie.md"),
    ),
    (
        "letters/gespreksverslag.html",
        include_str!("templates/letters/gespreksverslag.html"),
    ),
    (
        "letters/gespreksverslag.md",
        include_str!("templates/letters/gespreksverslag.md"),
    ),
    (
        "letters/bevestiging.html",
        include_str!("templates/letters/bevestiging.html"),
    ),
    (
        "letters/bevestiging.md",
        include_str!("templates/letters/bevestiging.md"),
    ),
    (
        "letters/uitslag.html",
        include_str!("templates/letters/uitslag.html"),
    ),
    (
        "letters/uitslag.md",
        include_str!("templates/letters/uitslag.md"),
    ),
    ("termijn.txt", include_str!("templates/termijn.txt")),
    ("tijdlijn.txt", include_str!("templates/tijdlijn.txt")),
    (
        "letters/verdaging.html",
        include_str!("templates/letters/verdaging.html"),
    ),
    (
        "letters/verdaging.md",
        include_str!("templates/letters/verdaging.md"),
    ),
    (
        "letters/bevestiging-intrekking.html",
        include_str!("templates/letters/bevestiging-intrekking.html"),
    ),
    (
        "letters/bevestiging-intrekking.md",
        include_str!("templates/letters/bevestiging-intrekking.md"),
    ),
    (
        "letters/maatregelen-kcmd.html",
        include_str!("templates/letters/maatregelen-kcmd.html"),
    ),
    (
        "letters/maatregelen-kcmd.md",
        include_str!("templates/letters/maatregelen-kcmd.md"),
    ),
    (
        "reports/components.html",
        include_str!("templates/reports/components.html"),
    ),
    (
        "reports/components.md",
        include_str!("templates/reports/components.md"),
    ),
    (
        "reports/base.html",
        include_str!("templates/reports/base.html"),
    ),
    (
        "reports/report.html",
        include_str!("templates/reports/report.html"),
    ),
    (
        "reports/report.md",
        include_str!("templates/reports/report.md"),
    ),
    (
        "reports/client.html",
        include_str!("templates/reports/client.html"),
    ),
    (
        "reports/index.html",
        include_str!("templates/reports/index.html"),
    ),
];

/// Files that are copied as they are, not rendered by Tera.
const ASSETS: &[&str] = &["style.css"];

/// Compiled templates, ready to render.
pub struct Renderer {
    tera: Tera,
    assets: Vec<(String, String)>,
    /// Where each template came from, for error messages.
    origins: Vec<(String, String)>,
}

impl Renderer {
    /// Compiles the built-in templates with the project's overrides on top.
    pub fn new(overrides: &[(String, String)]) -> Result<Renderer, Vec<Finding>> {
        let mut sources: Vec<(String, String)> = BUILTIN
            .iter()
            .map(|(name, text)| (name.to_string(), text.to_string()))
            .collect();
        let mut origins: Vec<(String, String)> = BUILTIN
            .iter()
            .map(|(name, _)| (name.to_string(), format!("ingebouwd sjabloon {name}")))
            .collect();
        for (name, text) in overrides {
            origins.retain(|(n, _)| n != name);
            origins.push((name.clone(), format!("templates/{name}")));
            sources.retain(|(n, _)| n != name);
            sources.push((name.clone(), text.clone()));
        }
        let (assets, templates): (Vec<_>, Vec<_>) = sources
            .into_iter()
            .partition(|(name, _)| ASSETS.contains(&name.as_str()) || !is_template(name));
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html"]);
        tera.set_escape_fn(escape_html);
        tera.register_filter("md", md_filter);
        let renderer_origins = origins.clone();
        if let Err(err) = tera.add_raw_templates(templates) {
            return Err(vec![template_finding(&err, &renderer_origins)]);
        }
        Ok(Renderer {
            tera,
            assets,
            origins,
        })
    }

    /// Renders template `name` with the serialised `view`.
    pub fn render<V: Serialize>(&self, name: &str, view: &V) -> Result<String, Finding> {
        self.render_in(name, &self.context(view)?)
    }

    /// A view made ready for [`render_in`](Self::render_in), to render more
    /// than one template of it (a letter's HTML and Markdown) at the cost of
    /// one.
    pub fn context<V: Serialize>(&self, view: &V) -> Result<Context, Finding> {
        match context::of_struct(view) {
            Some(context) => Ok(context),
            None => {
                Context::from_serialize(view).map_err(|err| template_finding(&err, &self.origins))
            }
        }
    }

    /// [`context`](Self::context) over `base`: the view's fields are added
    /// to a copy of it, replacing those of the same name.
    pub fn context_over<V: Serialize>(&self, base: &Context, view: &V) -> Result<Context, Finding> {
        match context::onto(view, base.clone()) {
            Some(context) => Ok(context),
            None => {
                let mut context = base.clone();
                context.extend(self.context(view)?);
                Ok(context)
            }
        }
    }

    /// [`render_in`](Self::render_in) as the bytes of a file: the text need
    /// not be checked for being UTF-8 again (it is, being made of strings).
    pub fn render_file(
        &self,
        path: String,
        name: &str,
        context: &Context,
    ) -> Result<OutputFile, Finding> {
        let mut bytes = Vec::with_capacity(8 * 1024);
        self.tera
            .render_to(name, context, &mut bytes)
            .map_err(|err| template_finding(&err, &self.origins))?;
        Ok(OutputFile::new(path, bytes))
    }

    pub fn render_in(&self, name: &str, context: &Context) -> Result<String, Finding> {
        self.tera
            .render(name, context)
            .map_err(|err| template_finding(&err, &self.origins))
    }

    /// Whether there is a template (built in or in `templates/`) of this name.
    pub fn has(&self, name: &str) -> bool {
        self.origins.iter().any(|(n, _)| n == name)
    }

    /// A file copied as it is (the stylesheet).
    pub fn asset(&self, name: &str) -> Option<&str> {
        self.assets
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, text)| text.as_str())
    }
}

fn is_template(name: &str) -> bool {
    name.ends_with(".html")
        || name.ends_with(".md")
        || name.ends_with(".txt")
        || name.ends_with(".csv")
        || name.ends_with(".svg")
}

/// A Tera error as a Dutch finding naming the template and line.
fn template_finding(err: &tera::Error, origins: &[(String, String)]) -> Finding {
    let origin = |name: &str| {
        origins
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, o)| o.clone())
            .unwrap_or_else(|| format!("sjabloon {name}"))
    };
    let (file, line, detail) = match err.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => (
            origin(report.filename()),
            Some(report.span().start_line),
            report.message().to_string(),
        ),
        tera::ErrorKind::TemplateNotFound(name) => (
            "templates/".to_string(),
            None,
            format!("sjabloon `{name}` bestaat niet"),
        ),
        tera::ErrorKind::MissingParent { current, parent } => (
            origin(current),
            None,
            format!("breidt `{parent}` uit, maar dat sjabloon bestaat niet"),
        ),
        _ => ("templates/".to_string(), None, err.to_string()),
    };
    let file = file
        .strip_prefix("ingebouwd sjabloon ")
        .map_or(file.clone(), |name| format!("(ingebouwd) {name}"));
    let mut finding = Finding::error(
        "template",
        &Place::new(file, line),
        format!("fout in sjabloon: {detail}"),
    );
    finding.article = None;
    finding
}

/// Tera's own HTML escaping (`&`, `<`, `>`, `"` and `'`), writing the text
/// between those characters in one piece instead of byte by byte: a letter
/// is mostly such text.
fn escape_html(input: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let bytes = input.as_bytes();
    let mut start = 0;
    for (i, byte) in bytes.iter().enumerate() {
        let entity: &[u8] = match byte {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'"' => b"&quot;",
            b'\'' => b"&#39;",
            _ => continue,
        };
        out.write_all(&bytes[start..i])?;
        out.write_all(entity)?;
        start = i + 1;
    }
    out.write_all(&bytes[start..])
}

/// Escapes text for Markdown, so a name like `*Jan*` or `[klik](…)` stays text.
pub fn escape_markdown(text: &str) -> String {
    let bytes = text.as_bytes();
    // "1. " or "1) " at the start would become a numbered list.
    let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    let list_marker = digits > 0 && matches!(bytes.get(digits), Some(b'.' | b')'));
    let mut out = String::with_capacity(text.len() + 8);
    // Text between the characters that need care is copied in one piece.
    let mut start = 0;
    for (i, byte) in bytes.iter().enumerate() {
        let instead = match byte {
            b'\\' | b'`' | b'*' | b'_' | b'{' | b'}' | b'[' | b']' | b'(' | b')' | b'#' | b'+'
            | b'!' | b'|' | b'<' | b'>' | b'~' => None,
            b'-' | b'.' if i == 0 || (list_marker && i == digits) => None,
            b'&' => Some("&amp;"),
            b'\n' | b'\r' => Some(" "),
            _ => continue,
        };
        out.push_str(&text[start..i]);
        match instead {
            // The character itself stays, after a backslash.
            None => {
                out.push('\\');
                start = i;
            }
            Some(instead) => {
                out.push_str(instead);
                start = i + 1;
            }
        }
    }
    out.push_str(&text[start..]);
    out
}

fn md_filter(value: &str, _: Kwargs, _: &State) -> String {
    escape_markdown(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Our escaping writes what tera's own would, piece by piece.
    #[test]
    fn html_escaping_matches_teras() {
        let texts = [
            "",
            "gewone tekst",
            "Jan & Piet <b>\"zo'n\"</b>",
            "&&<<>>''\"\"",
            "eindigt op &",
            "<begint",
            "één café — ‘quote’ 'x'",
        ];
        for text in texts {
            let (mut ours, mut teras) = (Vec::new(), Vec::new());
            escape_html(text, &mut ours).unwrap();
            tera::escape_html(text, &mut teras).unwrap();
            assert_eq!(
                String::from_utf8(ours).unwrap(),
                String::from_utf8(teras).unwrap()
            );
        }
    }

    #[test]
    fn markdown_escaping_keeps_text_literal() {
        assert_eq!(escape_markdown("*Jan*"), "\\*Jan\\*");
        assert_eq!(escape_markdown("<b>x</b>"), "\\<b\\>x\\</b\\>");
        assert_eq!(
            escape_markdown("[klik](javascript:alert(1))"),
            "\\[klik\\]\\(javascript:alert\\(1\\)\\)"
        );
        assert_eq!(escape_markdown("1. niet een lijst"), "1\\. niet een lijst");
        assert_eq!(escape_markdown("2026 was een jaar"), "2026 was een jaar");
        assert_eq!(escape_markdown("- geen punt"), "\\- geen punt");
        assert_eq!(escape_markdown("12) geen lijst"), "12\\) geen lijst");
        assert_eq!(escape_markdown(".punt-a.b"), "\\.punt-a.b");
        assert_eq!(
            escape_markdown("één & twee\r\ndrie"),
            "één &amp; twee  drie"
        );
        assert_eq!(escape_markdown("café_"), "café\\_");
        assert_eq!(escape_markdown(""), "");
    }

    #[test]
    fn template_errors_name_template_and_line() {
        let overrides = vec![("page.html".to_string(), "a\nb\n{% if %}\n".to_string())];
        let Err(findings) = Renderer::new(&overrides) else {
            panic!("a broken template must not compile")
        };
        assert_eq!(findings[0].file, "templates/page.html");
        assert_eq!(findings[0].line, Some(3));
        assert_eq!(findings[0].rule, "template");
    }
}
