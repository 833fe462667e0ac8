//! Parsing shell text into brush-parser's AST, telling incomplete input from errors.

use brush_parser::ast::Program;
use brush_parser::{ParseError, Parser, ParserOptions};

/// Why text did not parse.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum ParseFail {
    /// The text stops inside a construct (an open quote, `if` without `fi`, a trailing `&&`):
    /// more lines may complete it.
    Incomplete,
    /// The text is wrong; the message follows `sh: syntax error: `.
    Syntax(String),
}

/// The parser options Warren's shell uses everywhere (bash-compatible defaults).
pub(crate) fn options() -> ParserOptions {
    ParserOptions::default()
}

/// Parse a whole program.
///
/// # Errors
/// [`ParseFail::Incomplete`] for input that ends too early, else [`ParseFail::Syntax`].
pub(crate) fn parse(text: &str) -> Result<Program, ParseFail> {
    let mut parser = Parser::new(std::io::Cursor::new(text.as_bytes()), &options());
    parser.parse_program().map_err(|e| match e {
        ParseError::ParsingAtEndOfInput => ParseFail::Incomplete,
        ParseError::Tokenizing { inner, .. } if inner.is_incomplete() => ParseFail::Incomplete,
        ParseError::Tokenizing { inner, .. } => ParseFail::Syntax(inner.to_string()),
        ParseError::ParsingNear(pos) => {
            ParseFail::Syntax(format!("unexpected `{}'", token_at(text, pos.index)))
        }
    })
}

/// The last word of `text` up to and including character `index`: the token a parse error
/// points at (its position may be the blank after it).
fn token_at(text: &str, index: usize) -> String {
    let end = text
        .char_indices()
        .nth(index + 1)
        .map_or(text.len(), |(i, _)| i);
    let word = text[..end]
        .split_whitespace()
        .next_back()
        .unwrap_or("newline");
    word.to_string()
}

/// Parse a complete text (`sh -c`, a script, a command substitution): incomplete input is a
/// syntax error here.
///
/// # Errors
/// The message to print after `sh: syntax error: `.
pub(crate) fn parse_complete(text: &str) -> Result<Program, String> {
    parse(text).map_err(|f| match f {
        ParseFail::Incomplete => "unexpected end of input".to_string(),
        ParseFail::Syntax(m) => m,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_constructs_are_incomplete_and_stray_tokens_are_errors() {
        assert_eq!(parse("if true; then").err(), Some(ParseFail::Incomplete));
        assert_eq!(parse("echo 'abc").err(), Some(ParseFail::Incomplete));
        assert_eq!(parse("a &&").err(), Some(ParseFail::Incomplete));
        assert_eq!(
            parse("fi\n").err(),
            Some(ParseFail::Syntax("unexpected `fi'".into()))
        );
        assert_eq!(
            parse("echo )").err(),
            Some(ParseFail::Syntax("unexpected `)'".into()))
        );
        assert!(parse("echo hi; ls | wc -l").is_ok());
        assert_eq!(
            parse_complete("if x").err(),
            Some("unexpected end of input".into())
        );
    }
}
