//! Revision targets: what a user may type for `gen upgrade` / `gen downgrade`,
//! and how each form resolves against a [`RevisionGraph`].
//!
//! The forms follow Alembic: `head`, `heads`, `base`, a full id, a unique id
//! prefix, a branch label alone (the revision declaring it), `label@head`,
//! `label@heads`, `label@base`, `label@<rev>`, relative steps `+N` / `-N`,
//! `<rev>+N` / `<rev>-N`, `label@+N` / `label@-N`, and ranges `start:end`
//! ([`parse_range`]). The part before `@` may also be a revision id, meaning
//! "the line of that revision", as in Alembic.
//!
//! Resolution needs to know where the target stands ([`Role`]): a relative
//! step without a base is relative to the start of the plan (`+N` goes up
//! from the start rows, or from base; `-N` goes down from the single start
//! row), and a range start `-N` means N steps below each head. Steps walk
//! `down_revision` links only; a walk that meets a branch point (going up)
//! or a merge point (going down) with more than one way to go is an error
//! naming the candidates; `+N` is filtered to the label's line when a label
//! is given. Errors come from the command line, so they carry the target
//! text instead of a span.

use crate::history::graph::{LookupError, Node, RevisionGraph};
use crate::source::revision::RevisionId;
use std::fmt;

/// A parsed revision target; `text` is what the user typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub text: String,
    /// The part before `@`: a branch label (or a revision id).
    pub branch: Option<String>,
    pub spec: Spec,
}

/// The part after `@` (or the whole target).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Spec {
    Head,
    Heads,
    Base,
    /// A full id, a unique id prefix, or a branch label.
    Rev(String),
    /// `[from]+N` or `[from]-N`: `steps` is positive going up.
    Relative {
        from: Option<String>,
        steps: i64,
    },
}

/// Which way a walk goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Way {
    Up,
    Down,
}

impl fmt::Display for Way {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Way::Up => "up",
            Way::Down => "down",
        })
    }
}

/// A target that cannot be parsed or resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TargetError {
    /// Not a target at all (empty, stray `@` or `:`, odd characters).
    Malformed { text: String, reason: String },
    /// `+N` / `-N` with an N that is not a positive number.
    BadSteps { text: String },
    /// No revision id, prefix or label matches.
    UnknownRevision {
        text: String,
        rev: String,
        suggestion: Option<String>,
    },
    /// A prefix of several ids.
    AmbiguousPrefix {
        text: String,
        prefix: String,
        candidates: Vec<RevisionId>,
        total: usize,
    },
    /// The part before `@` is no label or revision.
    UnknownLabel {
        text: String,
        label: String,
        suggestion: Option<String>,
    },
    /// `label@rev` where rev is not on the label's line.
    NotOnBranch {
        text: String,
        rev: RevisionId,
        label: String,
    },
    /// `head` (or `label@head`, or a single-revision target) matching
    /// several heads.
    MultipleHeads {
        text: String,
        heads: Vec<RevisionId>,
    },
    /// A walk with several ways to go.
    AmbiguousWalk {
        text: String,
        /// Where the walk stood (`base` for below the roots).
        at: String,
        way: Way,
        candidates: Vec<RevisionId>,
    },
    /// A walk going past the heads or past base.
    WalkedTooFar {
        text: String,
        way: Way,
        asked: u64,
        possible: u64,
    },
    /// A relative step without a base, with several start rows to go from.
    AmbiguousStart {
        text: String,
        current: Vec<RevisionId>,
    },
    /// `-N` with nothing applied, or `label@-N` with nothing on that line.
    NothingToWalkFrom { text: String },
    /// `-N` as an upgrade target or `+N` as a downgrade target or a range
    /// start.
    WrongWay { text: String, context: &'static str },
}

