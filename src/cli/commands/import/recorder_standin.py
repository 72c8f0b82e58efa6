# gen import alembic: the recorder, second part (appended to recorder.py
# when gen runs it): the stand-in for alembic.op and alembic.context, the
# fake bind, and the run over the versions folder.

# ---------------------------------------------------------------- the stand-in


def caller_line():
    """(line number, text) of the revision file line that made the call."""
    for frame in inspect.stack()[2:]:
        if os.path.abspath(frame.filename) == CURRENT["file"]:
            text = (frame.code_context or [""])[0].rstrip("\n")
            return frame.lineno, text
    return None, ""


CURRENT = {"file": "", "calls": None, "dialect": "postgresql"}


def record(op, args):
    line, text = caller_line()
    CURRENT["calls"].append({"op": op, "args": args, "line": line, "source": text})


def hand(reason, detail=""):
    line, text = caller_line()
    CURRENT["calls"].append({"op": "$hand", "args": {"reason": reason, "detail": detail}, "line": line, "source": text})


# Alembic's signatures (alembic/operations/base.py), bound to name every argument.
def _create_table(table_name, *columns, **kw): pass
def _drop_table(table_name, schema=None, if_exists=None, **kw): pass
def _rename_table(old_table_name, new_table_name, schema=None): pass
def _add_column(table_name, column, schema=None, if_not_exists=None): pass
def _drop_column(table_name, column_name, schema=None, if_exists=None, **kw): pass
def _alter_column(table_name, column_name, nullable=None, comment=False, server_default=False,
                  new_column_name=None, type_=None, existing_type=None, existing_server_default=False,
                  existing_nullable=None, existing_comment=None, schema=None, **kw): pass
def _create_index(index_name, table_name, columns, schema=None, unique=False, if_not_exists=None, **kw): pass
def _drop_index(index_name, table_name=None, schema=None, if_exists=None, **kw): pass
def _create_primary_key(constraint_name, table_name, columns, schema=None): pass
def _create_unique_constraint(constraint_name, table_name, columns, schema=None, **kw): pass
def _create_foreign_key(constraint_name, source_table, referent_table, local_cols, remote_cols,
                        onupdate=None, ondelete=None, deferrable=None, initially=None, match=None,
                        source_schema=None, referent_schema=None, **dialect_kw): pass
def _create_check_constraint(constraint_name, table_name, condition, schema=None, **kw): pass
def _drop_constraint(constraint_name, table_name, type_=None, schema=None, if_exists=None): pass
def _create_table_comment(table_name, comment, existing_comment=None, schema=None): pass
def _drop_table_comment(table_name, existing_comment=None, schema=None): pass
def _execute(sqltext, execution_options=None): pass
def _bulk_insert(table, rows, multiinsert=True): pass

SIGS = {n[1:]: f for n, f in list(globals().items()) if n.startswith("_") and callable(f) and n[1:] in (
    "create_table", "drop_table", "rename_table", "add_column", "drop_column", "alter_column",
    "create_index", "drop_index", "create_primary_key", "create_unique_constraint",
    "create_foreign_key", "create_check_constraint", "drop_constraint", "create_table_comment",
    "drop_table_comment", "execute", "bulk_insert")}


def bind_args(name, args, kwargs):
    bound = inspect.signature(SIGS[name]).bind(*args, **kwargs)
    bound.apply_defaults()
    return dict(bound.arguments)


def call(name, args, kwargs):
    a = bind_args(name, args, kwargs)
    if name == "create_table":
        cols = a.pop("columns")
        kw = a.pop("kw")
        t = sa.Table(a["table_name"], sa.MetaData(), *cols, **{k: v for k, v in kw.items() if k in ("schema", "comment") or "_" in k})
        out = ser_table(t, {k: v for k, v in kw.items() if k not in ("schema", "comment")})
        record("create_table", {"table": out})
        return t
    if name == "bulk_insert":
        t = a["table"]
        rows = [{k: ser(v) for k, v in r.items()} for r in a["rows"]]
        record("bulk_insert", {"table_name": getattr(t, "name", str(t)), "schema": getattr(t, "schema", None),
                               "rows": rows})
        return None
    if name == "execute":
        s = a["sqltext"]
        if isinstance(s, str):
            record("execute", {"sql": {"$": "sql", "sql": {d: s for d in DIALECTS}}})
        else:
            record("execute", {"sql": ser(s)})
        return None
    record(name, {k: ser(v) for k, v in a.items()})
    return None


