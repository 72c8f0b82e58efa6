//! `CREATE TABLE` read into a `create_table`: columns (type, nullability,
//! default, comment, autoincrement in its spellings: `serial`, identity,
//! `AUTO_INCREMENT`, SQLite's `AUTOINCREMENT`), inline and table-level
//! primary key, unique, foreign keys (with actions and deferrability) and
//! checks, MySQL's `KEY`s (the index under a foreign key, or an index of
//! its own) and the table comment. MariaDB's JSON (`longtext` with a
//! `json_valid` check) reads back as `json`.

use super::error::{Place, ReadError};
use super::names::{ident, qual};
use super::types::{is_serial, read_type};
use super::value::{read_default, Default};
use super::Reader;
use crate::ops::ident::Ident;
use crate::ops::sqltype::{SqlType, TypeSpec};
use crate::ops::{
    CheckDef, ColumnDef, CreateIndex, CreateTable, FkAction, ForeignKeyDef, Initially,
    PrimaryKeyDef, ReferencesDef, UniqueDef,
};
use sqlparser::ast::Spanned;
use sqlparser::ast::{
    self, ColumnOption, CommentDef, CreateTableOptions, DataType, DeferrableInitial, EnumMember,
    Expr, ReferentialAction, SqlOption, TableConstraint,
};
use sqlparser::tokenizer::Token;

fn unsupported(at: &Place, what: String, help: &str) -> ReadError {
    ReadError::Unsupported {
        at: at.clone(),
        what,
        help: help.to_owned(),
    }
}

pub fn action(a: &Option<ReferentialAction>) -> Option<FkAction> {
    a.map(|a| match a {
        ReferentialAction::Restrict => FkAction::Restrict,
        ReferentialAction::Cascade => FkAction::Cascade,
        ReferentialAction::SetNull => FkAction::SetNull,
        ReferentialAction::NoAction => FkAction::NoAction,
        ReferentialAction::SetDefault => FkAction::SetDefault,
    })
}

/// The plain column names of a key, or an error for an expression.
pub fn key_columns(cols: &[ast::IndexColumn], at: &Place) -> Result<Vec<Ident>, ReadError> {
    cols.iter()
        .map(|c| match &c.column.expr {
            Expr::Identifier(i) => ident(i, at),
            other => Err(unsupported(
                at,
                format!("a key on the expression `{other}`"),
                "primary keys and unique constraints name columns; an expression belongs in CREATE UNIQUE INDEX",
            )),
        })
        .collect()
}

