"""gen import alembic: the recorder.

Embedded in the gen binary and run with the user's Python. It loads each
revision module of an Alembic versions folder with a recording stand-in for
`alembic.op`, calls upgrade() and downgrade() once per dialect asked for, and
prints one JSON line per revision file: its header (revision, down_revision,
branch_labels, depends_on, docstring, create date) and, per dialect, the
op.* calls with their arguments bound to Alembic's parameter names.
SQLAlchemy objects are written as plain JSON: types, defaults and
expressions compiled with SQLAlchemy's own compiler for every dialect.
Nothing is installed and nothing connects to a database.

Usage: python recorder.py VERSIONS_DIR DIALECTS(comma-separated) [PYTHONPATH...]
"""

import importlib.util
import inspect
import json
import os
import sys
import traceback
import types

GEN_TO_SA = {"postgresql": "postgresql", "mysql": "mysql", "sqlite": "sqlite", "mssql": "mssql"}


def fail(module, how):
    sys.stdout.write(json.dumps({"fatal": "missing-module", "module": module, "how": how}) + "\n")
    sys.exit(0)


try:
    import sqlalchemy as sa
    from sqlalchemy.sql.elements import ClauseElement, TextClause
    from sqlalchemy import schema as sa_schema
except ImportError as e:  # pragma: no cover - reported by gen
    fail("sqlalchemy", "pip install sqlalchemy (in the environment your migrations run in), or pass --python PATH")


class HandWork(Exception):
    """Something a person must translate: the reason is counted."""

    def __init__(self, reason, detail=""):
        Exception.__init__(self, reason)
        self.reason = reason
        self.detail = detail


def sa_dialect(name):
    mod = __import__("sqlalchemy.dialects." + GEN_TO_SA[name], fromlist=["dialect"])
    return mod.dialect()


DIALECTS = sys.argv[2].split(",") if len(sys.argv) > 2 else ["postgresql"]
SA_DIALECTS = {d: sa_dialect(d) for d in DIALECTS}
VERSIONS = os.path.abspath(sys.argv[1])


# ---------------------------------------------------------------- values


def compile_all(fn):
    """{dialect: text} of fn(dialect), or {dialect: None} where it fails."""
    out = {}
    for name, d in SA_DIALECTS.items():
        try:
            out[name] = fn(d)
        except Exception as e:  # a type or construct the dialect cannot render
            out[name] = None
    return out


def ser_type(t):
    if t is None:
        return None
    if isinstance(t, type):
        t = t()
    impl = t
    # SQLAlchemy's own decorators (Interval, ...) keep their class.
    if isinstance(t, sa.types.TypeDecorator) and not type(t).__module__.startswith("sqlalchemy."):
        impl = getattr(t, "impl_instance", None) or t.impl
        if isinstance(impl, type):
            impl = impl()
    out = {
        "$": "type",
        "class": type(impl).__name__,
        "visit": getattr(impl, "__visit_name__", None),
        "compiled": compile_all(lambda d: t.compile(dialect=d)),
    }
    for attr in ("length", "precision", "scale", "timezone", "native_enum", "asdecimal"):
        v = getattr(impl, attr, None)
        if isinstance(v, (bool, int, str)):
            out[attr] = v
    if isinstance(impl, sa.Enum):
        out["enums"] = list(impl.enums)
        out["name"] = impl.name
    out["variant"] = bool(getattr(t, "_variant_mapping", None))
    return out


def ser_sql(expr):
    """A SQL expression compiled for each dialect, literals inline."""
    if isinstance(expr, str):
        return {"$": "sql", "sql": {d: expr for d in DIALECTS}}
    return {
        "$": "sql",
        "sql": compile_all(lambda d: str(expr.compile(dialect=d, compile_kwargs={"literal_binds": True}))),
    }


def ser_server_default(sd):
    if sd is None:
        return None
    if isinstance(sd, (sa_schema.DefaultClause,)):
        arg = sd.arg
    elif isinstance(sd, sa_schema.FetchedValue):
        return {"$": "fetched"}
    else:
        arg = sd
    if isinstance(arg, str):
        return {"$": "literal", "value": arg}
    if isinstance(arg, TextClause):
        return {"$": "sql", "sql": {d: arg.text for d in DIALECTS}}
    return ser_sql(arg)


def ser_fk(fk):
    parts = fk.target_fullname.split(".")
    return {
        "name": conv(fk.constraint.name) if fk.constraint is not None else conv(fk.name),
        "ref_schema": ".".join(parts[:-2]) or None,
        "ref_table": parts[-2] if len(parts) > 1 else None,
        "ref_column": parts[-1],
        "ondelete": fk.ondelete,
        "onupdate": fk.onupdate,
        "deferrable": fk.deferrable,
        "initially": fk.initially,
    }


def conv(name):
    if name is None or type(name).__name__ == "_NoneName":
        return None
    if isinstance(name, str):
        return str(name)
    return repr(name)