fn list(ids: &[RevisionId]) -> String {
    ids.iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// "`text`: " before a message about part of a target; nothing when the
/// part is the whole target (no need to say `ab` twice).
fn context(text: &str, part: &str) -> String {
    if text == part {
        String::new()
    } else {
        format!("`{text}`: ")
    }
}

impl fmt::Display for TargetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TargetError::Malformed { text, reason } => write!(
                f,
                "`{text}` is not a revision target: {reason}; expected `head`, `heads`, \
                 `base`, a revision id or prefix, a branch label, `label@head`, \
                 `label@base`, `+N`, `-N`, `<rev>+N` or `<rev>-N`"
            ),
            TargetError::BadSteps { text } => write!(
                f,
                "`{text}`: the number of steps must be a whole number from 1 up, \
                 as in `+2` or `<rev>-1`"
            ),
            TargetError::UnknownRevision {
                text,
                rev,
                suggestion,
            } => {
                write!(
                    f,
                    "{}no revision or branch label `{rev}`",
                    context(text, rev)
                )?;
                match suggestion {
                    Some(s) => write!(f, "; did you mean `{s}`?"),
                    None => Ok(()),
                }
            }
            TargetError::AmbiguousPrefix {
                text,
                prefix,
                candidates,
                total,
            } => {
                write!(
                    f,
                    "{}`{prefix}` is a prefix of {total} revisions ({}",
                    context(text, prefix),
                    list(candidates)
                )?;
                if *total > candidates.len() {
                    write!(f, ", ...")?;
                }
                write!(f, "); give more characters of the id")
            }
            TargetError::UnknownLabel {
                text,
                label,
                suggestion,
            } => {
                write!(
                    f,
                    "{}no branch label or revision `{label}`",
                    context(text, label)
                )?;
                match suggestion {
                    Some(s) => write!(f, "; did you mean `{s}`?"),
                    None => Ok(()),
                }
            }
            TargetError::NotOnBranch { text, rev, label } => write!(
                f,
                "`{text}`: revision `{rev}` is not on the line of branch `{label}`; \
                 name a revision that is, or drop `{label}@`"
            ),
            TargetError::MultipleHeads { text, heads } => write!(
                f,
                "`{text}` matches several heads ({}); use `heads` for all of them, \
                 or `<label>@head` or a revision id for one",
                list(heads)
            ),
            TargetError::AmbiguousWalk {
                text,
                at,
                way,
                candidates,
            } => write!(
                f,
                "`{text}`: going {way} from `{at}` can lead to {}; name the revision \
                 instead, or use `<label>@` to pick a branch",
                list(candidates)
            ),
            TargetError::WalkedTooFar {
                text,
                way,
                asked,
                possible,
            } => {
                let end = match way {
                    Way::Up => "the head",
                    Way::Down => "base",
                };
                write!(
                    f,
                    "`{text}` goes past {end}: asked for {asked} step(s) {way}, only \
                     {possible} possible"
                )
            }
            TargetError::AmbiguousStart { text, current } => write!(
                f,
                "`{text}` is relative, but the start has several revisions ({}); \
                 use `<label>@{}` or `<rev>{}` to say which line",
                list(current),
                relative_suffix(text),
                relative_suffix(text)
            ),
            TargetError::NothingToWalkFrom { text } => write!(
                f,
                "`{text}` is relative to the applied revisions, but none is on that line; \
                 name a revision instead"
            ),
            TargetError::WrongWay { text, context } => write!(f, "`{text}`: {context}"),
        }
    }
}

fn relative_suffix(text: &str) -> &str {
    let rest = text.rsplit('@').next().unwrap_or(text);
    match rest.find(['+', '-']) {
        Some(i) => &rest[i..],
        None => rest,
    }
}

impl std::error::Error for TargetError {}

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

    /// Resolves the target for a given role.
    pub fn resolve(&self, graph: &RevisionGraph, role: Role<'_>) -> Result<Resolved, TargetError> {
        Resolver {
            graph,
            target: self,
        }
        .resolve(role)
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

/// Where a target stands, which decides what relative steps mean.
#[derive(Debug, Clone, Copy)]
pub enum Role<'a> {
    /// The start of a range: `-N` is N steps below each head (`label@-N`:
    /// each head on that line); `+N` is an error.
    Start,
    /// The end of an upgrade whose start rows are `current` (empty = base):
    /// `+N` goes up from them; `-N` is an error.
    UpgradeEnd { current: &'a [Node] },
    /// The end of a downgrade whose start rows are `current`: `-N` goes down
    /// from the single row (or the one on the label's line); `+N` is an
    /// error.
    DowngradeEnd { current: &'a [Node] },
}

/// A resolved target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// The revisions, sorted; empty means base.
    pub nodes: Vec<Node>,
    /// The revision that picks a branch: the one declaring the label before
    /// `@` (or the revision named there), or for a downgrade's bare `-N`
    /// the start row it walked from. Alembic uses it to keep a downgrade on
    /// one branch.
    pub anchor: Option<Node>,
}

/// A position during a walk: below every root, or at a revision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pos {
    Base,
    At(Node),
}