class BatchOp(object):
    """`with op.batch_alter_table(...) as batch_op`: ordinary operations."""

    def __init__(self, table, schema):
        self.table = table
        self.schema = schema

    def add_column(self, column, insert_before=None, insert_after=None, **kw):
        call("add_column", (self.table, column), {"schema": self.schema})

    def drop_column(self, column_name, **kw):
        call("drop_column", (self.table, column_name), dict(kw, schema=self.schema))

    def alter_column(self, column_name, **kw):
        kw.pop("insert_before", None)
        kw.pop("insert_after", None)
        call("alter_column", (self.table, column_name), dict(kw, schema=self.schema))

    def create_index(self, index_name, columns, **kw):
        call("create_index", (index_name, self.table, columns), dict(kw, schema=self.schema))

    def drop_index(self, index_name, **kw):
        call("drop_index", (index_name, self.table), dict(kw, schema=self.schema))

    def create_primary_key(self, constraint_name, columns):
        call("create_primary_key", (constraint_name, self.table, columns), {"schema": self.schema})

    def create_unique_constraint(self, constraint_name, columns, **kw):
        call("create_unique_constraint", (constraint_name, self.table, columns), dict(kw, schema=self.schema))

    def create_foreign_key(self, constraint_name, referent_table, local_cols, remote_cols, referent_schema=None, **kw):
        call("create_foreign_key", (constraint_name, self.table, referent_table, local_cols, remote_cols),
             dict(kw, source_schema=self.schema, referent_schema=referent_schema))

    def create_check_constraint(self, constraint_name, condition, **kw):
        call("create_check_constraint", (constraint_name, self.table, condition), dict(kw, schema=self.schema))

    def drop_constraint(self, constraint_name, type_=None):
        call("drop_constraint", (constraint_name, self.table), {"type_": type_, "schema": self.schema})

    def create_table_comment(self, comment, existing_comment=None):
        call("create_table_comment", (self.table, comment), {"schema": self.schema})

    def drop_table_comment(self, existing_comment=None):
        call("drop_table_comment", (self.table,), {"schema": self.schema})

    def execute(self, sqltext, execution_options=None):
        call("execute", (sqltext,), {})

    def f(self, name):
        return name

    def __getattr__(self, name):
        def unknown(*a, **k):
            hand("batch_op.%s is not imported" % name)
        return unknown


class _Batch(object):
    def __init__(self, table, schema):
        self.op = BatchOp(table, schema)

    def __enter__(self):
        return self.op

    def __exit__(self, *exc):
        return False


class FakeResult(object):
    def __iter__(self):
        return iter(())

    def __getattr__(self, name):
        def nothing(*a, **k):
            return None
        if name in ("fetchall", "all", "scalars"):
            return lambda *a, **k: []
        return nothing


class FakeBind(object):
    """What op.get_bind() returns: a dialect and no database."""

    @property
    def dialect(self):
        return SA_DIALECTS[CURRENT["dialect"]]

    @property
    def engine(self):
        return self

    @property
    def name(self):
        return self.dialect.name

    def execute(self, *a, **k):
        hand("data logic through op.get_bind().execute()")
        return FakeResult()

    exec_driver_sql = execute

    def __getattr__(self, name):
        raise HandWork("the database connection is used (bind.%s)" % name)


class FakeContext(object):
    as_sql = True

    @property
    def dialect(self):
        return SA_DIALECTS[CURRENT["dialect"]]

    @property
    def bind(self):
        return FakeBind()

    connection = bind

    def __getattr__(self, name):
        raise HandWork("the migration context is used (context.%s)" % name)


class FakeOp(types.ModuleType):
    def get_bind(self):
        return FakeBind()

    def get_context(self):
        return FakeContext()

    def f(self, name):
        return name

    def inline_literal(self, value, type_=None):
        return sa.literal(value, type_)

    def batch_alter_table(self, table_name, schema=None, **kw):
        return _Batch(table_name, schema)

    def __getattr__(self, name):
        if name in SIGS:
            return lambda *a, **k: call(name, a, k)
        if name.startswith("__"):
            raise AttributeError(name)

        def unknown(*a, **k):
            hand("op.%s is not imported" % name)
        return unknown


