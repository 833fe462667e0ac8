//! Word expansion (POSIX 2.6): tilde, parameters, command substitution, arithmetic, then
//! field splitting on blanks (IFS is fixed to space, tab, newline), pathname expansion and
//! quote removal.
//!
//! Internally a word is built as a *pattern*: quoted characters and characters produced by
//! expansions are backslash-escaped where they would be special to globbing, so only
//! unquoted `*?[` in the word's own text glob. [`Mode`] says which of the steps apply.

use brush_parser::ast::Word;
use brush_parser::word::{self, TildeExpr, WordPiece, WordPieceWithSource};

use super::param::Value;
use super::parse::options;
use super::pattern::{escape, has_magic, unescape};
use super::shell::{BoxFut, Shell};

/// Which steps of expansion apply.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Arguments: field splitting, pathname expansion, quote removal.
    Fields,
    /// Assignment values, redirection targets, `case` words: one string, no splitting.
    Single,
    /// `case` patterns and `${x%pat}`: one pattern with quoted characters escaped.
    Pattern,
}

/// The fields under construction.
struct Builder {
    mode: Mode,
    fields: Vec<String>,
    current: String,
    /// The current field exists even if empty (it had quotes or text).
    started: bool,
}

impl Builder {
    fn new(mode: Mode) -> Builder {
        Builder {
            mode,
            fields: Vec::new(),
            current: String::new(),
            started: false,
        }
    }

    /// Text that is literal: quoted, or produced by an expansion inside quotes.
    fn quoted(&mut self, s: &str) {
        self.started = true;
        if self.mode == Mode::Single {
            self.current.push_str(s);
        } else {
            self.current.push_str(&escape(s));
        }
    }

    /// The word's own unquoted text: glob characters stay active.
    fn unquoted(&mut self, s: &str) {
        self.started = true;
        self.current.push_str(s);
    }

    /// An unquoted expansion's result: split into fields on blanks (in [`Mode::Fields`]);
    /// backslashes in it are literal, glob characters active.
    fn expanded(&mut self, s: &str) {
        if self.mode != Mode::Fields {
            let text = if self.mode == Mode::Single {
                s.to_string()
            } else {
                s.replace('\\', "\\\\")
            };
            self.unquoted(&text);
            return;
        }
        for c in s.chars() {
            if matches!(c, ' ' | '\t' | '\n') {
                self.break_field();
            } else {
                self.started = true;
                if c == '\\' {
                    self.current.push('\\');
                }
                self.current.push(c);
            }
        }
    }

    fn break_field(&mut self) {
        if self.started {
            self.fields.push(std::mem::take(&mut self.current));
            self.started = false;
        }
    }

    fn finish(mut self) -> Vec<String> {
        self.break_field();
        self.fields
    }
}

impl Shell {
    /// Expand `words` into argument fields.
    ///
    /// # Errors
    /// A message such as `X: parameter null or not set` or `bad substitution`.
    pub(crate) async fn expand_fields(&mut self, words: &[Word]) -> Result<Vec<String>, String> {
        let mut out = Vec::new();
        for w in words {
            for field in self.expand(&w.value, Mode::Fields).await? {
                if has_magic(&field) {
                    let matches = super::glob::glob(&self.ctx, &field).await;
                    if !matches.is_empty() {
                        out.extend(matches);
                        continue;
                    }
                }
                out.push(unescape(&field));
            }
        }
        Ok(out)
    }

    /// Expand `text` to one string without splitting or globbing.
    ///
    /// # Errors
    /// As [`Shell::expand_fields`].
    pub(crate) async fn expand_one(&mut self, text: &str) -> Result<String, String> {
        Ok(self.expand(text, Mode::Single).await?.concat())
    }

    /// Expand `text` as a pattern (`case`, `${x#pat}`): quoted parts match literally.
    ///
    /// # Errors
    /// As [`Shell::expand_fields`].
    pub(crate) async fn expand_pattern(&mut self, text: &str) -> Result<String, String> {
        Ok(self.expand(text, Mode::Pattern).await?.concat())
    }

    /// Expand a here-document body: parameters and substitutions, quotes are literal.
    ///
    /// # Errors
    /// As [`Shell::expand_fields`].
    pub(crate) async fn expand_heredoc(&mut self, text: &str) -> Result<String, String> {
        let pieces = word::parse_heredoc(text, &options()).map_err(|e| e.to_string())?;
        let mut b = Builder::new(Mode::Single);
        self.pieces(&pieces, true, &mut b).await?;
        Ok(b.finish().concat())
    }

    async fn expand(&mut self, text: &str, mode: Mode) -> Result<Vec<String>, String> {
        let pieces = word::parse(text, &options()).map_err(|e| e.to_string())?;
        let mut b = Builder::new(mode);
        self.pieces(&pieces, false, &mut b).await?;
        Ok(b.finish())
    }