struct Resolver<'g, 't> {
    graph: &'g RevisionGraph,
    target: &'t Target,
}

impl Resolver<'_, '_> {
    fn text(&self) -> String {
        self.target.text.clone()
    }

    fn resolve(&self, role: Role<'_>) -> Result<Resolved, TargetError> {
        let anchor = match &self.target.branch {
            Some(b) => Some(self.anchor(b)?),
            None => None,
        };
        let lineage = anchor.map(|a| self.graph.lineage_mask(a));
        let lineage = lineage.as_deref();
        let nodes = match &self.target.spec {
            Spec::Heads => self.heads(lineage),
            Spec::Head => self.head(lineage)?.into_iter().collect(),
            Spec::Base => Vec::new(),
            Spec::Rev(r) => vec![self.rev(r, lineage)?],
            Spec::Relative { from, steps } => {
                let way = if *steps > 0 { Way::Up } else { Way::Down };
                let n = steps.unsigned_abs();
                match from {
                    Some(sym) => {
                        let start = self.symbol(sym, lineage)?;
                        let filter = if way == Way::Up { lineage } else { None };
                        pos_nodes(self.walk(start, way, n, filter)?)
                    }
                    None => return self.relative_to_current(role, way, n, anchor, lineage),
                }
            }
        };
        Ok(Resolved { nodes, anchor })
    }

    /// The part before `@`: a label, else a revision id or prefix.
    fn anchor(&self, branch: &str) -> Result<Node, TargetError> {
        if let Some(n) = self.graph.label(branch) {
            return Ok(n);
        }
        match self.graph.resolve_id(branch) {
            Ok(n) => Ok(n),
            Err(LookupError::Ambiguous {
                candidates, total, ..
            }) => Err(TargetError::AmbiguousPrefix {
                text: self.text(),
                prefix: branch.to_owned(),
                candidates,
                total,
            }),
            Err(LookupError::NotFound { .. }) => Err(TargetError::UnknownLabel {
                text: self.text(),
                label: branch.to_owned(),
                suggestion: self
                    .graph
                    .suggest_label(branch)
                    .or_else(|| self.graph.suggest(branch)),
            }),
        }
    }

    /// `heads`: Alembic's real heads; `label@heads`: the structural heads on
    /// the label's line.
    fn heads(&self, lineage: Option<&[bool]>) -> Vec<Node> {
        match lineage {
            None => self.graph.real_heads().to_vec(),
            Some(mask) => self
                .graph
                .heads()
                .iter()
                .copied()
                .filter(|&h| mask[h])
                .collect(),
        }
    }

    /// `head`: the one structural head (on the label's line); none when the
    /// graph is empty.
    fn head(&self, lineage: Option<&[bool]>) -> Result<Option<Node>, TargetError> {
        let heads: Vec<Node> = self
            .graph
            .heads()
            .iter()
            .copied()
            .filter(|&h| lineage.is_none_or_mask(h))
            .collect();
        match heads[..] {
            [] => Ok(None),
            [h] => Ok(Some(h)),
            _ => Err(TargetError::MultipleHeads {
                text: self.text(),
                heads: self.graph.ids(&heads),
            }),
        }
    }

    /// A revision id, label or prefix; with a label before `@`, it must be
    /// on that label's line, and a prefix only matches ids on that line.
    fn rev(&self, r: &str, lineage: Option<&[bool]>) -> Result<Node, TargetError> {
        let exact = self.graph.get_str(r).or_else(|| self.graph.label(r));
        let node = match exact {
            Some(n) => n,
            None => {
                let matches: Vec<Node> = self
                    .graph
                    .prefix_matches(r)
                    .into_iter()
                    .filter(|&m| lineage.is_none_or_mask(m))
                    .collect();
                match matches[..] {
                    [m] => m,
                    [] => {
                        return Err(TargetError::UnknownRevision {
                            text: self.text(),
                            rev: r.to_owned(),
                            suggestion: self.graph.suggest(r),
                        })
                    }
                    _ => {
                        return Err(TargetError::AmbiguousPrefix {
                            text: self.text(),
                            prefix: r.to_owned(),
                            candidates: self.graph.ids(&matches[..matches.len().min(10)]),
                            total: matches.len(),
                        })
                    }
                }
            }
        };
        if let (Some(mask), Some(label)) = (lineage, &self.target.branch) {
            if !mask[node] {
                return Err(TargetError::NotOnBranch {
                    text: self.text(),
                    rev: self.graph.id(node).clone(),
                    label: label.clone(),
                });
            }
        }
        Ok(node)
    }

