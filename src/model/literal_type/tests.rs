//! Literals against portable types, in memory.

use super::*;
use crate::dialect::{MsSql, MySql, PostgreSql, Sqlite};

fn ty(t: &str) -> TypeSpec {
    TypeSpec::Portable(SqlType::parse(t).unwrap())
}

fn s(v: &str) -> Literal {
    Literal::String(v.to_owned())
}

fn n(v: &str) -> Literal {
    Literal::Number(v.to_owned())
}

fn on(d: &dyn Dialect, t: &str, v: &Literal) -> Result<(), Box<LiteralError>> {
    check(d, &ty(t), "c", Role::Default, v, || {
        DocPath::root().key("default")
    })
}

fn ok(t: &str, v: Literal) {
    if let Err(e) = on(&PostgreSql, t, &v) {
        panic!("{t} {v}: {e}");
    }
}

fn bad(t: &str, v: Literal) -> Box<LiteralError> {
    on(&PostgreSql, t, &v).expect_err(&format!("{t} {v} passed"))
}

#[test]
fn function_calls_in_strings_get_the_sql_form_in_their_help() {
    for (t, v) in [
        ("timestamptz", "now()"),
        ("timestamp", "CURRENT_TIMESTAMP"),
        ("uuid", "uuid_generate_v4()"),
        ("uuid", "gen_random_uuid()"),
        ("date", "current_date"),
        ("integer", "nextval('seq')"),
    ] {
        let e = bad(t, s(v));
        assert!(
            matches!(*e, LiteralError::LooksLikeSql { .. }),
            "{t} {v}: {e}"
        );
        assert_eq!(
            e.help().unwrap(),
            format!("to have the database compute it, write it as SQL: `default: {{sql: {v}}}`")
        );
    }
    let e = bad("timestamptz", s("now()"));
    assert_eq!(
        e.to_string(),
        "the default \"now()\" of `c` (timestamptz) is the text \"now()\", not SQL: a YAML string is always written as a string literal"
    );
    // Text columns take any text.
    ok("text", s("now()"));
    ok("varchar(10)", s("now()"));
}

#[test]
fn dates_times_and_timestamps_are_real_ones() {
    ok("date", s("2024-02-29"));
    ok("time", s("09:30"));
    ok("time", s("23:59:59.123456"));
    ok("timestamp", s("2024-01-31 09:30:00"));
    ok("timestamp", s("2024-01-31T09:30"));
    ok("timestamp", s("2024-01-31"));
    ok("timestamptz", s("2024-01-31 09:30:00+02:00"));
    ok("timestamptz", s("2024-01-31 09:30:00Z"));
    ok("timestamptz", s("2024-01-31 09:30:00-0530"));
    for (t, v, why) in [
        ("date", "2023-02-29", "has 28 days"),
        ("date", "2024-13-01", "no month 13"),
        ("date", "24-01-01", "YYYY-MM-DD"),
        ("date", "0000-01-01", "no year 0"),
        ("time", "24:00", "not a time of day"),
        ("time", "9:30", "HH:MM"),
        ("time", "10:00:00.1234567", "keeps 6 fractional digits"),
        (
            "timestamp",
            "2024-01-31 09:30:00+02:00",
            "keeps no time zone",
        ),
        ("timestamptz", "2024-01-31 09:30:00 UTC", "not of the form"),
        ("timestamptz", "2024-01-31 09:30:00+2", "not a zone offset"),
        ("timestamp", "yesterday", "YYYY-MM-DD"),
    ] {
        let e = bad(t, s(v));
        assert!(e.to_string().contains(why), "{t} {v}: {e}");
    }
    // A number is no date.
    assert!(on(&PostgreSql, "date", &n("20240101")).is_err());
}

#[test]
fn what_a_dialect_keeps_of_a_time_is_its_own() {
    // MySQL's DATETIME keeps whole seconds and no zone.
    let e = on(&MySql, "timestamp", &s("2024-01-31 09:30:00.5")).unwrap_err();
    assert!(e.to_string().contains("mysql keeps whole seconds"), "{e}");
    let e = on(&MySql, "timestamptz", &s("2024-01-31 09:30:00+02:00")).unwrap_err();
    assert!(e.to_string().contains("keeps no zone"), "{e}");
    assert!(e.help().unwrap().contains("in UTC"), "{e:?}");
    on(&MySql, "timestamptz", &s("2024-01-31 09:30:00.000")).unwrap();
    on(&MsSql, "time", &s("09:30:00.1234567")).unwrap();
    on(&Sqlite, "time", &s("09:30:00.123456789")).unwrap();
}

