//! Column names inside SQL expressions the model keeps as text (check
//! constraints, index expressions, partial-index predicates).
//!
//! The model does not parse SQL; it scans it: string literals are skipped,
//! `"quoted"` names compared exactly, bare words case-insensitively (as
//! PostgreSQL folds them), and a word followed by `(` is a function, not a
//! column. That is enough to know which columns a check mentions (for its
//! implicit name, and whether dropping a column drops it) and to follow a
//! column rename.

/// One name-like token: its byte range and the name it denotes.
struct Word {
    start: usize,
    end: usize,
    name: String,
    quoted: bool,
}

fn words(expr: &str) -> Vec<Word> {
    let bytes = expr.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c == b'\'' {
            i += 1;
            while i < bytes.len() {
                if bytes[i] == b'\'' {
                    if bytes.get(i + 1) == Some(&b'\'') {
                        i += 2;
                        continue;
                    }
                    break;
                }
                i += 1;
            }
            i += 1;
        } else if c == b'"' {
            let start = i;
            let mut name = String::new();
            i += 1;
            while i < bytes.len() {
                if bytes[i] == b'"' {
                    if bytes.get(i + 1) == Some(&b'"') {
                        name.push('"');
                        i += 2;
                        continue;
                    }
                    break;
                }
                let ch_len = expr[i..].chars().next().map_or(1, char::len_utf8);
                name.push_str(&expr[i..i + ch_len]);
                i += ch_len;
            }
            i = (i + 1).min(bytes.len());
            out.push(Word {
                start,
                end: i,
                name,
                quoted: true,
            });
        } else if c.is_ascii_alphabetic() || c == b'_' {
            let start = i;
            while i < bytes.len()
                && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_' || bytes[i] == b'$')
            {
                i += 1;
            }
            let after = expr[i..].trim_start();
            let cast = expr[..start].trim_end().ends_with("::");
            if !after.starts_with('(') && !cast {
                out.push(Word {
                    start,
                    end: i,
                    name: expr[start..i].to_owned(),
                    quoted: false,
                });
            }
        } else {
            i += expr[i..].chars().next().map_or(1, char::len_utf8);
        }
    }
    out
}

fn same(word: &Word, column: &str) -> bool {
    if word.quoted {
        word.name == column
    } else {
        word.name.eq_ignore_ascii_case(column)
    }
}

/// The columns among `columns` that `expr` mentions, in `columns` order.
pub fn mentioned<'a>(expr: &str, columns: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let ws = words(expr);
    columns
        .into_iter()
        .filter(|c| ws.iter().any(|w| same(w, c)))
        .collect()
}

/// `expr` with every mention of column `old` replaced by `new` (already
/// quoted as the dialect needs).
pub fn rename(expr: &str, old: &str, new: &str) -> String {
    let mut out = String::with_capacity(expr.len());
    let mut last = 0;
    for w in words(expr).iter().filter(|w| same(w, old)) {
        out.push_str(&expr[last..w.start]);
        out.push_str(new);
        last = w.end;
    }
    out.push_str(&expr[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_columns_but_not_strings_functions_or_types() {
        let cols = ["price", "name", "lower", "text"];
        assert_eq!(
            mentioned(
                "price > 0 AND lower(name) <> 'price' AND x::text = ''",
                cols
            ),
            ["price", "name"]
        );
        assert_eq!(mentioned("\"Price\" > 0", ["Price", "price"]), ["Price"]);
        assert_eq!(mentioned("PRICE > 0", ["price"]), ["price"]);
    }

    #[test]
    fn renames_mentions_only() {
        assert_eq!(
            rename(
                "price > 0 AND note <> 'price' AND price_x = 1",
                "price",
                "cost"
            ),
            "cost > 0 AND note <> 'price' AND price_x = 1"
        );
        assert_eq!(rename("\"a b\" IS NOT NULL", "a b", "c"), "c IS NOT NULL");
    }
}