class FakeConfig(object):
    def get_main_option(self, *a, **k):
        return a[1] if len(a) > 1 else k.get("default")

    def get_section_option(self, *a, **k):
        return a[2] if len(a) > 2 else k.get("default")

    attributes = {}
    cmd_opts = None


class FakeEnvContext(types.ModuleType):
    config = FakeConfig()

    def get_context(self):
        return FakeContext()

    def get_bind(self):
        return FakeBind()

    def is_offline_mode(self):
        return True

    def get_x_argument(self, as_dictionary=False):
        return {} if as_dictionary else []

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        raise HandWork("alembic.context.%s is used" % name)


def install_stand_ins():
    fake_op = FakeOp("alembic.op")
    fake_ctx = FakeEnvContext("alembic.context")
    try:
        import alembic
    except ImportError:
        alembic = types.ModuleType("alembic")
        alembic.__path__ = []
        sys.modules["alembic"] = alembic
    alembic.op = fake_op
    alembic.context = fake_ctx
    sys.modules["alembic.op"] = fake_op
    sys.modules["alembic.context"] = fake_ctx
    real_inspect = sa.inspect

    def inspect_(subject, *a, **k):
        if isinstance(subject, (FakeBind, FakeContext)):
            raise HandWork("reflection (sa.inspect of the database)")
        return real_inspect(subject, *a, **k)
    sa.inspect = inspect_
    try:
        import sqlalchemy.orm as orm
        real_session = orm.Session

        class Session(real_session):
            def __init__(self, *a, **k):
                raise HandWork("an ORM session")
        orm.Session = Session
        if hasattr(orm, "sessionmaker"):
            orm.sessionmaker = lambda *a, **k: Session
    except Exception:
        pass


# ---------------------------------------------------------------- the run


def header(mod, path):
    doc = mod.__doc__ or ""
    create_date = None
    for line in doc.splitlines():
        if line.strip().startswith("Create Date:"):
            create_date = line.split(":", 1)[1].strip()
    lines = [l.strip() for l in doc.strip().splitlines() if l.strip()]

    def ids(v):
        if v is None:
            return []
        if isinstance(v, str):
            return [x.strip() for x in v.split(",")] if "," in v else [v]
        return [str(x) for x in v]
    return {
        "revision": str(getattr(mod, "revision", "")),
        "down_revision": ids(getattr(mod, "down_revision", None)),
        "branch_labels": ids(getattr(mod, "branch_labels", None)),
        "depends_on": ids(getattr(mod, "depends_on", None)),
        "message": lines[0] if lines else "",
        "create_date": create_date,
    }


def header_from_source(path):
    """The header of a module that cannot be imported, read without running it."""
    import ast
    with open(path, encoding="utf-8") as fh:
        tree = ast.parse(fh.read(), path)
    mod = types.ModuleType("header")
    mod.__doc__ = ast.get_docstring(tree)
    for node in tree.body:
        targets = []
        if isinstance(node, ast.Assign):
            targets = [t.id for t in node.targets if isinstance(t, ast.Name)]
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            targets = [node.target.id]
        for t in targets:
            if t in ("revision", "down_revision", "branch_labels", "depends_on"):
                try:
                    setattr(mod, t, ast.literal_eval(node.value))
                except Exception:
                    pass
    return header(mod, path)


def classify(e):
    if isinstance(e, HandWork):
        return e.reason
    name = type(e).__name__
    if name == "NoInspectionAvailable":
        return "reflection (autoload_with)"
    if isinstance(e, ImportError):
        return "a module it imports is missing at run time (%s)" % getattr(e, "name", "?")
    return "python error while recording (%s)" % name