    /// The base of a relative step: `head`, `heads` (one), `base`, or a
    /// revision.
    fn symbol(&self, sym: &str, lineage: Option<&[bool]>) -> Result<Pos, TargetError> {
        match sym {
            "base" => Ok(Pos::Base),
            "head" => Ok(self.head(lineage)?.map_or(Pos::Base, Pos::At)),
            "heads" => {
                let heads = self.heads(lineage);
                match heads[..] {
                    [] => Ok(Pos::Base),
                    [h] => Ok(Pos::At(h)),
                    _ => Err(TargetError::MultipleHeads {
                        text: self.text(),
                        heads: self.graph.ids(&heads),
                    }),
                }
            }
            _ => Ok(Pos::At(self.rev(sym, lineage)?)),
        }
    }

    /// Alembic's `_walk`: up along children (only those on the label's line
    /// when `filter` is given), down along parents; below a root is base.
    fn walk(
        &self,
        start: Pos,
        way: Way,
        steps: u64,
        filter: Option<&[bool]>,
    ) -> Result<Pos, TargetError> {
        let mut cur = start;
        for done in 0..steps {
            let candidates: Vec<Node> = match (way, cur) {
                (Way::Up, Pos::Base) => self.graph.bases().to_vec(),
                (Way::Up, Pos::At(n)) => self.graph.children(n).to_vec(),
                (Way::Down, Pos::Base) => Vec::new(),
                (Way::Down, Pos::At(n)) => {
                    let parents = self.graph.parents(n);
                    if parents.is_empty() {
                        cur = Pos::Base;
                        continue;
                    }
                    parents.to_vec()
                }
            };
            let candidates: Vec<Node> = candidates
                .into_iter()
                .filter(|&c| filter.is_none_or_mask(c))
                .collect();
            match candidates[..] {
                [] => {
                    return Err(TargetError::WalkedTooFar {
                        text: self.text(),
                        way,
                        asked: steps,
                        possible: done,
                    })
                }
                [c] => cur = Pos::At(c),
                _ => {
                    let mut ids = self.graph.ids(&candidates);
                    ids.sort();
                    return Err(TargetError::AmbiguousWalk {
                        text: self.text(),
                        at: match cur {
                            Pos::Base => "base".to_owned(),
                            Pos::At(n) => self.graph.id(n).to_string(),
                        },
                        way,
                        candidates: ids,
                    });
                }
            }
        }
        Ok(cur)
    }

