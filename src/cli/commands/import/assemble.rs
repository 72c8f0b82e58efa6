//! One recorded revision file to one [`ImportedRevision`]: its header, and
//! each phase translated once per dialect. Where the dialects' operations
//! differ (code that asks `get_bind().dialect.name`), the lists are merged
//! and the operations only some dialects gave carry `dialects: [...]`
//! (`branches`). A phase that stopped early gets a placeholder quoting the
//! line.

use super::branches::merge;
use super::recorder::{Phase, Recorded};
use super::report::Report;
use super::translate::{phase, Outcome};
use super::yaml_out::{ImportedRevision, Item};

/// The items of one phase across the dialects.
fn merged(
    rec: &Recorded,
    dialects: &[String],
    pick: fn(&super::recorder::Run) -> &Phase,
) -> Outcome {
    let mut per: Vec<(&String, Outcome)> = Vec::new();
    for (d, run) in dialects
        .iter()
        .filter_map(|d| rec.runs.get(d).map(|r| (d, r)))
    {
        let p = pick(run);
        let mut out = phase(&p.calls, &rec.file, dialects, d);
        if let Some(e) = &p.error {
            let reason = if e.detail.is_empty() || e.reason.contains(&e.detail) {
                e.reason.clone()
            } else {
                format!(
                    "{} ({})",
                    e.reason,
                    e.detail.lines().next().unwrap_or_default()
                )
            };
            out.hand(&reason, &rec.file, e.line, &e.source);
            out.hand.pop();
            out.hand.push(e.reason.clone());
        }
        per.push((d, out));
    }
    let mut out = Outcome::default();
    for (_, o) in &per {
        for h in &o.hand {
            if !out.hand.contains(h) {
                out.hand.push(h.clone());
            }
        }
        for n in &o.notes {
            if !out.notes.contains(n) {
                out.notes.push(n.clone());
            }
        }
    }
    let lists: Vec<(&str, Vec<Item>)> = per
        .into_iter()
        .map(|(d, o)| (d.as_str(), o.items))
        .collect();
    out.items = merge(&lists);
    if out.items.iter().any(|i| matches!(i, Item::Only(..))) {
        out.notes
            .push("operations differ by dialect: written with `dialects: [...]`".to_owned());
    }
    out
}

/// The revision to write, or `None` when the file is not a revision.
pub fn revision(
    rec: &Recorded,
    dialects: &[String],
    report: &mut Report,
) -> Option<ImportedRevision> {
    if rec.revision.is_empty() {
        report.skipped(
            &rec.file,
            rec.load_error.as_ref().map(|e| e.detail.as_str()),
        );
        return None;
    }
    let mut rev = ImportedRevision {
        id: rec.revision.clone(),
        down_revisions: rec.down_revision.clone(),
        branch_labels: rec.branch_labels.clone(),
        depends_on: rec.depends_on.clone(),
        message: rec.message.clone(),
        create_date: rec.create_date.clone(),
        source_file: rec.file.clone(),
        ..Default::default()
    };
    let mut hand = Vec::new();
    if let Some(e) = &rec.load_error {
        let reason = format!("{}: {}", e.reason, e.detail);
        rev.upgrade.push(Item::Placeholder {
            reason: reason.clone(),
            quoted: Vec::new(),
        });
        rev.downgrade.push(Item::Placeholder {
            reason,
            quoted: Vec::new(),
        });
        hand.push(e.reason.clone());
    } else {
        let up = merged(rec, dialects, |r| &r.upgrade);
        let down = merged(rec, dialects, |r| &r.downgrade);
        rev.upgrade = up.items;
        rev.downgrade = down.items;
        hand.extend(up.hand);
        hand.extend(down.hand);
        for n in up.notes.into_iter().chain(down.notes) {
            if !rev.notes.contains(&n) {
                rev.notes.push(n);
            }
        }
    }
    for m in &rec.stubbed {
        rev.notes.push(format!(
            "ran with a stub for the missing module `{m}` (--stub-missing): check what it was used for"
        ));
    }
    report.revision(&rec.file, &hand, &rev.notes);
    Some(rev)
}
