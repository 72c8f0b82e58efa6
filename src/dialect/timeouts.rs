//! Session timeouts as each engine takes them: how long a statement waits
//! for a lock, and how long it may run (`lock_timeout` and
//! `statement_timeout` in gen.yaml and revision files).
//!
//! A dialect answers, per timeout, the unit its `SET` takes
//! ([`super::Dialect::session_timeout`]), or that it has no such setting
//! (the script then says so in a comment). The statement itself is spelled
//! by the `set_timeout` template; this file only turns milliseconds into
//! the value that template writes.

/// Which session timeout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeoutKind {
    /// How long a statement waits for a lock.
    Lock,
    /// How long a statement may run.
    Statement,
}

impl TimeoutKind {
    /// The template's `setting` and the key users write.
    pub fn key(self) -> &'static str {
        match self {
            TimeoutKind::Lock => "lock_timeout",
            TimeoutKind::Statement => "statement_timeout",
        }
    }
}

/// The value a timeout's `SET` takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeoutUnit {
    /// A quoted duration with its unit (PostgreSQL: `'5s'`, `'500ms'`).
    Text,
    /// Whole milliseconds (SQL Server's `LOCK_TIMEOUT`).
    Millis,
    /// Whole seconds, rounded up (MariaDB's `lock_wait_timeout`).
    WholeSeconds,
    /// Seconds with a fraction (MariaDB's `max_statement_time`: `0.5`).
    Seconds,
}

impl TimeoutUnit {
    /// `ms` milliseconds as this unit writes them (without quotes).
    pub fn value(self, ms: u64) -> String {
        match self {
            TimeoutUnit::Text => match ms {
                _ if ms % 3_600_000 == 0 => format!("{}h", ms / 3_600_000),
                _ if ms % 60_000 == 0 => format!("{}min", ms / 60_000),
                _ if ms % 1_000 == 0 => format!("{}s", ms / 1_000),
                _ => format!("{ms}ms"),
            },
            TimeoutUnit::Millis => ms.to_string(),
            TimeoutUnit::WholeSeconds => ms.div_ceil(1_000).max(1).to_string(),
            TimeoutUnit::Seconds => match ms % 1_000 {
                0 => (ms / 1_000).to_string(),
                frac => {
                    let f = format!("{frac:03}");
                    format!("{}.{}", ms / 1_000, f.trim_end_matches('0'))
                }
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_per_unit() {
        assert_eq!(TimeoutUnit::Text.value(5_000), "5s");
        assert_eq!(TimeoutUnit::Text.value(120_000), "2min");
        assert_eq!(TimeoutUnit::Text.value(1_500), "1500ms");
        assert_eq!(TimeoutUnit::Millis.value(5_000), "5000");
        assert_eq!(TimeoutUnit::WholeSeconds.value(500), "1");
        assert_eq!(TimeoutUnit::WholeSeconds.value(5_001), "6");
        assert_eq!(TimeoutUnit::Seconds.value(500), "0.5");
        assert_eq!(TimeoutUnit::Seconds.value(1_250), "1.25");
        assert_eq!(TimeoutUnit::Seconds.value(2_000), "2");
    }
}
