//! Parsing what a user typed into a [`Target`] (or a `start:end` range);
//! no graph is needed to parse.

use super::{Spec, Target, TargetError};
use std::fmt;

fn is_word(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

impl Target {
    /// Parses one target (not a range).
    pub fn parse(text: &str) -> Result<Target, TargetError> {
        let malformed = |reason: &str| TargetError::Malformed {
            text: text.to_owned(),
            reason: reason.to_owned(),
        };
        if text.is_empty() {
            return Err(malformed("it is empty"));
        }
        if text.contains(':') {
            return Err(malformed("a range `start:end` has exactly one `:`"));
        }
        let (branch, rest) = match text.split_once('@') {
            Some((b, r)) => {
                if b.is_empty() {
                    return Err(malformed("nothing before `@`"));
                }
                if r.is_empty() {
                    return Err(malformed("nothing after `@`"));
                }
                if r.contains('@') {
                    return Err(malformed("more than one `@`"));
                }
                (Some(b.to_owned()), r)
            }
            None => (None, text),
        };
        if let Some(b) = &branch {
            if b.contains('+') || b.contains(char::is_whitespace) {
                return Err(malformed("the part before `@` must be a branch label"));
            }
        }
        let spec = if let Some(sign_at) = rest.rfind(['+', '-']) {
            let (from, digits) = (&rest[..sign_at], &rest[sign_at + 1..]);
            let looks_relative =
                digits.chars().all(|c| c.is_ascii_digit()) && is_word_or_empty(from);
            if looks_relative {
                let n: i64 = match digits.parse::<i64>() {
                    Ok(n) if n >= 1 => n,
                    _ => {
                        return Err(TargetError::BadSteps {
                            text: text.to_owned(),
                        })
                    }
                };
                let steps = if rest.as_bytes()[sign_at] == b'+' {
                    n
                } else {
                    -n
                };
                Spec::Relative {
                    from: (!from.is_empty()).then(|| from.to_owned()),
                    steps,
                }
            } else if rest.contains('+') {
                return Err(TargetError::BadSteps {
                    text: text.to_owned(),
                });
            } else {
                // A label may contain `-` (e.g. `my-branch`).
                Spec::Rev(rest.to_owned())
            }
        } else {
            match rest {
                "head" => Spec::Head,
                "heads" => Spec::Heads,
                "base" => Spec::Base,
                _ => Spec::Rev(rest.to_owned()),
            }
        };
        if let Spec::Rev(r) = &spec {
            if r.contains(char::is_whitespace) {
                return Err(malformed("it contains whitespace"));
            }
        }
        Ok(Target {
            text: text.to_owned(),
            branch,
            spec,
        })
    }
}

fn is_word_or_empty(s: &str) -> bool {
    s.is_empty() || is_word(s)
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// Splits `start:end` (or a lone `end`) and parses both sides.
pub fn parse_range(text: &str) -> Result<(Option<Target>, Target), TargetError> {
    match text.split_once(':') {
        None => Ok((None, Target::parse(text)?)),
        Some((start, end)) => {
            if start.is_empty() || end.is_empty() || end.contains(':') {
                return Err(TargetError::Malformed {
                    text: text.to_owned(),
                    reason: "a range is `start:end`, both given".to_owned(),
                });
            }
            Ok((Some(Target::parse(start)?), Target::parse(end)?))
        }
    }
}