def ser_identity(identity):
    """`sa.Identity(...)`: what gen's `identity:` has (always, start,
    increment) and whether it was given more (minvalue, cycle, ...)."""
    if identity is None:
        return None
    more = [k for k in ("minvalue", "maxvalue", "nominvalue", "nomaxvalue", "cycle", "cache", "order", "on_null")
            if getattr(identity, k, None) not in (None, False)]
    return {"always": bool(identity.always), "start": identity.start, "increment": identity.increment, "more": more}


def ser_column(c):
    identity = getattr(c, "identity", None)
    computed = getattr(c, "computed", None)
    return {
        "$": "column",
        "name": c.name,
        "type": ser_type(c.type),
        "nullable": c.nullable,
        "primary_key": c.primary_key,
        "autoincrement": c.autoincrement if isinstance(c.autoincrement, bool) else "auto",
        "unique": bool(c.unique),
        "index": bool(c.index),
        "server_default": ser_server_default(c.server_default),
        "python_default": c.default is not None,
        "comment": c.comment,
        "foreign_keys": [ser_fk(fk) for fk in sorted(c.foreign_keys, key=lambda f: f.target_fullname)],
        "identity": ser_identity(identity),
        "computed": None if computed is None else {
            "sql": ser_sql(computed.sqltext),
            "persisted": computed.persisted,
        },
        "sequence": isinstance(c.default, sa.Sequence),
    }


def ser_index(ix):
    cols = []
    for e in ix.expressions:
        if isinstance(e, sa.Column):
            cols.append(e.name)
        elif isinstance(e, str):
            cols.append(e)
        else:
            cols.append(ser_sql(e))
    kw = {k: ser(v) for k, v in sorted(ix.kwargs.items()) if v is not None and v is not False}
    return {"name": conv(ix.name), "columns": cols, "unique": bool(ix.unique), "kw": kw}


def ser_table(t, kw):
    cons = sorted(t.constraints, key=lambda c: (type(c).__name__, conv(c.name) or "", [x.name for x in getattr(c, "columns", [])]))
    out = {
        "$": "table",
        "name": t.name,
        "schema": t.schema,
        "comment": t.comment,
        "columns": [ser_column(c) for c in t.columns],
        "primary_key": None,
        "uniques": [],
        "foreign_keys": [],
        "checks": [],
        "indexes": [ser_index(ix) for ix in sorted(t.indexes, key=lambda i: conv(i.name) or "")],
        "kw": {k: ser(v) for k, v in sorted(kw.items())},
    }
    for c in cons:
        if isinstance(c, sa.PrimaryKeyConstraint):
            if len(c.columns):
                out["primary_key"] = {"name": conv(c.name), "columns": [x.name for x in c.columns]}
        elif isinstance(c, sa.UniqueConstraint):
            out["uniques"].append({"name": conv(c.name), "columns": [x.name for x in c.columns]})
        elif isinstance(c, sa.ForeignKeyConstraint):
            if c.elements:
                els = [ser_fk(e) for e in c.elements]
                out["foreign_keys"].append({
                    "name": conv(c.name),
                    "columns": [e.parent.name for e in c.elements],
                    "ref_schema": els[0]["ref_schema"],
                    "ref_table": els[0]["ref_table"],
                    "ref_columns": [e["ref_column"] for e in els],
                    "ondelete": c.ondelete,
                    "onupdate": c.onupdate,
                    "deferrable": c.deferrable,
                    "initially": c.initially,
                })
        elif isinstance(c, sa.CheckConstraint):
            if getattr(c, "_type_bound", False):
                continue
            out["checks"].append({"name": conv(c.name), "sql": ser_sql(c.sqltext)})
    return out


def ser(v):
    if v is None or isinstance(v, (bool, int, float, str)):
        return v
    if isinstance(v, (list, tuple)):
        return [ser(x) for x in v]
    if isinstance(v, dict):
        return {str(k): ser(x) for k, x in v.items()}
    if isinstance(v, sa.Column):
        return ser_column(v)
    if isinstance(v, sa.types.TypeEngine) or (isinstance(v, type) and issubclass(v, sa.types.TypeEngine)):
        return ser_type(v)
    if isinstance(v, (sa_schema.DefaultClause, sa_schema.FetchedValue)):
        return ser_server_default(v)
    if isinstance(v, TextClause):
        return {"$": "sql", "sql": {d: v.text for d in DIALECTS}}
    if isinstance(v, ClauseElement):
        return ser_sql(v)
    try:
        import datetime
        import decimal
        import uuid
        if isinstance(v, (datetime.date, datetime.time, datetime.datetime)):
            return {"$": "text", "value": v.isoformat(sep=" ") if isinstance(v, datetime.datetime) else v.isoformat()}
        if isinstance(v, decimal.Decimal):
            return {"$": "number", "value": str(v)}
        if isinstance(v, uuid.UUID):
            return str(v)
    except Exception:
        pass
    return {"$": "repr", "repr": repr(v)[:200]}


