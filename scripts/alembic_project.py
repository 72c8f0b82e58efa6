#!/usr/bin/env python3
"""Write an Alembic project that mirrors the revision graph of a gen migrations folder.

    python3 scripts/alembic_project.py MIGRATIONS_DIR OUT_DIR
    VENV_PYTHON scripts/alembic_project.py --run OUT_DIR RESULTS_DIR 'upgrade heads' ...

OUT_DIR gets `alembic.ini`, `env.py` (offline `--sql` mode only, PostgreSQL,
default `alembic_version` table), `script.py.mako` and one `versions/<id>.py`
per revision with the same `revision`, `down_revision` (a tuple for a merge),
`branch_labels` and `depends_on`. Every upgrade() and downgrade() is `pass`, so
the only statements Alembic writes are its version-table ones: its
`alembic upgrade ... --sql` output can then be compared with gen's.

Standard library only. The YAML is not parsed in full: only the four top-level
keys above are read, in the shapes gen accepts for them (a plain or quoted
scalar, `null`/`~`/empty, a flow list `[a, b]` or a block list of `- a` lines).
Everything else in the files (operations, messages) is skipped.

`--run` (with the Python of a virtualenv that has Alembic) runs several
`alembic -c OUT_DIR/alembic.ini <command> --sql` in one process, through the
same entry point as the `alembic` executable (`alembic.config.main`), so that
the interpreter and SQLAlchemy start once instead of once per command. Command
number N writes its standard output to RESULTS_DIR/N.out, its standard error to
N.err and its exit status to N.rc. The output is byte for byte what the
`alembic` executable prints. A command written `rows=A,B upgrade A:REV` starts
from the version rows A and B (env.py reads them from GEN_ALEMBIC_START_ROWS),
as online mode would read them from the table.
"""

import os
import sys

KEYS = ("revision", "down_revision", "branch_labels", "depends_on")


def strip_comment(text):
    """Drop a trailing `# comment` that is outside quotes."""
    quote = None
    for i, c in enumerate(text):
        if quote:
            if c == quote:
                quote = None
        elif c in "'\"":
            quote = c
        elif c == "#" and (i == 0 or text[i - 1] in " \t"):
            return text[:i]
    return text


def scalar(text):
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1]
    if text in ("", "null", "~", "Null", "NULL"):
        return None
    return text


def flow_list(text):
    inner = text.strip()[1:-1].strip()
    if not inner:
        return []
    return [scalar(part) for part in inner.split(",")]


def parse(path):
    """The four keys of one revision file, as None, a string or a list."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    found = {}
    i = 0
    while i < len(lines):
        line = strip_comment(lines[i]).rstrip()
        i += 1
        if not line or line[0] in " \t-" or ":" not in line:
            continue
        key, _, rest = line.partition(":")
        key = key.strip()
        if key not in KEYS:
            continue
        rest = rest.strip()
        if rest.startswith("["):
            found[key] = flow_list(rest)
        elif rest and scalar(rest) is not None:
            found[key] = scalar(rest)
        else:
            # Possibly a block list on the following indented `- item` lines.
            items = []
            while i < len(lines):
                nxt = strip_comment(lines[i]).rstrip()
                stripped = nxt.lstrip()
                if not stripped:
                    i += 1
                    continue
                if not (stripped.startswith("- ") or stripped == "-"):
                    break
                items.append(scalar(stripped[1:]))
                i += 1
            found[key] = items if items else None
    if "revision" not in found or not isinstance(found["revision"], str):
        raise SystemExit(f"{path}: no `revision` key")
    return found


def as_tuple(value):
    """None, a string, or a list -> None, 'x', or ('a', 'b') (a 1-list stays a tuple)."""
    if value is None or value == []:
        return None
    if isinstance(value, str):
        return value
    return tuple(value)


def down_value(value):
    """down_revision: None, one id, or a tuple for a merge."""
    if value is None or value == []:
        return None
    if isinstance(value, str):
        return value
    return value[0] if len(value) == 1 else tuple(value)


ALEMBIC_INI = """\
[alembic]
script_location = {here}
sqlalchemy.url = postgresql://
"""

ENV_PY = '''\
"""Offline (--sql) only: the script Alembic would hand a DBA, for PostgreSQL."""
import os

from alembic import context

config = context.config

if not context.is_offline_mode():
    raise SystemExit("this project only supports offline mode: pass --sql")

# Offline, Alembic takes the start of a range `START:END` as one revision and
# refuses `heads:...` when there are several heads; online it reads the rows of
# the version table instead. A database at `heads` holds one row per head, so
# hand Alembic every head as its starting rows, as online mode would.
try:
    start = context.get_starting_revision_argument()
except Exception:  # no range given: starts from base
    start = None
# Any other set of rows (a state reached on the way) comes in
# GEN_ALEMBIC_START_ROWS, comma-separated: `run` sets it for a command
# written `rows=A,B upgrade A:REV`.
rows = os.environ.get("GEN_ALEMBIC_START_ROWS")
if rows:
    start = tuple(rows.split(","))
extra = {"starting_rev": start} if isinstance(start, tuple) else {}

context.configure(
    url=config.get_main_option("sqlalchemy.url"),
    literal_binds=True,
    dialect_opts={"paramstyle": "named"},
    **extra,
)
with context.begin_transaction():
    context.run_migrations()
'''

SCRIPT_MAKO = '''\
"""${message}

