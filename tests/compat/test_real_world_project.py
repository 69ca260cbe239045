"""A migration history written the way real projects write them, run by ``alembic``.

The project lives as plain files in ``projects/shop`` (copied to a temporary
directory per test).  It has eleven revisions with two branch points and two merge
points, and its migration files use what real histories use: ``from alembic
import op, context``, ``alembic.__version__``, ``op.get_context()`` (config
options, ``dialect``, ``version_table_schema``, ``autocommit_block()`` around a
PostgreSQL ``CREATE INDEX CONCURRENTLY``), ``context.get_impl()`` and
``context.is_offline_mode()``, ``context.get_x_argument()``, ``op.get_bind()`` (``dialect.name``,
``engine.name``, ``execute(text(...))``), many ``batch_alter_table`` blocks,
``op.f()``, ``bulk_insert``, ``execute``, ``rename_table`` and
``create_primary_key``.  Some revisions record what they saw in a
``schema_notes`` table, so those calls are checked through the data.

The console command runs in a subprocess: ``upgrade head``, ``downgrade base``
and ``upgrade head`` again on SQLite, PostgreSQL and MariaDB, each time checked
by reflecting the schema and reading the data; step-by-step moves through the
branches; the graph commands; ``revision`` with the project's
``file_template``; and ``upgrade``/``downgrade --sql`` for PostgreSQL offline.
"""

from __future__ import annotations

import decimal
import pathlib
import re
import shutil
import sys

import pytest
import sqlalchemy as sa

import alembic

PROJECT = pathlib.Path(__file__).resolve().parent / "projects" / "shop"
# this project's applied-migrations log, kept beside alembic_version
BOOKKEEPING_TABLES = {"alembic_version_history"}


def user_tables(insp) -> set[str]:
    return set(insp.get_table_names()) - BOOKKEEPING_TABLES


R01, R02, R03, R04, R05 = (
    "1a2b3c4d5e01",
    "2b3c4d5e6f02",
    "3c4d5e6f7a03",
    "4d5e6f7a8b04",
    "5e6f7a8b9c05",
)
R06, R07, R08, R09, R10, R11 = (
    "6f7a8b9cad06",
    "7a8b9cadbe07",
    "8b9cadbecf08",
    "9cadbecfd009",
    "adbecfd0e010",
    "becfd0e1f011",
)
HEAD = R11


def make_project(base: pathlib.Path) -> pathlib.Path:
    """Copy the "shop" project (``projects/shop``) to ``base``."""
    shutil.copytree(PROJECT, base)
    return base


def alembic_cli(helpers, project: pathlib.Path, db_url: str, *args: str):
    """Run ``python -m alembic <args>`` in the project against ``db_url``."""
    return helpers.python(
        "-m", "alembic", *args, cwd=project, env={"SHOP_DATABASE_URL": db_url}
    )


def ok(ran):
    assert ran.returncode == 0, ran.describe()
    return ran


def x_args(db_url: str) -> list[str]:
    """PostgreSQL keeps its version table in an explicit schema (``-x version_schema``)."""
    return ["-x", "version_schema=public"] if db_url.startswith("postgresql") else []


@pytest.fixture
def project(helpers, tmp_path, our_alembic) -> pathlib.Path:
    return make_project(tmp_path / "shop")


