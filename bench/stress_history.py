#!/usr/bin/env python3
"""Writes a linear history of the operations the benchmark mix leaves out.

benches/support/synth.rs draws what most revisions do (tables, columns,
indexes, renames, execute). This one draws the rest, at random but valid by
construction: named foreign keys, unique and check constraints, drop
constraint, table comments, column and table renames, bulk_insert (which
cannot be undone; NOBULK=1 writes execute instead, so that the downgrade
goes all the way). It exists to catch cost that grows faster than the
history in those paths: bench/scaling.sh times gen on N and 10N revisions.

Standard library only:  python3 bench/stress_history.py N DIR
"""
import os
import random
import sys

if len(sys.argv) != 3:
    sys.exit("usage: stress_history.py N DIR")
n = int(sys.argv[1]); out = sys.argv[2]
random.seed(11)
os.makedirs(out, exist_ok=True)
tables = {}  # name -> dict(cols=[...], cons=[...], pk=bool, comment=bool)
counter = [0]
def fresh(p):
    counter[0] += 1
    return f"{p}_{counter[0]}"
prev = None
for i in range(n):
    rid = f"{i+1:012x}"
    ops = []
    for _ in range(random.randint(1, 3)):
        r = random.random()
        if len(tables) < 5 or r < 0.15:
            t = fresh("t")
            cols = [fresh("c") for _ in range(3)]
            ref = random.choice(list(tables)) if tables and random.random() < 0.5 else None
            coltxt = ", ".join([f"{{name: {c}, type: integer}}" for c in cols])
            reftxt = f", {{name: ref_id, type: integer, references: {{table: {ref}, column: id}}}}" if ref else ""
            ops.append(f"  - create_table: {{name: {t}, columns: [{{name: id, type: integer, primary_key: true}}, {coltxt}{reftxt}]}}")
            tables[t] = dict(cols=cols, cons=[], comment=False)
            continue
        t = random.choice(list(tables))
        T = tables[t]
        if r < 0.27 and T["cols"]:
            other = random.choice(list(tables))
            c = random.choice(T["cols"])
            name = fresh("fk")
            ops.append(f"  - create_foreign_key: {{name: {name}, table: {t}, columns: [{c}], references: {{table: {other}, columns: [id]}}}}")
            T["cons"].append(name); T.setdefault("fkcols", set()).add(c)
        elif r < 0.37 and T["cols"]:
            c = random.choice(T["cols"]); name = fresh("uq")
            ops.append(f"  - create_unique_constraint: {{name: {name}, table: {t}, columns: [{c}]}}")
            T["cons"].append(name); T.setdefault("fkcols", set()).add(c)
        elif r < 0.45 and T["cols"]:
            c = random.choice(T["cols"]); name = fresh("ck")
            ops.append(f"  - create_check_constraint: {{name: {name}, table: {t}, expr: {c} > 0}}")
            T["cons"].append(name); T.setdefault("fkcols", set()).add(c)
        elif r < 0.55 and T["cons"]:
            name = T["cons"].pop(random.randrange(len(T["cons"])))
            ops.append(f"  - drop_constraint: {{name: {name}, table: {t}}}")
        elif r < 0.62:
            ops.append(f"  - create_table_comment: {{table: {t}, comment: note {i}}}")
            T["comment"] = True
        elif r < 0.66 and T["comment"]:
            ops.append(f"  - drop_table_comment: {{table: {t}}}")
            T["comment"] = False
        elif r < 0.74:
            c = fresh("c"); T["cols"].append(c)
            ops.append(f"  - add_column: {{table: {t}, column: {{name: {c}, type: integer}}}}")
        elif r < 0.82:
            free = [c for c in T["cols"] if c not in T.get("fkcols", set())]
            if free:
                c = random.choice(free); new = fresh("c")
                T["cols"][T["cols"].index(c)] = new
                ops.append(f"  - alter_column: {{table: {t}, column: {c}, new_name: {new}}}")
        elif r < 0.90 and not os.environ.get("NOBULK"):
            ops.append(f"  - bulk_insert: {{table: {t}, rows: [{{id: {i*10+1}}}, {{id: {i*10+2}}}]}}")
        elif r < 0.95:
            new = fresh("t")
            tables[new] = tables.pop(t)
            ops.append(f"  - rename_table: {{name: {t}, new_name: {new}}}")
        else:
            free = [c for c in T["cols"] if c not in T.get("fkcols", set())]
            if free:
                c = random.choice(free); ix = fresh("ix")
                ops.append(f"  - create_index: {{name: {ix}, table: {t}, columns: [{c}]}}")
                T.setdefault("fkcols", set()).add(c)
    if not ops:
        ops.append("  - execute: {sql: SELECT 1, reverse_sql: SELECT 1}")
    down = f"'{prev}'" if prev else "null"
    with open(os.path.join(out, f"{rid}_r.yaml"), "w") as f:
        f.write(f"revision: '{rid}'\ndown_revision: {down}\nmessage: r{i}\nupgrade:\n" + "\n".join(ops) + "\n")
    prev = rid
