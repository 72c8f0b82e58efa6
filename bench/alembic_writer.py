#!/usr/bin/env python3
"""Writes a synthetic history as an Alembic project, for the benchmark.

Input: the JSON manifest written by `cargo run --release --example synth --
N DIR --manifest FILE` (every revision with its upgrade and its explicit
downgrade). Output: PROJECT/alembic.ini, PROJECT/env.py (offline only,
PostgreSQL, literal binds) and PROJECT/versions/<id>_<slug>.py, one per
revision, with the same ids, down_revisions, branch_labels and depends_on as
the YAML files, and real `op.*` calls equivalent to the YAML operations.

Standard library only:  python3 bench/alembic_writer.py MANIFEST PROJECT
"""

import json
import os
import sys

TYPES = {
    "integer": "sa.Integer()",
    "bigint": "sa.BigInteger()",
    "text": "sa.Text()",
    "boolean": "sa.Boolean()",
    "numeric(12,2)": "sa.Numeric(12, 2)",
    "timestamptz": "sa.DateTime(timezone=True)",
    "date": "sa.Date()",
    "uuid": "sa.Uuid()",
    "json": "sa.JSON()",
}

INI = """[alembic]
script_location = %(here)s
sqlalchemy.url = postgresql://offline/only

[loggers]
keys = root

[handlers]
keys = null

[formatters]
keys =

[logger_root]
level = WARN
handlers = null

[handler_null]
class = NullHandler
args = ()
"""

ENV = '''from alembic import context

# Offline only: the SQL is written, never run.
context.configure(
    dialect_name="postgresql",
    literal_binds=True,
    transactional_ddl=True,
)

with context.begin_transaction():
    context.run_migrations()
'''

MAKO = '''"""${message}"""
'''


def sql_type(t):
    if t["name"] == "varchar":
        return "sa.String(%d)" % t["length"]
    return TYPES[t["name"]]


def column(c):
    args = [repr(c["name"]), sql_type(c["type"])]
    if c["references"]:
        args.append("sa.ForeignKey(%r, ondelete='CASCADE')" % (c["references"] + ".id"))
    if c["primary_key"]:
        args.append("primary_key=True")
        args.append("autoincrement=True")
    else:
        args.append("nullable=%s" % c["nullable"])
    d = c["default"]
    if d is not None:
        if "sql" in d:
            args.append("server_default=sa.text(%r)" % d["sql"])
        elif d["literal"] in ("0", "false"):
            args.append("server_default=sa.text(%r)" % d["literal"])
        else:
            args.append("server_default=%r" % d["literal"])
    return "sa.Column(%s)" % ", ".join(args)


def op_lines(op):
    kind = op["op"]
    if kind == "create_table":
        cols = ",\n        ".join(column(c) for c in op["columns"])
        return ["op.create_table(\n        %r,\n        %s,\n    )" % (op["name"], cols)]
    if kind == "drop_table":
        return ["op.drop_table(%r)" % op["name"]]
    if kind == "add_column":
        return ["op.add_column(%r, %s)" % (op["table"], column(op["column"]))]
    if kind == "drop_column":
        return ["op.drop_column(%r, %r)" % (op["table"], op["column"])]
    if kind == "create_index":
        ix = op["index"]
        return [
            "op.create_index(%r, %r, %r, unique=%s)"
            % (ix["name"], op["table"], ix["columns"], ix["unique"])
        ]
    if kind == "drop_index":
        return ["op.drop_index(%r, table_name=%r)" % (op["index"]["name"], op["table"])]
    if kind == "alter_column":
        old, new = op["from"], op["to"]
        args = [repr(op["table"]), repr(old["name"])]
        if new["name"] != old["name"]:
            args.append("new_column_name=%r" % new["name"])
        if new["nullable"] != old["nullable"]:
            args.append("nullable=%s" % new["nullable"])
        if new["type"] != old["type"]:
            args.append("type_=%s" % sql_type(new["type"]))
        args.append("existing_type=%s" % sql_type(old["type"]))
        args.append("existing_nullable=%s" % old["nullable"])
        return ["op.alter_column(%s)" % ", ".join(args)]
    if kind == "rename_table":
        return ["op.rename_table(%r, %r)" % (op["from"], op["to"])]
    if kind == "execute":
        return ["op.execute(%r)" % op["sql"]]
    raise ValueError("unknown op %r" % kind)


def body(ops):
    if not ops:
        return "    pass\n"
    return "".join("    %s\n" % line for op in ops for line in op_lines(op))


def ids(values):
    if not values:
        return "None"
    if len(values) == 1:
        return repr(values[0])
    return "(%s)" % ", ".join(repr(v) for v in values)


def revision_file(r):
    return '''"""%(message)s

Revision ID: %(id)s
Revises: %(revises)s
Create Date: %(date)s
"""
from alembic import op
import sqlalchemy as sa

revision = %(id)r
down_revision = %(down)s
branch_labels = %(labels)s
depends_on = %(depends)s


def upgrade():
%(upgrade)s

def downgrade():
%(downgrade)s''' % {
        "message": r["message"],
        "id": r["id"],
        "revises": ", ".join(r["parents"]),
        "date": r["create_date"],
        "down": ids(r["parents"]),
        "labels": ids(r["branch_labels"]),
        "depends": ids(r["depends_on"]),
        "upgrade": body(r["upgrade"]),
        "downgrade": body(r["downgrade"]),
    }


def main(argv):
    if len(argv) != 3:
        sys.exit("usage: alembic_writer.py MANIFEST PROJECT")
    with open(argv[1]) as f:
        revisions = json.load(f)
    project = argv[2]
    versions = os.path.join(project, "versions")
    os.makedirs(versions, exist_ok=True)
    for name, text in (("alembic.ini", INI), ("env.py", ENV), ("script.py.mako", MAKO)):
        with open(os.path.join(project, name), "w") as f:
            f.write(text)
    for r in revisions:
        with open(os.path.join(versions, r["file"] + ".py"), "w") as f:
            f.write(revision_file(r))
    print("wrote %d revisions to %s" % (len(revisions), versions), file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv)