impl Reader<'_> {
    pub fn foreign_key(
        &self,
        fk: &ast::ForeignKeyConstraint,
        name: Option<&ast::Ident>,
        at: &Place,
    ) -> Result<ForeignKeyDef, ReadError> {
        let target = qual(&fk.foreign_table, &*self.dialect, at)?;
        let chars = fk.characteristics.as_ref();
        Ok(ForeignKeyDef {
            name: name
                .or(fk.name.as_ref())
                .map(|n| ident(n, at))
                .transpose()?,
            columns: fk
                .columns
                .iter()
                .map(|c| ident(c, at))
                .collect::<Result<_, _>>()?,
            references: ReferencesDef {
                table: target.name,
                schema: target.schema,
                columns: fk
                    .referred_columns
                    .iter()
                    .map(|c| ident(c, at))
                    .collect::<Result<_, _>>()?,
            },
            on_delete: action(&fk.on_delete),
            on_update: action(&fk.on_update),
            deferrable: chars.and_then(|c| c.deferrable),
            initially: chars.and_then(|c| c.initially).map(|i| match i {
                DeferrableInitial::Immediate => Initially::Immediate,
                DeferrableInitial::Deferred => Initially::Deferred,
            }),
            index_name: None,
        })
    }

    fn column_type(&self, ty: &DataType, at: &Place) -> Result<TypeSpec, ReadError> {
        match ty {
            DataType::Enum(members, _) => Ok(TypeSpec::Portable(SqlType::Enum {
                values: members
                    .iter()
                    .map(|m| match m {
                        EnumMember::Name(n) => n.clone(),
                        EnumMember::NamedValue(n, _) => n.clone(),
                    })
                    .collect(),
            })),
            DataType::Custom(name, args)
                if args.is_empty() && self.enums.contains_key(&super::names::last(name)) =>
            {
                let values = self.enums[&super::names::last(name)].clone();
                Ok(TypeSpec::Portable(SqlType::Enum { values }))
            }
            DataType::Unspecified => Err(unsupported(
                at,
                "a column without a type".to_owned(),
                "give every column a type",
            )),
            other => read_type(&other.to_string(), &*self.dialect).ok_or_else(|| {
                unsupported(
                    at,
                    format!("the type `{other}`"),
                    "a type is a portable type or a native type name",
                )
            }),
        }
    }

    /// Reads one `CREATE TABLE`; MySQL `KEY`s that are not a foreign key's
    /// index come back as indexes.
    pub fn create_table(
        &mut self,
        ct: &ast::CreateTable,
        at: &Place,
    ) -> Result<(CreateTable, Vec<CreateIndex>), ReadError> {
        if ct.query.is_some() || ct.like.is_some() || ct.clone.is_some() {
            return Err(unsupported(
                at,
                "a table made from a query or another table (AS / LIKE / CLONE)".to_owned(),
                "declare its columns",
            ));
        }
        let name = qual(&ct.name, &*self.dialect, at)?;
        if let Some(old) = self.hint_at(ct.name.0.last().map(|p| p.span().start.line)) {
            self.rename(name.clone(), None, old, at.line);
        }
        let mut def = CreateTable {
            name: name.name.clone(),
            schema: name.schema.clone(),
            columns: Vec::with_capacity(ct.columns.len()),
            primary_key: None,
            unique: Vec::new(),
            foreign_keys: Vec::new(),
            checks: Vec::new(),
            comment: table_comment(ct),
            if_not_exists: false,
        };
        let mut keys = Vec::new();
        for c in &ct.columns {
            let at = &self.place_of(c.name.span.start.line, c.name.span.start.column);
            let col_name = ident(&c.name, at)?;
            if let Some(old) = self.hint_at(Some(c.name.span.start.line)) {
                self.rename(name.clone(), Some(col_name.clone()), old, at.line);
            }
            let mut col = ColumnDef {
                name: col_name.clone(),
                ty: self.column_type(&c.data_type, at)?,
                nullable: None,
                primary_key: false,
                autoincrement: is_serial(&c.data_type.to_string()),
                unique: false,
                default: None,
                comment: None,
                references: None,
                identity: None,
                computed: None,
                collation: None,
            };
            if col.autoincrement {
                col.nullable = Some(false);
            }
            for o in &c.options {
                match &o.option {
                    ColumnOption::Null => col.nullable = Some(true),
                    ColumnOption::NotNull => col.nullable = Some(false),
                    ColumnOption::Default(e) => match read_default(e, col.ty.portable()) {
                        Default::None => {}
                        Default::Value(v) => col.default = Some(Box::new(v)),
                        Default::NextVal(_) => col.autoincrement = true,
                    },
                    ColumnOption::PrimaryKey(_) => match &o.name {
                        Some(n) => {
                            def.primary_key = Some(PrimaryKeyDef {
                                name: Some(ident(n, at)?),
                                columns: vec![col_name.clone()],
                                deferrable: None,
                                initially: None,
                            })
                        }
                        None => col.primary_key = true,
                    },
                    ColumnOption::Unique(u) => match o.name.as_ref().or(u.name.as_ref()) {
                        Some(n) => def.unique.push(UniqueDef {
                            name: Some(ident(n, at)?),
                            columns: vec![col_name.clone()],
                            deferrable: None,
                            initially: None,
                        }),
                        None => col.unique = true,
                    },
                    ColumnOption::ForeignKey(fk) => {
                        let mut fk = self.foreign_key(fk, o.name.as_ref(), at)?;
                        fk.columns = vec![col_name.clone()];
                        def.foreign_keys.push(fk);
                    }
                    ColumnOption::Check(ck) => {
                        if is_json_valid(&ck.expr, &col_name) {
                            col.ty = TypeSpec::Portable(SqlType::Json);
                        } else {
                            def.checks.push(CheckDef {
                                name: o.name.as_ref().or(ck.name.as_ref()).map(|n| ident(n, at)).transpose()?,
                                expr: strip(&ck.expr).to_string(),
                            });
                        }
                    }
                    ColumnOption::DialectSpecific(tokens)
                        if tokens.iter().any(|t| matches!(t, Token::Word(w) if w.value.eq_ignore_ascii_case("auto_increment") || w.value.eq_ignore_ascii_case("autoincrement"))) =>
                    {
                        col.autoincrement = true
                    }
                    ColumnOption::Identity(_) => col.autoincrement = true,
                    ColumnOption::Generated {
                        generation_expr: None,
                        generated_as,
                        sequence_options,
                        ..
                    } => {
                        // The engine makes an identity NOT NULL.
                        col.nullable = Some(false);
                        col.identity = Some(Box::new(super::generated::identity(
                            generated_as,
                            sequence_options,
                            at,
                        )?))
                    }
                    ColumnOption::Generated {
                        generation_expr: Some(e),
                        generation_expr_mode,
                        ..
                    } => col.computed = Some(Box::new(super::generated::computed(e, generation_expr_mode))),
                    ColumnOption::Comment(text) => col.comment = Some(text.as_str().into()),
                    ColumnOption::Collation(name) => {
                        col.collation = Some(Box::new(super::generated::collation(name, at)?))
                    }
                    ColumnOption::CharacterSet(_) => {}
                    other => {
                        return Err(unsupported(
                            at,
                            format!("the column option `{other}` of `{col_name}`"),
                            "gen reads a column's type, NULL / NOT NULL, DEFAULT, PRIMARY KEY, UNIQUE, REFERENCES, CHECK, COMMENT, COLLATE, GENERATED ALWAYS AS (...) and autoincrement (identity, AUTO_INCREMENT, AUTOINCREMENT, serial)",
                        ))
                    }
                }
            }
            // MariaDB's JSON is a text type with its collation; gen's json has none.
            if matches!(col.ty, TypeSpec::Portable(SqlType::Json)) {
                col.collation = None;
            }
            def.columns.push(col);
        }
        for tc in &ct.constraints {
            match tc {
                TableConstraint::Index(ix) => keys.push(ix.clone()),
                other => self.table_constraint(&mut def, other, at)?,
            }
        }
        super::generated::plain_identity_keys(&mut def);
        let mut indexes = Vec::new();
        for ix in keys {
            // The elements as written (MySQL's `col DESC`, `col(20)`); the
            // plain names, for matching a foreign key's own index.
            let elements = ix
                .columns
                .iter()
                .map(|c| super::index::element(c, true, at))
                .collect::<Result<Vec<_>, _>>()?;
            let columns: Vec<Ident> = elements
                .iter()
                .filter(|e| e.options().is_none())
                .filter_map(|e| e.column().cloned())
                .collect();
            let plain = columns.len() == elements.len();
            let Some(ix_name) = ix.name.as_ref().map(|n| ident(n, at)).transpose()? else {
                return Err(unsupported(
                    at,
                    "an index without a name".to_owned(),
                    "name every index: `KEY name (columns)`",
                ));
            };
            // InnoDB names the index it makes for a key that has none after
            // the key, or its first column: that one is the engine's. The
            // name the dialect derives is the key's own index; any other
            // name is an index the user made.
            if plain
                && def.foreign_keys.iter().any(|fk| {
                    fk.columns == columns
                        && (fk.name.as_ref() == Some(&ix_name) || columns.first() == Some(&ix_name))
                })
            {
                continue;
            }
            let dialect = &*self.dialect;
            let derived = |fk: &ForeignKeyDef| {
                (1..4).any(|n| {
                    dialect
                        .foreign_key_index_name(&name.name, &fk.columns, n)
                        .as_ref()
                        == Some(&ix_name)
                })
            };
            match def
                .foreign_keys
                .iter_mut()
                .find(|fk| plain && fk.index_name.is_none() && fk.columns == columns && derived(fk))
            {
                Some(fk) => fk.index_name = Some(ix_name),
                None => indexes.push(CreateIndex {
                    name: ix_name,
                    table: name.name.clone(),
                    schema: name.schema.clone(),
                    columns: elements,
                    unique: false,
                    where_clause: None,
                    concurrently: false,
                    if_not_exists: false,
                    using: None,
                    include: None,
                    kind: None,
                }),
            }
        }
        Ok((def, indexes))
    }

    /// A table-level constraint, inside `CREATE TABLE` or added later.
    pub fn table_constraint(
        &self,
        def: &mut CreateTable,
        tc: &TableConstraint,
        at: &Place,
    ) -> Result<(), ReadError> {
        match tc {
            TableConstraint::PrimaryKey(pk) => {
                def.primary_key = Some(PrimaryKeyDef {
                    name: pk.name.as_ref().map(|n| ident(n, at)).transpose()?,
                    columns: key_columns(&pk.columns, at)?,
                    deferrable: None,
                    initially: None,
                })
            }
            TableConstraint::Unique(u) => def.unique.push(UniqueDef {
                name: u
                    .name
                    .as_ref()
                    .or(u.index_name.as_ref())
                    .map(|n| ident(n, at))
                    .transpose()?,
                columns: key_columns(&u.columns, at)?,
                deferrable: None,
                initially: None,
            }),
            TableConstraint::ForeignKey(fk) => {
                let fk = self.foreign_key(fk, None, at)?;
                def.foreign_keys.push(fk);
            }
            TableConstraint::Check(ck) => {
                let json = def
                    .columns
                    .iter_mut()
                    .find(|c| is_json_valid(&ck.expr, &c.name));
                match json {
                    Some(col) => col.ty = TypeSpec::Portable(SqlType::Json),
                    None => def.checks.push(CheckDef {
                        name: ck.name.as_ref().map(|n| ident(n, at)).transpose()?,
                        expr: strip(&ck.expr).to_string(),
                    }),
                }
            }
            other => {
                return Err(unsupported(
                    at,
                    format!("the table constraint `{other}`"),
                    "gen reads PRIMARY KEY, UNIQUE, FOREIGN KEY, CHECK and (MySQL) KEY / INDEX",
                ))
            }
        }
        Ok(())
    }
}

