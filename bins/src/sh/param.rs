//! Parameter expansion: `$name`, `$1`, `$@`, `$?`, `$$`, `$!`, `$#`, `${x:-w}`, `${x:=w}`,
//! `${x:+w}`, `${x:?w}`, `${#x}`, `${x%p}`, `${x%%p}`, `${x#p}`, `${x##p}` (POSIX 2.6.2).
//! Arrays, indirection and bash's other forms are `bad substitution`.

use brush_parser::word::{Parameter, ParameterExpr, ParameterTestType, SpecialParameter};

use super::pattern;
use super::shell::Shell;

/// An expanded parameter: one string, or the positional parameters one by one (`$@`).
pub(crate) enum Value {
    One(String),
    Many(Vec<String>),
}

/// Which end a `${x%...}`/`${x#...}` removes from and how much.
#[derive(Clone, Copy)]
enum Trim {
    SmallestSuffix,
    LargestSuffix,
    SmallestPrefix,
    LargestPrefix,
}

impl Shell {
    /// The value of parameter `p`, `None` when unset.
    fn lookup(&self, p: &Parameter) -> Result<Option<Value>, String> {
        let one = |s: String| Some(Value::One(s));
        Ok(match p {
            Parameter::Positional(n) => self.st.args.get(*n as usize).cloned().map(Value::One),
            Parameter::Named(name) => self.var(name).map(Value::One),
            Parameter::Special(s) => match s {
                SpecialParameter::AllPositionalParameters { concatenate: false } => {
                    Some(Value::Many(self.st.args.iter().skip(1).cloned().collect()))
                }
                SpecialParameter::AllPositionalParameters { concatenate: true } => one(self
                    .st
                    .args
                    .iter()
                    .skip(1)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(" ")),
                SpecialParameter::PositionalParameterCount => {
                    one(self.st.args.len().saturating_sub(1).to_string())
                }
                SpecialParameter::LastExitStatus => one(self.st.status.to_string()),
                SpecialParameter::ProcessId => one(self.st.pid.0.to_string()),
                SpecialParameter::LastBackgroundProcessId => {
                    self.st.last_bg.and_then(|p| one(p.0.to_string()))
                }
                SpecialParameter::ShellName => self.st.args.first().cloned().map(Value::One),
                SpecialParameter::CurrentOptionFlags => {
                    one(if self.interactive { "i" } else { "" }.into())
                }
            },
            _ => return Err("bad substitution".into()),
        })
    }

    /// Expand one parameter expression.
    ///
    /// # Errors
    /// `NAME: MESSAGE` for `${NAME:?MESSAGE}` on an unset parameter; `bad substitution` for
    /// unsupported forms; errors of the nested word's expansion.
    pub(crate) async fn param(&mut self, expr: &ParameterExpr) -> Result<Value, String> {
        use ParameterExpr as E;
        match expr {
            E::Parameter {
                parameter,
                indirect: false,
            } => Ok(self.lookup(parameter)?.unwrap_or(Value::One(String::new()))),
            E::UseDefaultValues {
                parameter,
                test_type,
                default_value,
                indirect: false,
            } => match self.lookup(parameter)? {
                Some(v) if !missing(&v, test_type) => Ok(v),
                _ => Ok(Value::One(
                    self.expand_one(default_value.as_deref().unwrap_or(""))
                        .await?,
                )),
            },
            E::AssignDefaultValues {
                parameter,
                test_type,
                default_value,
                indirect: false,
            } => match self.lookup(parameter)? {
                Some(v) if !missing(&v, test_type) => Ok(v),
                _ => {
                    let Parameter::Named(name) = parameter else {
                        return Err(format!("{parameter}: cannot assign in this way"));
                    };
                    let value = self
                        .expand_one(default_value.as_deref().unwrap_or(""))
                        .await?;
                    self.set_var(name, &value);
                    Ok(Value::One(value))
                }
            },
            E::UseAlternativeValue {
                parameter,
                test_type,
                alternative_value,
                indirect: false,
            } => match self.lookup(parameter)? {
                Some(v) if !missing(&v, test_type) => Ok(Value::One(
                    self.expand_one(alternative_value.as_deref().unwrap_or(""))
                        .await?,
                )),
                _ => Ok(Value::One(String::new())),
            },
            E::IndicateErrorIfNullOrUnset {
                parameter,
                test_type,
                error_message,
                indirect: false,
            } => match self.lookup(parameter)? {
                Some(v) if !missing(&v, test_type) => Ok(v),
                _ => {
                    let message = match error_message {
                        Some(m) => self.expand_one(m).await?,
                        None => "parameter null or not set".into(),
                    };
                    Err(format!("{}: {message}", name_of(parameter)))
                }
            },
            E::ParameterLength {
                parameter,
                indirect: false,
            } => Ok(Value::One(match self.lookup(parameter)? {
                Some(Value::One(s)) => s.chars().count().to_string(),
                Some(Value::Many(v)) => v.len().to_string(),
                None => "0".into(),
            })),
            E::RemoveSmallestSuffixPattern {
                parameter,
                pattern,
                indirect: false,
            } => self.trim(parameter, pattern, Trim::SmallestSuffix).await,
            E::RemoveLargestSuffixPattern {
                parameter,
                pattern,
                indirect: false,
            } => self.trim(parameter, pattern, Trim::LargestSuffix).await,
            E::RemoveSmallestPrefixPattern {
                parameter,
                pattern,
                indirect: false,
            } => self.trim(parameter, pattern, Trim::SmallestPrefix).await,
            E::RemoveLargestPrefixPattern {
                parameter,
                pattern,
                indirect: false,
            } => self.trim(parameter, pattern, Trim::LargestPrefix).await,
            _ => Err("bad substitution".into()),
        }
    }