#[test]
fn numbers_fit_their_type() {
    ok("integer", n("42"));
    ok("integer", n("-2147483648"));
    ok("integer", s("42"));
    ok("integer", n("1e3"));
    ok("bigint", n("9223372036854775807"));
    ok("numeric(5,2)", n("999.99"));
    ok("numeric(5,2)", n("1.50"));
    ok("numeric", n("123456789012345678901234567890.123"));
    ok("double", n("-1.5e-7"));
    for (t, v, why) in [
        ("integer", n("1.5"), "fraction"),
        ("smallint", n("40000"), "range"),
        ("integer", n("2147483648"), "range"),
        ("integer", s("forty"), "not a number"),
        ("integer", Literal::Bool(true), "boolean"),
        ("numeric(5,2)", n("1.005"), "round"),
        ("numeric(5,2)", n("1000"), "holds 3"),
        ("real", s("NaN"), "not a number"),
    ] {
        let e = bad(t, v.clone());
        assert!(e.to_string().contains(why), "{t} {v}: {e}");
    }
}

#[test]
fn booleans_uuids_json_and_lengths() {
    ok("boolean", Literal::Bool(false));
    let e = bad("boolean", s("yes"));
    assert_eq!(
        e.help().as_deref(),
        Some("write `true` or `false`, without quotes")
    );
    assert!(on(&PostgreSql, "boolean", &n("1")).is_err());
    ok("uuid", s("123E4567-e89b-12d3-a456-426614174000"));
    assert!(on(&PostgreSql, "uuid", &s("123e4567e89b12d3a456426614174000")).is_err());
    ok("json", s("{\"a\": [1, 2]}"));
    assert!(on(&PostgreSql, "json", &s("{a: 1}")).is_err());
    assert!(on(&PostgreSql, "json", &n("1")).is_err());
    ok("varchar(3)", s("abc"));
    ok("char(2)", n("12"));
    let e = bad("varchar(3)", s("abcd"));
    assert!(
        e.to_string()
            .contains("4 characters long and the column holds 3"),
        "{e}"
    );
    // Null fits every type; text types and intervals take any text.
    ok("date", Literal::Null);
    ok("interval", s("P1D"));
    ok("text", n("1.5"));
}

#[test]
fn operations_are_checked_where_their_literals_are() {
    let ops = |yaml: &str| crate::source::parse_ops(yaml).unwrap();
    let mut schema = Schema::new();
    for op in ops("
- create_table:
    name: t
    columns:
      - {name: id, type: integer, primary_key: true}
      - {name: at, type: timestamp}
      - {name: note, type: text, default: x}
")
    {
        schema.apply(&op).unwrap();
    }
    let at = |yaml: &str| {
        let op = ops(yaml).remove(0);
        check_op(&op, &schema, &PostgreSql).map_err(|e| e.at().to_string())
    };
    assert_eq!(
        at("- add_column: {table: t, column: {name: d, type: date, default: now()}}"),
        Err("column.default".to_owned())
    );
    assert_eq!(
        at("- create_table: {name: u, columns: [{name: d, type: date, default: \"2024-01-01\"}, {name: e, type: date, default: x}]}"),
        Err("columns[1].default".to_owned())
    );
    assert_eq!(
        at("- alter_column: {table: t, column: at, default: \"2024-01-01 10:00:61\"}"),
        Err("default".to_owned())
    );
    // A type change keeps the former default, which must fit the new type.
    assert_eq!(
        at("- alter_column: {table: t, column: note, type: integer}"),
        Err("type".to_owned())
    );
    assert_eq!(
        at("- bulk_insert: {table: t, rows: [{id: 1, at: \"2024-01-01\"}, {id: 2.5}]}"),
        Err("rows[1].id".to_owned())
    );
    let e = check_op(
        &ops("- bulk_insert: {table: t, rows: [{id: 1, at: now()}]}").remove(0),
        &schema,
        &PostgreSql,
    )
    .unwrap_err();
    assert!(e.help().unwrap().contains("execute"), "{e:?}");
    assert_eq!(
        at("- alter_column: {table: t, column: at, type: date}"),
        Ok(())
    );
}