def dialect_name(db_url: str) -> str:
    engine = sa.create_engine(db_url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            return conn.dialect.name
    finally:
        engine.dispose()


def read_all(db_url: str, sql: str) -> list[tuple]:
    engine = sa.create_engine(db_url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            return [tuple(row) for row in conn.execute(sa.text(sql))]
    finally:
        engine.dispose()


def reflect(db_url: str, fn):
    engine = sa.create_engine(db_url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            return fn(sa.inspect(conn))
    finally:
        engine.dispose()


def assert_head_schema(db_url: str, expect_version_table: bool = True) -> None:
    """The schema at head: tables, columns, keys, indexes, constraints."""
    tables = {"customers", "items", "orders", "order_lines", "schema_notes"}
    if expect_version_table:
        tables.add("alembic_version")
    assert reflect(db_url, user_tables) == tables
    columns = reflect(
        db_url, lambda i: {c["name"]: c for c in i.get_columns("customers")}
    )
    assert list(columns) == ["id", "name", "email", "created_at", "phone"]
    assert columns["phone"]["nullable"] is False
    assert columns["name"]["type"].length == 150
    assert columns["created_at"]["default"] is not None  # survived the batch copies

    order_cols = reflect(
        db_url, lambda i: {c["name"]: c for c in i.get_columns("orders")}
    )
    assert set(order_cols) == {
        "id",
        "customer_id",
        "status",
        "total",
        "note",
        "referrer_id",
    }
    assert "new" in str(order_cols["status"]["default"])

    def indexes(insp):
        return {
            table: {
                ix["name"]: (ix["column_names"], bool(ix["unique"]))
                for ix in insp.get_indexes(table)
            }
            for table in ("customers", "items", "orders")
        }

    found = reflect(db_url, indexes)
    assert found["customers"]["ix_customers_email"] == (["email"], True)
    assert found["items"]["ix_items_sku"] == (["sku"], True)
    assert "ix_products_sku" not in found["items"]
    assert found["orders"]["ix_orders_customer_id"][0] == ["customer_id"]
    assert found["orders"]["ix_orders_status"] == (["status"], False)

    pk = reflect(db_url, lambda i: i.get_pk_constraint("order_lines"))
    assert pk["constrained_columns"] == ["order_id", "item_id"]

    fks = reflect(db_url, lambda i: i.get_foreign_keys("orders"))
    by_cols = {tuple(fk["constrained_columns"]): fk for fk in fks}
    assert by_cols[("referrer_id",)]["referred_table"] == "customers"
    assert by_cols[("customer_id",)]["referred_table"] == "customers"
    assert by_cols[("referrer_id",)]["name"] == "fk_orders_referrer_id_customers"

    checks = reflect(db_url, lambda i: i.get_check_constraints("orders"))
    status_checks = [c for c in checks if c["name"] == "ck_orders_status"]
    assert len(status_checks) == 1, checks
    assert "cancelled" in status_checks[0]["sqltext"]


def assert_head_data(db_url: str, version_schema: str | None = None) -> None:
    """The rows the data migrations and seeds leave at head."""
    name = dialect_name(db_url)
    items = read_all(db_url, "SELECT id, sku, price FROM items ORDER BY id")
    assert [(i, s, decimal.Decimal(str(p))) for i, s, p in items] == [
        (1, "CHAIR-1", decimal.Decimal("25.00")),
        (2, "TABLE-1", decimal.Decimal("120.50")),
        (3, "LAMP-1", decimal.Decimal("14.99")),
    ]
    assert read_all(db_url, "SELECT id, name, phone FROM customers ORDER BY id") == [
        (1, "Ada", "unknown"),
        (2, "Grace", "unknown"),
    ]
    assert read_all(db_url, "SELECT id, status FROM orders ORDER BY id") == [
        (1, "cancelled"),
        (2, "new"),
    ]
    assert read_all(
        db_url, "SELECT order_id, item_id, quantity FROM order_lines ORDER BY order_id"
    ) == [(1, 1, 3), (2, 3, 1)]
    version = ".".join(alembic.__version__.split(".")[:3])
    if version_schema is None and name == "postgresql":
        version_schema = "public"
    version_table = (
        f"{version_schema}.alembic_version" if version_schema else "alembic_version"
    )
    notes = read_all(db_url, "SELECT revision, note FROM schema_notes ORDER BY id")
    assert notes == [
        (R01, f"alembic {version}"),
        (R01, "app shop"),
        (R05, f"merged on {name}"),
        (R08, f"engine {name}; impl {name}; 1 version row(s) in {version_table}"),
    ]
    assert read_all(db_url, f"SELECT version_num FROM {version_table}") == [(HEAD,)]


def assert_base(db_url: str) -> None:
    """After ``downgrade base``: only an empty version table is left."""
    assert reflect(db_url, user_tables) == {"alembic_version"}
    assert read_all(db_url, "SELECT version_num FROM alembic_version") == []


def test_upgrade_downgrade_upgrade(helpers, project, any_db_url):
    xs = x_args(any_db_url)
    first = ok(alembic_cli(helpers, project, any_db_url, *xs, "upgrade", "head"))
    assert f"Running upgrade {R10} -> {R11}, sample orders" in first.stderr
    assert (
        f"Running upgrade {R03}, {R04} -> {R05}, merge orders and contact"
        in first.stderr
    )
    assert_head_schema(any_db_url)
    assert_head_data(any_db_url)
    current = ok(alembic_cli(helpers, project, any_db_url, *xs, "current"))
    assert current.stdout.strip() == f"{HEAD} (head)"

    down = ok(alembic_cli(helpers, project, any_db_url, *xs, "downgrade", "base"))
    assert f"Running downgrade {R02} -> {R01}, seed catalog" in down.stderr
    assert f"Running downgrade {R01} -> , initial schema" in down.stderr
    assert_base(any_db_url)

    ok(alembic_cli(helpers, project, any_db_url, *xs, "upgrade", "head"))
    assert_head_schema(any_db_url)
    assert_head_data(any_db_url)


def test_step_by_step_through_the_branches(helpers, project, sqlite_url):
    """Relative and partial moves through the branch points, as people type them."""
    ok(alembic_cli(helpers, project, sqlite_url, "upgrade", R02))
    ok(alembic_cli(helpers, project, sqlite_url, "upgrade", R03))
    heads = read_all(sqlite_url, "SELECT version_num FROM alembic_version")
    assert heads == [(R03,)]
    ok(alembic_cli(helpers, project, sqlite_url, "upgrade", R04))
    heads = sorted(
        r[0] for r in read_all(sqlite_url, "SELECT version_num FROM alembic_version")
    )
    assert heads == sorted([R03, R04])
    ambiguous = alembic_cli(helpers, project, sqlite_url, "upgrade", "+1")
    assert ambiguous.returncode != 0, ambiguous.describe()
    assert "Ambiguous upgrade from multiple current revisions" in ambiguous.stdout
    ok(alembic_cli(helpers, project, sqlite_url, "upgrade", f"{R04}@+1"))
    assert read_all(sqlite_url, "SELECT version_num FROM alembic_version") == [(R05,)]
    ok(alembic_cli(helpers, project, sqlite_url, "upgrade", "heads"))
    assert_head_data(sqlite_url)
    ok(alembic_cli(helpers, project, sqlite_url, "downgrade", "-2"))
    assert read_all(sqlite_url, "SELECT version_num FROM alembic_version") == [(R09,)]
    ok(alembic_cli(helpers, project, sqlite_url, "downgrade", R06))
    assert read_all(sqlite_url, "SELECT version_num FROM alembic_version") == [(R06,)]
    idx = reflect(sqlite_url, lambda i: {ix["name"] for ix in i.get_indexes("orders")})
    assert "ix_orders_status" not in idx
    phones = read_all(sqlite_url, "SELECT phone FROM customers ORDER BY id")
    assert phones == [(None,), (None,)]


def test_graph_commands(helpers, project, sqlite_url):
    heads = ok(alembic_cli(helpers, project, sqlite_url, "heads"))
    assert heads.stdout.strip() == f"{HEAD} (head)"
    branches = ok(alembic_cli(helpers, project, sqlite_url, "branches"))
    lines = [line.strip() for line in branches.stdout.splitlines() if line.strip()]
    assert sorted(lines) == sorted(
        [
            f"{R02} (branchpoint)",
            f"-> {R03}",
            f"-> {R04}",
            f"{R06} (branchpoint)",
            f"-> {R07}",
            f"-> {R08}",
        ]
    )
    history = ok(alembic_cli(helpers, project, sqlite_url, "history")).stdout
    assert f"{R10} -> {R11} (head), sample orders" in history
    assert f"{R03}, {R04} -> {R05} (mergepoint), merge orders and contact" in history
    assert f"{R07}, {R08} -> {R09} (mergepoint), merge index and backfill" in history
    assert f"<base> -> {R01}, initial schema" in history
    assert history.count("\n") == len(
        list((project / "migrations" / "versions").glob("*.py"))
    )


def test_new_revision_follows_file_template(helpers, project, sqlite_url):
    made = ok(
        alembic_cli(helpers, project, sqlite_url, "revision", "-m", "add coupons")
    )
    new = [p for p in (project / "migrations" / "versions").glob("*add_coupons.py")]
    assert len(new) == 1, made.describe()
    text = new[0].read_text()
    assert f"down_revision = '{HEAD}'" in text
    rev = text.split("revision = '", 1)[1].split("'", 1)[0]
    assert new[0].name.endswith(f"_{rev}_add_coupons.py")
    assert new[0].name[:8].isdigit()
    heads = ok(alembic_cli(helpers, project, sqlite_url, "heads"))
    assert heads.stdout.strip() == f"{rev} (head)"


def sql_statements(output: str) -> list[str]:
    """Split ``--sql`` output into statements (comments and blank lines dropped)."""
    body = "\n".join(
        line
        for line in output.splitlines()
        if line.strip() and not line.startswith("--")
    )
    return [" ".join(s.split()) for s in body.split(";") if s.strip()]


def server_state(db_url: str) -> tuple:
    """Tables and version rows: what an offline run must leave untouched."""
    tables = sorted(reflect(db_url, user_tables))
    versions = (
        read_all(db_url, "SELECT version_num FROM alembic_version")
        if "alembic_version" in tables
        else []
    )
    return tables, versions


def test_offline_postgresql_upgrade(helpers, project, pg_url):
    before = server_state(pg_url)
    ran = ok(
        alembic_cli(
            helpers,
            project,
            pg_url,
            "-x",
            "version_schema=public",
            "upgrade",
            "head",
            "--sql",
        )
    )
    stmts = sql_statements(ran.stdout)
    text = "\n".join(stmts)
    assert stmts[0] == "BEGIN"
    assert stmts[-1] == "COMMIT"
    assert any(s.startswith("CREATE TABLE public.alembic_version (") for s in stmts)
    first_version = f"INSERT INTO public.alembic_version (version_num) VALUES ('{R01}')"
    assert any(s.startswith(first_version) for s in stmts), text
    assert "CREATE UNIQUE INDEX ix_products_sku ON products (sku)" in stmts
    assert any(s.startswith("INSERT INTO products") and "'CHAIR-1'" in s for s in stmts)
    assert any(s.startswith("INSERT INTO customers") and "'Grace'" in s for s in stmts)
    assert (
        "ALTER TABLE orders ADD CONSTRAINT ck_orders_status CHECK "
        "(status IN ('new', 'paid', 'shipped'))"
    ) in stmts
    assert "ALTER TABLE customers ADD COLUMN phone VARCHAR(30)" in stmts
    assert "ALTER TABLE customers ALTER COLUMN name TYPE VARCHAR(150)" in stmts
    assert (
        f"INSERT INTO schema_notes (revision, note) VALUES ('{R05}', 'merged on postgresql')"
        in stmts
    )
    assert "ALTER TABLE products RENAME TO items" in stmts
    assert "DROP INDEX ix_products_sku" in stmts
    assert (
        "ALTER TABLE order_lines ADD CONSTRAINT pk_order_lines PRIMARY KEY (order_id, item_id)"
    ) in stmts
    concurrently = stmts.index(
        "CREATE INDEX CONCURRENTLY ix_orders_status ON orders (status)"
    )
    assert stmts[concurrently - 1] == "COMMIT"
    assert stmts[concurrently + 1] == "BEGIN"
    assert "UPDATE customers SET phone = 'unknown' WHERE phone IS NULL" in stmts
    assert "ALTER TABLE orders DROP CONSTRAINT ck_orders_status" in stmts
    assert "ALTER TABLE orders ALTER COLUMN status SET DEFAULT 'new'" in stmts
    assert (
        "ALTER TABLE orders ADD CONSTRAINT fk_orders_referrer_id_customers "
        "FOREIGN KEY(referrer_id) REFERENCES customers (id)"
    ) in stmts
    assert "ALTER TABLE customers ALTER COLUMN phone SET NOT NULL" in stmts
    assert f"WHERE public.alembic_version.version_num = '{R10}'" in text
    assert stmts[-2].startswith("UPDATE public.alembic_version SET version_num='" + R11)
    assert server_state(pg_url) == before  # nothing ran on the server


def test_offline_postgresql_downgrade(helpers, project, pg_url):
    before = server_state(pg_url)
    ran = ok(
        alembic_cli(
            helpers,
            project,
            pg_url,
            "-x",
            "version_schema=public",
            "downgrade",
            f"{HEAD}:base",
            "--sql",
        )
    )
    stmts = sql_statements(ran.stdout)
    assert stmts[0] == "BEGIN" and stmts[-1] == "COMMIT"
    assert "DELETE FROM order_lines" in stmts
    concurrently = stmts.index("DROP INDEX CONCURRENTLY ix_orders_status")
    assert stmts[concurrently - 1] == "COMMIT"
    assert stmts[concurrently + 1] == "BEGIN"
    assert "ALTER TABLE orders DROP CONSTRAINT fk_orders_referrer_id_customers" in stmts
    assert "ALTER TABLE orders ALTER COLUMN status DROP DEFAULT" in stmts
    assert "ALTER TABLE orders DROP COLUMN referrer_id" in stmts
    assert "ALTER TABLE customers ALTER COLUMN phone DROP NOT NULL" in stmts
    assert "ALTER TABLE items RENAME TO products" in stmts
    assert "DROP TABLE order_lines" in stmts
    assert f"DELETE FROM schema_notes WHERE schema_notes.revision = '{R08}'" in stmts
    # the merge points split back into two rows, then join again at the branch point
    assert any(
        s.startswith("INSERT INTO public.alembic_version") and R03 in s for s in stmts
    )
    assert "DROP TABLE customers" in stmts
    assert stmts[-2] == (
        f"DELETE FROM public.alembic_version WHERE public.alembic_version.version_num = '{R01}'"
    )
    # since 1.19 offline mode leaves the version table in place at base
    assert not any(s.startswith("DROP TABLE public.alembic_version") for s in stmts)
    assert server_state(pg_url) == before


def test_offline_sqlite_batch_needs_a_connection(helpers, project, tmp_path):
    """SQLite batch blocks must reflect, so ``--sql`` stops at the first one that recreates.

    The SQL written before it stays on stdout; the FAILED line goes to stderr so
    that script stays valid (Alembic appends it to stdout: an intended difference)."""
    url = f"sqlite:///{tmp_path / 'never.db'}"
    ran = alembic_cli(helpers, project, url, "upgrade", "head", "--sql")
    assert ran.returncode != 0, ran.describe()
    failed = re.search(
        r"FAILED: This operation cannot proceed in --sql mode; batch mode with dialect "
        r'sqlite requires a live database connection with which to reflect the table "(\w+)"',
        ran.stderr,
    )
    assert "FAILED" not in ran.stdout
    assert failed, ran.describe()
    # whichever branch after the branch point runs first has a recreating batch block
    first = {"customers": R04, "orders": R03}[failed.group(1)]
    assert f"-- Running upgrade {R02} -> {first}" in ran.stdout
    assert "CREATE TABLE customers" in ran.stdout  # earlier revisions were rendered
    assert not (tmp_path / "never.db").exists()


def test_x_argument_read_inside_a_migration(helpers, project, sqlite_url):
    """``context.get_x_argument()`` called from a revision file switches the seeding off."""
    ok(alembic_cli(helpers, project, sqlite_url, "-x", "seed=false", "upgrade", R02))
    assert read_all(sqlite_url, "SELECT count(*) FROM products") == [(0,)]
    ok(alembic_cli(helpers, project, sqlite_url, "downgrade", "base"))
    ok(alembic_cli(helpers, project, sqlite_url, "-x", "seed=true", "upgrade", R02))
    assert read_all(sqlite_url, "SELECT count(*) FROM products") == [(3,)]


def test_version_table_in_its_own_schema(helpers, project, pg_url):
    """``version_table_schema`` naming a schema of its own, as larger deployments do."""
    engine = sa.create_engine(pg_url, poolclass=sa.pool.NullPool)
    try:
        with engine.begin() as conn:  # start from an empty database
            conn.execute(sa.text("DROP SCHEMA public CASCADE"))
            conn.execute(sa.text("CREATE SCHEMA public"))
            conn.execute(sa.text("CREATE SCHEMA IF NOT EXISTS shop_meta"))
    finally:
        engine.dispose()
    xs = ["-x", "version_schema=shop_meta"]
    ok(alembic_cli(helpers, project, pg_url, *xs, "upgrade", "head"))
    assert_head_schema(pg_url, expect_version_table=False)
    assert_head_data(pg_url, version_schema="shop_meta")
    current = ok(alembic_cli(helpers, project, pg_url, *xs, "current"))
    assert current.stdout.strip() == f"{HEAD} (head)"
    ok(alembic_cli(helpers, project, pg_url, *xs, "downgrade", "base"))
    assert reflect(pg_url, user_tables) == set()
    assert read_all(pg_url, "SELECT count(*) FROM shop_meta.alembic_version") == [(0,)]


def test_console_script_version(helpers, tmp_path, our_alembic):
    """Deploy scripts read ``alembic --version`` and take the second word.

    Alembic prints exactly ``alembic 1.20.1``; this build appends a note in
    parentheses (a team decision), which keeps ``cut -d' ' -f2`` working.
    """
    script = pathlib.Path(sys.executable).with_name("alembic")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "alembic"]
    ran = helpers.run([*command, "--version"], tmp_path)
    assert ran.returncode == 0, ran.describe()
    words = ran.stdout.split()
    assert words[:2] == ["alembic", alembic.__version__], ran.describe()
    assert ran.stdout.count("\n") == 1


SEEN_V1 = '''"""table for what migrations see

Revision ID: 5ee000000001
Revises:
Create Date: 2024-01-01 00:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = "5ee000000001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table("seen", sa.Column("versions", sa.String(200), nullable=False))


def downgrade():
    op.drop_table("seen")
'''

SEEN_V2 = '''"""record the version rows this migration sees

Revision ID: 5ee000000002
Revises: 5ee000000001
Create Date: 2024-01-02 00:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = "5ee000000002"
down_revision = "5ee000000001"
branch_labels = None
depends_on = None


def upgrade():
    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT version_num FROM alembic_version")).all()
    seen = ",".join(sorted(r[0] for r in rows)) or "(none)"
    bind.execute(sa.text("INSERT INTO seen (versions) VALUES (:v)"), {"v": seen})


def downgrade():
    op.execute("DELETE FROM seen")
'''


def test_a_migration_sees_the_version_row_of_the_step_before(
    helpers, tmp_path, any_db_url, our_alembic
):
    """As in Alembic, each step moves the version row before the next step runs.

    Migrations (and code they call) read ``alembic_version`` to learn where the
    database stands, so within one run the second step must see the first.
    """
    project = make_project(tmp_path / "seen")
    for old in (project / "migrations" / "versions").glob("*.py"):
        old.unlink()
    (project / "migrations" / "versions" / "5ee000000001_seen.py").write_text(SEEN_V1)
    (project / "migrations" / "versions" / "5ee000000002_seen.py").write_text(SEEN_V2)
    engine = sa.create_engine(any_db_url, poolclass=sa.pool.NullPool)
    try:
        with engine.begin() as conn:  # the module's database may hold the shop
            everything = sa.MetaData()
            everything.reflect(conn)
            everything.drop_all(conn)
    finally:
        engine.dispose()
    ok(alembic_cli(helpers, project, any_db_url, "upgrade", "head"))
    assert read_all(any_db_url, "SELECT versions FROM seen") == [("5ee000000001",)]