def run_phase(mod, fname, dialect):
    CURRENT["calls"] = []
    CURRENT["dialect"] = dialect
    fn = getattr(mod, fname, None)
    if fn is None:
        return {"calls": [], "error": None}
    try:
        fn()
        return {"calls": CURRENT["calls"], "error": None}
    except Exception as e:
        tb = traceback.extract_tb(e.__traceback__)
        line, text = None, ""
        for fr in tb:
            if os.path.abspath(fr.filename) == CURRENT["file"]:
                line, text = fr.lineno, fr.line or ""
        return {"calls": CURRENT["calls"],
                "error": {"reason": classify(e), "detail": str(e)[:300], "line": line, "source": text}}


# ---------------------------------------------------------------- stubs
# With GEN_IMPORT_STUB=1 (`--stub-missing`), a module the migrations import
# that is not installed is replaced by a stub whose every attribute is a
# stub value; each revision that touches one gets a note naming it. A stub
# value that reaches an operation fails there (hand work), never silently.

STUB_NAMES = set()
TOUCHED = set()


class StubValue(object):
    def __init__(self, path):
        object.__setattr__(self, "_path", path)
        TOUCHED.add(path.split(".")[0])

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return StubValue(self._path + "." + name)

    def __call__(self, *a, **k):
        return StubValue(self._path + "()")

    def __mro_entries__(self, bases):
        return (object,)

    def __iter__(self):
        return iter(())

    def __repr__(self):
        return "<stub %s>" % self._path


class StubModule(types.ModuleType):
    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        TOUCHED.add(self.__name__.split(".")[0])
        return StubValue(self.__name__ + "." + name)


class StubFinder(object):
    """Serves the stubbed names and everything under them."""

    def find_spec(self, name, path=None, target=None):
        if any(name == n or name.startswith(n + ".") for n in STUB_NAMES):
            return importlib.util.spec_from_loader(name, self, is_package=True)
        return None

    def create_module(self, spec):
        m = StubModule(spec.name)
        m.__path__ = []
        return m

    def exec_module(self, module):
        TOUCHED.add(module.__name__.split(".")[0])


def load(i, path):
    """The revision module; with stubs on, missing modules are stubbed."""
    stub = os.environ.get("GEN_IMPORT_STUB") == "1"
    for _ in range(50):
        spec = importlib.util.spec_from_file_location("gen_import_rev_%d" % i, path)
        mod = importlib.util.module_from_spec(spec)
        try:
            spec.loader.exec_module(mod)
            return mod
        except ModuleNotFoundError as e:
            if not stub or not e.name or e.name in STUB_NAMES:
                raise
            STUB_NAMES.add(e.name)
            for k in [k for k in sys.modules if k == e.name or k.startswith(e.name + ".")]:
                del sys.modules[k]
    raise ImportError("too many missing modules")


def dumps(entry):
    return json.dumps(entry, sort_keys=True, default=lambda o: {"$": "repr", "repr": repr(o)[:200]})


def main():
    if os.environ.get("GEN_IMPORT_STUB") == "1":
        sys.meta_path.append(StubFinder())
    for p in sys.argv[3:]:
        if p and p not in sys.path:
            sys.path.insert(0, p)
    install_stand_ins()
    files = sorted(f for f in os.listdir(VERSIONS) if f.endswith(".py") and not f.startswith("__"))
    for i, f in enumerate(files):
        path = os.path.join(VERSIONS, f)
        CURRENT["file"] = os.path.abspath(path)
        entry = {"file": f}
        TOUCHED.clear()
        try:
            mod = load(i, path)
        except Exception as e:
            entry["load_error"] = {"reason": classify(e), "detail": "%s: %s" % (type(e).__name__, str(e)[:300])}
            try:
                entry.update(header_from_source(path))
            except Exception:
                pass
            sys.stdout.write(dumps(entry) + "\n")
            continue
        try:
            entry.update(header(mod, path))
            entry["runs"] = {d: {"upgrade": run_phase(mod, "upgrade", d), "downgrade": run_phase(mod, "downgrade", d)}
                             for d in DIALECTS}
            entry["stubbed"] = sorted(TOUCHED)
        except Exception as e:
            entry = {"file": f, "load_error": {"reason": classify(e), "detail": "%s: %s" % (type(e).__name__, str(e)[:300])}}
            try:
                entry.update(header_from_source(path))
            except Exception:
                pass
        sys.stdout.write(dumps(entry) + "\n")


main()