    fn relative_to_current(
        &self,
        role: Role<'_>,
        way: Way,
        steps: u64,
        anchor: Option<Node>,
        lineage: Option<&[bool]>,
    ) -> Result<Resolved, TargetError> {
        match (role, way) {
            (Role::Start, Way::Up) => Err(TargetError::WrongWay {
                text: self.text(),
                context: "a range start cannot be `+N`; name a revision, as in `<rev>+N`",
            }),
            (Role::Start, Way::Down) => {
                // Alembic's `get_revisions("-N")`: N below each real head
                // (with a label: each real head on that label's branch).
                let heads: Vec<Node> = self
                    .graph
                    .real_heads()
                    .iter()
                    .copied()
                    .filter(|&h| self.on_branch(h, anchor, lineage))
                    .collect();
                let mut nodes = Vec::new();
                for h in heads {
                    if let Pos::At(n) = self.walk(Pos::At(h), way, steps, None)? {
                        nodes.push(n);
                    }
                }
                nodes.sort_unstable();
                nodes.dedup();
                Ok(Resolved { nodes, anchor })
            }
            (Role::UpgradeEnd { .. }, Way::Down) => Err(TargetError::WrongWay {
                text: self.text(),
                context: "an upgrade cannot go down; use `gen downgrade`, or name a \
                          revision as in `<rev>-N`",
            }),
            (Role::DowngradeEnd { .. }, Way::Up) => Err(TargetError::WrongWay {
                text: self.text(),
                context: "a downgrade cannot go up; use `gen upgrade`, or name a \
                          revision as in `<rev>+N`",
            }),
            (Role::UpgradeEnd { current }, Way::Up) => {
                // Alembic's `_parse_upgrade_target` for `[label@]+N`.
                let mut start: Vec<Pos> = current.iter().map(|&c| Pos::At(c)).collect();
                if let Some(mask) = lineage {
                    start.retain(|p| matches!(p, Pos::At(n) if mask[*n]));
                    if start.is_empty() {
                        // The branch has no start row: go back to the tips
                        // of what is applied on that line, or to base.
                        start = self
                            .applied_tips_on_line(current, mask)
                            .into_iter()
                            .map(Pos::At)
                            .collect();
                    }
                }
                if start.is_empty() {
                    start.push(Pos::Base);
                }
                let from = match start[..] {
                    [p] => p,
                    _ => {
                        return Err(TargetError::AmbiguousStart {
                            text: self.text(),
                            current: start
                                .iter()
                                .filter_map(|p| match p {
                                    Pos::At(n) => Some(self.graph.id(*n).clone()),
                                    Pos::Base => None,
                                })
                                .collect(),
                        })
                    }
                };
                let end = self.walk(from, way, steps, lineage)?;
                Ok(Resolved {
                    nodes: pos_nodes(end),
                    anchor,
                })
            }
            (Role::DowngradeEnd { current }, Way::Down) => {
                // Alembic's `_parse_downgrade_target` for `[label@]-N`.
                let from = match lineage {
                    Some(mask) => {
                        let mut on_line: Vec<Node> =
                            current.iter().copied().filter(|&c| mask[c]).collect();
                        if on_line.is_empty() {
                            on_line = self.applied_tips_on_line(current, mask);
                        }
                        on_line
                    }
                    None => current.to_vec(),
                };
                let from = match from[..] {
                    [f] => f,
                    [] => {
                        return Err(TargetError::NothingToWalkFrom { text: self.text() });
                    }
                    _ => {
                        return Err(TargetError::AmbiguousStart {
                            text: self.text(),
                            current: self.graph.ids(&from),
                        })
                    }
                };
                let end = self.walk(Pos::At(from), way, steps, None)?;
                Ok(Resolved {
                    nodes: pos_nodes(end),
                    // Alembic: a bare `-N` keeps to the line of the row it
                    // walked from.
                    anchor: anchor.or(Some(from)),
                })
            }
        }
    }

    /// Whether a head belongs to the branch named before `@`: a label's
    /// propagated membership, or the line of a revision named there.
    fn on_branch(&self, node: Node, anchor: Option<Node>, lineage: Option<&[bool]>) -> bool {
        match (&self.target.branch, anchor, lineage) {
            (Some(b), Some(_), _) if self.graph.label(b).is_some() => {
                self.graph.branch_labels(node).contains(b.as_str())
            }
            (_, _, Some(mask)) => mask[node],
            _ => true,
        }
    }

    /// The applied revisions on a line that have no applied child or
    /// dependent on that line.
    fn applied_tips_on_line(&self, current: &[Node], mask: &[bool]) -> Vec<Node> {
        let applied = self.graph.ancestor_mask(current);
        let on_line: Vec<Node> = (0..self.graph.len())
            .filter(|&n| applied[n] && mask[n])
            .collect();
        let mut below = vec![false; self.graph.len()];
        for &n in &on_line {
            for &d in self.graph.normalized_down_revisions(n) {
                below[d] = true;
            }
        }
        on_line.into_iter().filter(|&n| !below[n]).collect()
    }
}

fn pos_nodes(p: Pos) -> Vec<Node> {
    match p {
        Pos::Base => Vec::new(),
        Pos::At(n) => vec![n],
    }
}

/// `None` lets everything through; `Some(mask)` only what it marks.
trait MaskFilter {
    fn is_none_or_mask(&self, n: Node) -> bool;
}

impl MaskFilter for Option<&[bool]> {
    fn is_none_or_mask(&self, n: Node) -> bool {
        self.is_none_or(|m| m[n])
    }
}