    async fn trim(
        &mut self,
        parameter: &Parameter,
        pat: &Option<String>,
        how: Trim,
    ) -> Result<Value, String> {
        let value = match self.lookup(parameter)? {
            Some(Value::One(s)) => s,
            Some(Value::Many(v)) => v.join(" "),
            None => String::new(),
        };
        let pat = self.expand_pattern(pat.as_deref().unwrap_or("")).await?;
        Ok(Value::One(trim(&value, &pat, how).to_string()))
    }
}

fn missing(v: &Value, test: &ParameterTestType) -> bool {
    matches!((v, test), (Value::One(s), ParameterTestType::UnsetOrNull) if s.is_empty())
}

fn name_of(p: &Parameter) -> String {
    match p {
        Parameter::Named(n) => n.clone(),
        Parameter::Positional(n) => n.to_string(),
        other => other.to_string(),
    }
}

/// `value` with the matching prefix or suffix removed (char boundaries only).
fn trim<'a>(value: &'a str, pat: &str, how: Trim) -> &'a str {
    let mut cuts: Vec<usize> = value.char_indices().map(|(i, _)| i).collect();
    cuts.push(value.len());
    match how {
        Trim::SmallestPrefix => cuts
            .iter()
            .find(|&&i| pattern::matches(pat, &value[..i]))
            .map_or(value, |&i| &value[i..]),
        Trim::LargestPrefix => cuts
            .iter()
            .rev()
            .find(|&&i| pattern::matches(pat, &value[..i]))
            .map_or(value, |&i| &value[i..]),
        Trim::SmallestSuffix => cuts
            .iter()
            .rev()
            .find(|&&i| pattern::matches(pat, &value[i..]))
            .map_or(value, |&i| &value[..i]),
        Trim::LargestSuffix => cuts
            .iter()
            .find(|&&i| pattern::matches(pat, &value[i..]))
            .map_or(value, |&i| &value[..i]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_and_suffix_removal_picks_smallest_or_largest_match() {
        assert_eq!(trim("a/b/c.txt", "*/", Trim::SmallestPrefix), "b/c.txt");
        assert_eq!(trim("a/b/c.txt", "*/", Trim::LargestPrefix), "c.txt");
        assert_eq!(trim("x.tar.gz", ".*", Trim::SmallestSuffix), "x.tar");
        assert_eq!(trim("x.tar.gz", ".*", Trim::LargestSuffix), "x");
        assert_eq!(trim("abc", "z", Trim::SmallestSuffix), "abc");
    }
}