Revision ID: ${up_revision}
Revises: ${down_revision | comma,n}
"""
revision = ${repr(up_revision)}
down_revision = ${repr(down_revision)}
branch_labels = ${repr(branch_labels)}
depends_on = ${repr(depends_on)}


def upgrade():
    pass


def downgrade():
    pass
'''

VERSION_PY = '''\
"""Mirror of gen revision {revision} (no schema operations)."""
revision = {revision!r}
down_revision = {down_revision!r}
branch_labels = {branch_labels!r}
depends_on = {depends_on!r}


def upgrade():
    pass


def downgrade():
    pass
'''


def run(project, results, commands):
    """`alembic <command> --sql` for each command, output captured per command."""
    import traceback

    from alembic.config import main as alembic_main

    os.makedirs(results, exist_ok=True)
    ini = os.path.join(project, "alembic.ini")
    saved_out, saved_err = os.dup(1), os.dup(2)
    for n, command in enumerate(commands):
        base = os.path.join(results, str(n))
        code = 0
        with open(base + ".out", "wb") as out, open(base + ".err", "wb") as err:
            sys.stdout.flush()
            sys.stderr.flush()
            os.dup2(out.fileno(), 1)
            os.dup2(err.fileno(), 2)
            words = command.split()
            if words and words[0].startswith("rows="):
                os.environ["GEN_ALEMBIC_START_ROWS"] = words.pop(0)[len("rows="):]
            else:
                os.environ.pop("GEN_ALEMBIC_START_ROWS", None)
            try:
                alembic_main(argv=["-c", ini] + words + ["--sql"], prog="alembic")
            except SystemExit as e:
                code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
            except BaseException:  # reported like an uncaught exception would be
                traceback.print_exc()
                code = 1
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os.dup2(saved_out, 1)
                os.dup2(saved_err, 2)
        with open(base + ".rc", "w", encoding="utf-8") as f:
            f.write(f"{code & 0xFF}\n")


def main(argv):
    if len(argv) >= 4 and argv[1] == "--run":
        run(argv[2], argv[3], argv[4:])
        return
    if len(argv) != 3:
        raise SystemExit(
            f"usage: {argv[0]} MIGRATIONS_DIR OUT_DIR\n"
            f"       {argv[0]} --run OUT_DIR RESULTS_DIR COMMAND..."
        )
    src, out = argv[1], argv[2]
    versions = os.path.join(out, "versions")
    os.makedirs(versions, exist_ok=True)
    here = os.path.abspath(out)
    with open(os.path.join(out, "alembic.ini"), "w", encoding="utf-8") as f:
        f.write(ALEMBIC_INI.format(here=here))
    with open(os.path.join(out, "env.py"), "w", encoding="utf-8") as f:
        f.write(ENV_PY)
    with open(os.path.join(out, "script.py.mako"), "w", encoding="utf-8") as f:
        f.write(SCRIPT_MAKO)
    count = 0
    for name in sorted(os.listdir(src)):
        path = os.path.join(src, name)
        if name.startswith(".") or not name.endswith((".yaml", ".yml")):
            continue
        if not os.path.isfile(path):
            continue
        keys = parse(path)
        rev = keys["revision"]
        with open(os.path.join(versions, f"{rev}.py"), "w", encoding="utf-8") as f:
            f.write(
                VERSION_PY.format(
                    revision=rev,
                    down_revision=down_value(keys.get("down_revision")),
                    branch_labels=as_tuple(keys.get("branch_labels")),
                    depends_on=as_tuple(keys.get("depends_on")),
                )
            )
        count += 1
    print(f"{count} revisions written to {versions}")


if __name__ == "__main__":
    main(sys.argv)