fn strip(e: &Expr) -> &Expr {
    match e {
        Expr::Nested(inner) => strip(inner),
        _ => e,
    }
}

/// Is `e` MariaDB's `json_valid(col)`, the check its JSON type is?
fn is_json_valid(e: &Expr, col: &Ident) -> bool {
    let Expr::Function(f) = strip(e) else {
        return false;
    };
    f.name.to_string().eq_ignore_ascii_case("json_valid") && {
        let args = f.args.to_string();
        let inner = args.trim_matches(|c| matches!(c, '(' | ')' | '`' | '"' | ' '));
        inner == col.as_str()
    }
}

fn table_comment(ct: &ast::CreateTable) -> Option<String> {
    let from_def = |c: &CommentDef| match c {
        CommentDef::WithEq(s) | CommentDef::WithoutEq(s) => s.clone(),
    };
    if let Some(c) = &ct.comment {
        return Some(from_def(c));
    }
    let options = match &ct.table_options {
        CreateTableOptions::Plain(o)
        | CreateTableOptions::With(o)
        | CreateTableOptions::Options(o)
        | CreateTableOptions::TableProperties(o) => o.as_slice(),
        CreateTableOptions::None => &[],
    };
    options.iter().find_map(|o| match o {
        SqlOption::Comment(c) => Some(from_def(c)),
        _ => None,
    })
}