    fn pieces<'a>(
        &'a mut self,
        pieces: &'a [WordPieceWithSource],
        quoted: bool,
        b: &'a mut Builder,
    ) -> BoxFut<'a, Result<(), String>> {
        Box::pin(async move {
            for p in pieces {
                self.piece(&p.piece, quoted, b).await?;
            }
            Ok(())
        })
    }

    async fn piece(
        &mut self,
        piece: &WordPiece,
        quoted: bool,
        b: &mut Builder,
    ) -> Result<(), String> {
        match piece {
            WordPiece::Text(s) if quoted => b.quoted(s),
            WordPiece::Text(s) => b.unquoted(s),
            WordPiece::SingleQuotedText(s) => b.quoted(s),
            WordPiece::AnsiCQuotedText(s) => b.quoted(&ansi_c(s)),
            WordPiece::DoubleQuotedSequence(inner)
            | WordPiece::GettextDoubleQuotedSequence(inner) => {
                if !is_bare_at(inner) {
                    b.started = true;
                }
                self.pieces(inner, true, b).await?;
            }
            WordPiece::TildeExpansion(t) => b.quoted(&self.tilde(t)),
            WordPiece::EscapeSequence(s) => match s.strip_prefix('\\') {
                Some("\n") => {}
                Some(rest) => b.quoted(rest),
                None => b.quoted(s),
            },
            WordPiece::ParameterExpansion(expr) => match self.param(expr).await? {
                Value::One(v) if quoted => b.quoted(&v),
                Value::One(v) => b.expanded(&v),
                Value::Many(list) if quoted => {
                    for (i, v) in list.iter().enumerate() {
                        if i > 0 {
                            b.break_field();
                        }
                        b.quoted(v);
                    }
                }
                Value::Many(list) => b.expanded(&list.join(" ")),
            },
            WordPiece::CommandSubstitution(text)
            | WordPiece::BackquotedCommandSubstitution(text) => {
                let text = if matches!(piece, WordPiece::BackquotedCommandSubstitution(_)) {
                    unbackquote(text)
                } else {
                    text.clone()
                };
                let out = self.command_subst(&text).await?;
                if quoted {
                    b.quoted(&out)
                } else {
                    b.expanded(&out)
                }
            }
            WordPiece::ArithmeticExpression(expr) => {
                let n = self.arith_text(&expr.value).await?.to_string();
                if quoted {
                    b.quoted(&n)
                } else {
                    b.expanded(&n)
                }
            }
        }
        Ok(())
    }

    fn tilde(&self, t: &TildeExpr) -> String {
        match t {
            TildeExpr::Home => self.var("HOME").unwrap_or_else(|| "/".into()),
            TildeExpr::WorkingDir => self.ctx.cwd(),
            TildeExpr::OldWorkingDir => self.var("OLDPWD").unwrap_or_default(),
            TildeExpr::UserHome(user) => format!("~{user}"),
            _ => "~".into(),
        }
    }
}

/// Whether a double-quoted sequence is exactly `"$@"` (which yields no field at all when
/// there are no positional parameters).
fn is_bare_at(inner: &[WordPieceWithSource]) -> bool {
    use brush_parser::word::{Parameter, ParameterExpr, SpecialParameter};
    matches!(
        inner,
        [WordPieceWithSource {
            piece: WordPiece::ParameterExpansion(ParameterExpr::Parameter {
                parameter: Parameter::Special(SpecialParameter::AllPositionalParameters {
                    concatenate: false
                }),
                ..
            }),
            ..
        }]
    )
}

/// The command text inside backquotes: `\$`, `` \` `` and `\\` lose their backslash.
fn unbackquote(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && matches!(chars.peek(), Some('$' | '`' | '\\')) {
            continue;
        }
        out.push(c);
    }
    out
}

/// The value of `$'...'` text: C escapes (`\n`, `\t`, `\\`, `\'`, `\xHH`, ...).
fn ansi_c(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('e' | 'E') => out.push('\x1b'),
            Some('a') => out.push('\x07'),
            Some('0') => out.push('\0'),
            Some('x') => {
                let hex: String = chars
                    .clone()
                    .take(2)
                    .take_while(char::is_ascii_hexdigit)
                    .collect();
                for _ in 0..hex.len() {
                    chars.next();
                }
                out.extend(u8::from_str_radix(&hex, 16).ok().map(char::from));
            }
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unquoted_expansions_split_on_blanks_and_quoted_ones_do_not() {
        let mut b = Builder::new(Mode::Fields);
        b.unquoted("a");
        b.expanded(" b  c");
        b.quoted(" d ");
        assert_eq!(b.finish(), vec!["a", "b", "c d "]);
        let mut b = Builder::new(Mode::Fields);
        b.expanded("");
        assert!(b.finish().is_empty());
        let mut b = Builder::new(Mode::Fields);
        b.quoted("");
        assert_eq!(b.finish(), vec![""]);
    }

    #[test]
    fn quoted_glob_characters_are_escaped_in_patterns() {
        let mut b = Builder::new(Mode::Pattern);
        b.unquoted("*");
        b.quoted("*.c");
        assert_eq!(b.finish().concat(), "*\\*.c");
    }

    #[test]
    fn backquotes_and_ansi_c_quotes_unescape() {
        assert_eq!(unbackquote(r"echo \$x \\ \a"), r"echo $x \ \a");
        assert_eq!(ansi_c(r"a\tb\x41\'"), "a\tbA'");
    }
}
