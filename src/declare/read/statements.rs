//! One statement of a schema file, read: `CREATE TABLE` (see `table`),
//! `CREATE [UNIQUE] INDEX`, `ALTER TABLE [ONLY] ... ADD CONSTRAINT` /
//! `ALTER COLUMN ... SET DEFAULT` / `SET NOT NULL` / `ADD GENERATED ... AS
//! IDENTITY`, `COMMENT ON TABLE` / `COLUMN`, `CREATE TYPE ... AS ENUM`,
//! `CREATE SEQUENCE` and `ALTER SEQUENCE ... OWNED BY` (pg_dump's serial:
//! a sequence, owned by a column whose default is its `nextval`, is that
//! column's autoincrement). Anything else that describes schema is an
//! error naming what is read.

use super::error::{Place, ReadError, SUPPORTED};
use super::names::{ident, last, parts, qual};
use super::split::Chunk;
use super::value::{read_default, Default};
use super::Reader;
use crate::ops::CreateIndex;
use sqlparser::ast::{
    AlterColumnOperation, AlterTableOperation, CommentObject, Expr, Statement,
    UserDefinedTypeRepresentation,
};
use sqlparser::dialect::Dialect as ParserDialect;
use sqlparser::parser::Parser;
use sqlparser::tokenizer::Token;

fn unsupported(at: &Place, what: String) -> ReadError {
    ReadError::Unsupported {
        at: at.clone(),
        what,
        help: format!("gen reads {SUPPORTED}"),
    }
}

impl Reader<'_> {
    pub fn statement(
        &mut self,
        chunk: &Chunk,
        parser: &dyn ParserDialect,
    ) -> Result<(), ReadError> {
        let at = chunk.place(self.file);
        let kw = chunk.keywords(2);
        if kw == ["ALTER", "SEQUENCE"] || kw == ["CREATE", "SEQUENCE"] {
            return self.sequence(chunk, &at);
        }
        let tokens = super::split::drop_identity_options(chunk.parser_tokens());
        let mut p = Parser::new(parser).with_tokens_with_locations(tokens);
        // Several statements without `;` between them (SQLAlchemy's DDL as
        // printed) are read one after the other.
        let mut at = at;
        let mut kw = kw;
        loop {
            let stmt = p.parse_statement().map_err(|e| ReadError::Syntax {
                at: at.clone(),
                statement: kw.join(" "),
                message: e.to_string(),
            })?;
            self.one(stmt, &at)?;
            let next = p.peek_token();
            match &next.token {
                Token::EOF => return Ok(()),
                Token::Word(w)
                    if matches!(
                        w.value.to_ascii_uppercase().as_str(),
                        "CREATE" | "ALTER" | "COMMENT"
                    ) =>
                {
                    at = self.place_of(next.span.start.line, next.span.start.column);
                    kw = vec![w.value.to_ascii_uppercase()];
                }
                _ => {
                    return Err(ReadError::Syntax {
                        message: format!(
                            "expected the end of the statement, found `{}`",
                            next.token
                        ),
                        at: self.place_of(next.span.start.line, next.span.start.column),
                        statement: kw.join(" "),
                    })
                }
            }
        }
    }

    fn one(&mut self, stmt: Statement, at: &Place) -> Result<(), ReadError> {
        let at = at.clone();
        match stmt {
            Statement::CreateTable(ct) => {
                let name = qual(&ct.name, &*self.dialect, &at)?;
                if !Reader::is_user_table(&name) {
                    self.skipped += 1;
                    return Ok(());
                }
                let (def, indexes) = self.create_table(&ct, &at)?;
                if self.by_name.contains_key(&name) {
                    return Err(ReadError::Model {
                        at,
                        message: format!("table `{name}` is created twice"),
                    });
                }
                self.by_name.insert(name, self.tables.len());
                self.tables.push((def, at.clone()));
                self.indexes
                    .extend(indexes.into_iter().map(|i| (i, at.clone())));
                Ok(())
            }
            Statement::CreateIndex(ci) => self.create_index(&ci, &at),
            Statement::AlterTable(alter) => {
                let name = qual(&alter.name, &*self.dialect, &at)?;
                if !Reader::is_user_table(&name) {
                    self.skipped += 1;
                    return Ok(());
                }
                for op in &alter.operations {
                    self.alter_table(&name, op, &at)?;
                }
                Ok(())
            }
            Statement::Comment {
                object_type,
                object_name,
                comment,
                ..
            } => self.comment(object_type, &object_name, comment, &at),
            Statement::CreateType {
                name,
                representation: Some(UserDefinedTypeRepresentation::Enum { labels }),
            } => {
                let values = labels.iter().map(|l| l.value.clone()).collect();
                self.enums.insert(last(&name), values);
                Ok(())
            }
            other => Err(unsupported(
                &at,
                format!(
                    "`{}` does not describe what gen reads",
                    other.to_string().chars().take(60).collect::<String>()
                ),
            )),
        }
    }

    fn create_index(
        &mut self,
        ci: &sqlparser::ast::CreateIndex,
        at: &Place,
    ) -> Result<(), ReadError> {
        let table = qual(&ci.table_name, &*self.dialect, at)?;
        if !Reader::is_user_table(&table) {
            self.skipped += 1;
            return Ok(());
        }
        if !ci.with.is_empty() || ci.nulls_distinct.is_some() {
            return Err(unsupported(
                at,
                "an index option gen does not hold (WITH (...), NULLS [NOT] DISTINCT)".to_owned(),
            ));
        }
        let using = ci
            .using
            .iter()
            .chain(ci.index_options.iter().filter_map(|o| match o {
                sqlparser::ast::IndexOption::Using(t) => Some(t),
                sqlparser::ast::IndexOption::Comment(_) => None,
            }))
            .next()
            .map(|t| super::index::method(t, at))
            .transpose()?;
        let include = ci
            .include
            .iter()
            .map(|i| ident(i, at))
            .collect::<Result<Vec<_>, _>>()?;
        let Some(name) = ci.name.as_ref() else {
            return Err(unsupported(at, "an index without a name".to_owned()));
        };
        let name = ident(
            parts(name)
                .last()
                .copied()
                .ok_or_else(|| unsupported(at, format!("index name `{name}`")))?,
            at,
        )?;
        let prefix_lengths = self.dialect.index_support().prefix_length;
        let columns = ci
            .columns
            .iter()
            .map(|c| super::index::element(c, prefix_lengths, at))
            .collect::<Result<Vec<_>, _>>()?;
        self.indexes.push((
            CreateIndex {
                name,
                table: table.name,
                schema: table.schema,
                columns,
                unique: ci.unique,
                where_clause: ci.predicate.as_ref().map(|p| strip(p).to_string()),
                concurrently: false,
                if_not_exists: false,
                using,
                include: (!include.is_empty()).then(|| Box::new(include)),
                kind: None,
            },
            at.clone(),
        ));
        Ok(())
    }

    fn alter_table(
        &mut self,
        name: &crate::ops::ident::QualName,
        op: &AlterTableOperation,
        at: &Place,
    ) -> Result<(), ReadError> {
        match op {
            AlterTableOperation::AddConstraint { constraint, .. } => {
                let mut def = self.table_mut(name, at)?.clone();
                self.table_constraint(&mut def, constraint, at)?;
                *self.table_mut(name, at)? = def;
                Ok(())
            }
            AlterTableOperation::AlterColumn { column_name, op } => {
                let column = ident(column_name, at)?;
                let table = self.table_mut(name, at)?;
                let Some(col) = table.columns.iter_mut().find(|c| c.name == column) else {
                    return Err(ReadError::Model {
                        at: at.clone(),
                        message: format!("table `{name}` has no column `{column}`"),
                    });
                };
                match op {
                    AlterColumnOperation::SetDefault { value } => {
                        match read_default(value, col.ty.portable()) {
                            Default::None => col.default = None,
                            Default::Value(v) => col.default = Some(Box::new(v)),
                            Default::NextVal(seq) => {
                                col.autoincrement = true;
                                col.default = None;
                                self.sequences.remove(&seq);
                            }
                        }
                    }
                    AlterColumnOperation::SetNotNull => col.nullable = Some(false),
                    AlterColumnOperation::AddGenerated { .. } => col.autoincrement = true,
                    other => return Err(unsupported(at, format!("ALTER COLUMN ... {other}"))),
                }
                Ok(())
            }
            other => Err(unsupported(at, format!("ALTER TABLE ... {other}"))),
        }
    }

    fn comment(
        &mut self,
        object_type: CommentObject,
        object: &sqlparser::ast::ObjectName,
        comment: Option<String>,
        at: &Place,
    ) -> Result<(), ReadError> {
        let names = parts(object);
        match object_type {
            CommentObject::Table => {
                let table = qual(object, &*self.dialect, at)?;
                if Reader::is_user_table(&table) {
                    self.table_mut(&table, at)?.comment = comment;
                }
                Ok(())
            }
            CommentObject::Column if names.len() >= 2 => {
                let (col, table_parts) = names
                    .split_last()
                    .ok_or_else(|| unsupported(at, "COMMENT ON COLUMN".into()))?;
                let table_name = sqlparser::ast::ObjectName::from(
                    table_parts.iter().map(|i| (*i).clone()).collect::<Vec<_>>(),
                );
                let table = qual(&table_name, &*self.dialect, at)?;
                let column = ident(col, at)?;
                let def = self.table_mut(&table, at)?;
                match def.columns.iter_mut().find(|c| c.name == column) {
                    Some(c) => {
                        c.comment = comment.map(|s| s.into_boxed_str());
                        Ok(())
                    }
                    None => Err(ReadError::Model {
                        at: at.clone(),
                        message: format!("table `{table}` has no column `{column}`"),
                    }),
                }
            }
            other => Err(unsupported(at, format!("COMMENT ON {other}"))),
        }
    }

    /// `CREATE SEQUENCE name ... [OWNED BY table.column]` and `ALTER
    /// SEQUENCE name OWNED BY table.column`, read from their words: the
    /// options (which sqlparser takes in one order only) do not matter to
    /// the model, only the name and the owner.
    fn sequence(&mut self, chunk: &Chunk, at: &Place) -> Result<(), ReadError> {
        let tokens = chunk.parser_tokens();
        let word = |i: usize, w: &str| matches!(tokens.get(i).map(|t| &t.token), Some(Token::Word(x)) if x.quote_style.is_none() && x.value.eq_ignore_ascii_case(w));
        // A dotted name starting at `from`: its parts.
        let dotted = |from: usize| -> Vec<String> {
            let mut out = Vec::new();
            let mut i = from;
            while let Some(Token::Word(w)) = tokens.get(i).map(|t| &t.token) {
                out.push(w.value.clone());
                if !matches!(tokens.get(i + 1).map(|t| &t.token), Some(Token::Period)) {
                    break;
                }
                i += 2;
            }
            out
        };
        let mut start = 2;
        if word(2, "if") && word(3, "not") && word(4, "exists")
            || word(2, "if") && word(3, "exists")
        {
            start = if word(3, "not") { 5 } else { 4 };
        }
        let seq = dotted(start).last().cloned().unwrap_or_default();
        let owned = (0..tokens.len()).find(|&i| word(i, "owned") && word(i + 1, "by"));
        match owned {
            Some(i) => {
                let owner: Vec<sqlparser::ast::Ident> = dotted(i + 2)
                    .into_iter()
                    .map(sqlparser::ast::Ident::new)
                    .collect();
                self.owned_by(&seq, &sqlparser::ast::ObjectName::from(owner), at)
            }
            None if word(0, "create") => {
                self.sequences.insert(seq, at.clone());
                Ok(())
            }
            None => {
                self.skipped += 1;
                Ok(())
            }
        }
    }

    /// Sequence `seq` belongs to a column: it is that column's autoincrement.
    fn owned_by(
        &mut self,
        seq: &str,
        owner: &sqlparser::ast::ObjectName,
        at: &Place,
    ) -> Result<(), ReadError> {
        let names = parts(owner);
        let Some((col, table_parts)) = names.split_last() else {
            return Err(unsupported(at, format!("OWNED BY `{owner}`")));
        };
        if col.value.eq_ignore_ascii_case("none") && table_parts.is_empty() {
            self.sequences.insert(seq.to_owned(), at.clone());
            return Ok(());
        }
        let table_name = sqlparser::ast::ObjectName::from(
            table_parts.iter().map(|i| (*i).clone()).collect::<Vec<_>>(),
        );
        let table = qual(&table_name, &*self.dialect, at)?;
        let column = ident(col, at)?;
        let def = self.table_mut(&table, at)?;
        if let Some(c) = def.columns.iter_mut().find(|c| c.name == column) {
            c.autoincrement = true;
            if matches!(c.default.as_deref(), Some(crate::ops::literal::DefaultValue::Sql(s)) if s.to_ascii_lowercase().starts_with("nextval"))
            {
                c.default = None;
            }
        }
        self.sequences.remove(seq);
        Ok(())
    }
}

fn strip(e: &Expr) -> &Expr {
    match e {
        Expr::Nested(inner) => strip(inner),
        _ => e,
    }
}
