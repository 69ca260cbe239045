"""A migration history written the way real projects write them, run by ``alembic``.

The project ("shop") has eleven revisions with two branch points and two merge
points, and its migration files use what real histories use: ``from alembic
import op, context``, ``alembic.__version__``, ``op.get_context()`` (config
options, ``dialect``, ``version_table_schema``, ``autocommit_block()`` around a
PostgreSQL ``CREATE INDEX CONCURRENTLY``), ``context.get_impl()`` and
``context.is_offline_mode()``, ``op.get_bind()`` (``dialect.name``,
``engine.name``, ``execute(text(...))``), many ``batch_alter_table`` blocks,
``op.f()``, ``bulk_insert``, ``execute``, ``rename_table`` and
``create_primary_key``.  Some revisions record what they saw in a
``schema_notes`` table, so those calls are checked through the data.

The console command runs in a subprocess: ``upgrade head``, ``downgrade base``
and ``upgrade head`` again on SQLite, PostgreSQL and MariaDB, each time checked
by reflecting the schema and reading the data; plus ``upgrade head --sql`` for
PostgreSQL offline.
"""

from __future__ import annotations

import decimal
import pathlib

import pytest
import sqlalchemy as sa

import alembic

ALEMBIC_INI = """
    [alembic]
    script_location = %(here)s/migrations
    file_template = %%(year)d%%(month).2d%%(day).2d_%%(rev)s_%%(slug)s
    prepend_sys_path = .
    path_separator = os
    sqlalchemy.url = sqlite:///%(here)s/dev.db
    app_name = shop
    seed_data = true

    [loggers]
    keys = root,sqlalchemy,alembic

    [handlers]
    keys = console

    [formatters]
    keys = generic

    [logger_root]
    level = WARNING
    handlers = console
    qualname =

    [logger_sqlalchemy]
    level = WARNING
    handlers =
    qualname = sqlalchemy.engine

    [logger_alembic]
    level = INFO
    handlers =
    qualname = alembic

    [handler_console]
    class = StreamHandler
    args = (sys.stderr,)
    level = NOTSET
    formatter = generic

    [formatter_generic]
    format = %(levelname)-5.5s [%(name)s] %(message)s
    datefmt = %%H:%%M:%%S
"""

ENV_PY = """
    import logging
    import os
    from logging.config import fileConfig

    from sqlalchemy import engine_from_config, pool

    from alembic import context

    config = context.config
    if config.config_file_name is not None:
        fileConfig(config.config_file_name)
    log = logging.getLogger("alembic.env")

    if os.environ.get("SHOP_DATABASE_URL"):
        config.set_main_option("sqlalchemy.url", os.environ["SHOP_DATABASE_URL"])

    target_metadata = None
    version_schema = context.get_x_argument(as_dictionary=True).get("version_schema")


    def run_migrations_offline():
        context.configure(
            url=config.get_main_option("sqlalchemy.url"),
            target_metadata=target_metadata,
            literal_binds=True,
            dialect_opts={"paramstyle": "named"},
            version_table_schema=version_schema,
        )
        with context.begin_transaction():
            context.run_migrations()


    def run_migrations_online():
        connectable = engine_from_config(
            config.get_section(config.config_ini_section, {}),
            prefix="sqlalchemy.",
            poolclass=pool.NullPool,
        )
        with connectable.connect() as connection:
            context.configure(
                connection=connection,
                target_metadata=target_metadata,
                version_table_schema=version_schema,
                render_as_batch=connection.dialect.name == "sqlite",
            )
            with context.begin_transaction():
                context.run_migrations()


    if context.is_offline_mode():
        run_migrations_offline()
    else:
        run_migrations_online()
"""

SCRIPT_MAKO = '''
    """${message}

    Revision ID: ${up_revision}
    Revises: ${down_revision | comma,n}
    Create Date: ${create_date}

    """
    from alembic import op
    import sqlalchemy as sa
    ${imports if imports else ""}

    # revision identifiers, used by Alembic.
    revision = ${repr(up_revision)}
    down_revision = ${repr(down_revision)}
    branch_labels = ${repr(branch_labels)}
    depends_on = ${repr(depends_on)}


    def upgrade():
        ${upgrades if upgrades else "pass"}


    def downgrade():
        ${downgrades if downgrades else "pass"}
'''

# Each revision file repeats this small helper, as real histories do.
NOTES = """
    notes = sa.table(
        "schema_notes",
        sa.column("revision", sa.String),
        sa.column("note", sa.String),
    )


    def note(text):
        op.execute(notes.insert().values(revision=revision, note=text))


    def forget_notes():
        op.execute(notes.delete().where(notes.c.revision == revision))
"""


def header(rev: str, down: str | None | tuple, message: str, date: str) -> str:
    """The top of a revision file: docstring and identifiers."""
    if isinstance(down, tuple):
        revises = ", ".join(down)
    else:
        revises = down or ""
    return f'''
    """{message}

    Revision ID: {rev}
    Revises: {revises}
    Create Date: {date}

    """
    '''.rstrip() + "\n"


def identifiers(rev: str, down) -> str:
    return f"""
    revision = "{rev}"
    down_revision = {down!r}
    branch_labels = None
    depends_on = None
"""


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

REV01_BODY = (
    """
    import alembic
    from alembic import op
    import sqlalchemy as sa
"""
    + identifiers(R01, None)
    + """
    ALEMBIC_VERSION = tuple(int(part) for part in alembic.__version__.split(".")[:3])
    assert ALEMBIC_VERSION >= (1, 7, 0), "this history needs alembic 1.7+"
"""
    + NOTES
    + """

    def upgrade():
        op.create_table(
            "customers",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("name", sa.String(length=100), nullable=False),
            sa.Column("email", sa.String(length=200), nullable=True),
            sa.Column(
                "created_at",
                sa.DateTime(),
                server_default=sa.text("CURRENT_TIMESTAMP"),
                nullable=False,
            ),
            sa.PrimaryKeyConstraint("id", name=op.f("pk_customers")),
        )
        op.create_table(
            "products",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("sku", sa.String(length=32), nullable=False),
            sa.Column("title", sa.String(length=200), nullable=False),
            sa.Column("price", sa.Numeric(precision=10, scale=2), nullable=False),
            sa.PrimaryKeyConstraint("id", name=op.f("pk_products")),
        )
        op.create_index(op.f("ix_products_sku"), "products", ["sku"], unique=True)
        op.create_table(
            "schema_notes",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("revision", sa.String(length=32), nullable=False),
            sa.Column("note", sa.String(length=200), nullable=False),
            sa.PrimaryKeyConstraint("id", name=op.f("pk_schema_notes")),
        )
        note("alembic " + ".".join(str(part) for part in ALEMBIC_VERSION))
        note("app " + op.get_context().config.get_main_option("app_name"))


    def downgrade():
        op.drop_table("schema_notes")
        op.drop_index(op.f("ix_products_sku"), table_name="products")
        op.drop_table("products")
        op.drop_table("customers")
"""
)

REV02_BODY = (
    """
    from decimal import Decimal

    from alembic import op
    import sqlalchemy as sa
"""
    + identifiers(R02, R01)
    + """

    def seeding():
        return op.get_context().config.get_main_option("seed_data", "false") == "true"


    def upgrade():
        if not seeding():
            return
        products = sa.table(
            "products",
            sa.column("id", sa.Integer),
            sa.column("sku", sa.String),
            sa.column("title", sa.String),
            sa.column("price", sa.Numeric(10, 2)),
        )
        op.bulk_insert(
            products,
            [
                {"id": 1, "sku": "CHAIR-1", "title": "Chair", "price": Decimal("25.00")},
                {"id": 2, "sku": "TABLE-1", "title": "Table", "price": Decimal("120.50")},
                {"id": 3, "sku": "LAMP-1", "title": "Lamp", "price": Decimal("14.99")},
            ],
        )
        customers = sa.table(
            "customers",
            sa.column("id", sa.Integer),
            sa.column("name", sa.String),
            sa.column("email", sa.String),
        )
        op.bulk_insert(
            customers,
            [
                {"id": 1, "name": "Ada", "email": "ada@example.com"},
                {"id": 2, "name": "Grace", "email": None},
            ],
        )


    def downgrade():
        op.execute("DELETE FROM customers")
        op.execute(sa.text("DELETE FROM products"))
"""
)

REV03_BODY = (
    """
    from alembic import op
    import sqlalchemy as sa
"""
    + identifiers(R03, R02)
    + """

    def upgrade():
        op.create_table(
            "orders",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("customer_id", sa.Integer(), nullable=False),
            sa.Column("status", sa.String(length=20), nullable=False),
            sa.Column("total", sa.Numeric(precision=10, scale=2), nullable=True),
            sa.ForeignKeyConstraint(
                ["customer_id"], ["customers.id"], name=op.f("fk_orders_customer_id_customers")
            ),
            sa.PrimaryKeyConstraint("id", name=op.f("pk_orders")),
        )
        with op.batch_alter_table("orders", schema=None) as batch_op:
            batch_op.create_index(batch_op.f("ix_orders_customer_id"), ["customer_id"], unique=False)
            batch_op.create_check_constraint(
                "ck_orders_status", "status IN ('new', 'paid', 'shipped')"
            )


    def downgrade():
        op.drop_table("orders")
"""
)

REV04_BODY = (
    """
    from alembic import op
    import sqlalchemy as sa
"""
    + identifiers(R04, R02)
    + """

    def upgrade():
        with op.batch_alter_table("customers", schema=None) as batch_op:
            batch_op.add_column(sa.Column("phone", sa.String(length=30), nullable=True))
            batch_op.alter_column(
                "name",
                existing_type=sa.String(length=100),
                type_=sa.String(length=150),
                existing_nullable=False,
            )
            batch_op.create_index(batch_op.f("ix_customers_email"), ["email"], unique=True)


    def downgrade():
        with op.batch_alter_table("customers", schema=None) as batch_op:
            batch_op.drop_index(batch_op.f("ix_customers_email"))
            batch_op.alter_column(
                "name",
                existing_type=sa.String(length=150),
                type_=sa.String(length=100),
                existing_nullable=False,
            )
            batch_op.drop_column("phone")
"""
)

REV05_BODY = (
    """
    from alembic import op
    import sqlalchemy as sa
"""
    + identifiers(R05, (R03, R04))
    + NOTES
    + """

    def upgrade():
        note("merged on " + op.get_bind().dialect.name)


    def downgrade():
        forget_notes()
"""
)

REV06_BODY = (
    """
    from alembic import op
    import sqlalchemy as sa
"""
    + identifiers(R06, R05)
    + """

    def upgrade():
        op.rename_table("products", "items")
        with op.batch_alter_table("items", schema=None) as batch_op:
            batch_op.drop_index("ix_products_sku")
            batch_op.create_index(batch_op.f("ix_items_sku"), ["sku"], unique=True)
        op.create_table(
            "order_lines",
            sa.Column("order_id", sa.Integer(), nullable=False),
            sa.Column("item_id", sa.Integer(), nullable=False),
            sa.Column("quantity", sa.Integer(), server_default="1", nullable=False),
            sa.ForeignKeyConstraint(
                ["order_id"], ["orders.id"], name=op.f("fk_order_lines_order_id_orders")
            ),
            sa.ForeignKeyConstraint(
                ["item_id"], ["items.id"], name=op.f("fk_order_lines_item_id_items")
            ),
        )
        if op.get_bind().dialect.name == "sqlite":
            with op.batch_alter_table("order_lines") as batch_op:
                batch_op.create_primary_key("pk_order_lines", ["order_id", "item_id"])
        else:
            op.create_primary_key("pk_order_lines", "order_lines", ["order_id", "item_id"])


    def downgrade():
        op.drop_table("order_lines")
        with op.batch_alter_table("items", schema=None) as batch_op:
            batch_op.drop_index(batch_op.f("ix_items_sku"))
            batch_op.create_index("ix_products_sku", ["sku"], unique=True)
        op.rename_table("items", "products")
"""
)

REV07_BODY = (
    """
    from alembic import op
    import sqlalchemy as sa
"""
    + identifiers(R07, R06)
    + """

    def upgrade():
        ctx = op.get_context()
        if ctx.dialect.name == "postgresql":
            with ctx.autocommit_block():
                op.create_index(
                    op.f("ix_orders_status"),
                    "orders",
                    ["status"],
                    unique=False,
                    postgresql_concurrently=True,
                )
        else:
            op.create_index(op.f("ix_orders_status"), "orders", ["status"], unique=False)


    def downgrade():
        ctx = op.get_context()
        if ctx.dialect.name == "postgresql":
            with ctx.autocommit_block():
                op.drop_index(
                    op.f("ix_orders_status"), table_name="orders", postgresql_concurrently=True
                )
        else:
            op.drop_index(op.f("ix_orders_status"), table_name="orders")
"""
)

REV08_BODY = (
    """
    import logging

    from alembic import context, op
    import sqlalchemy as sa
"""
    + identifiers(R08, R06)
    + NOTES
    + """
    log = logging.getLogger("alembic.runtime.migration")


    def upgrade():
        if context.is_offline_mode():
            op.execute("UPDATE customers SET phone = 'unknown' WHERE phone IS NULL")
            return
        bind = op.get_bind()
        log.info("backfilling phone numbers on %s", bind.engine.name)
        bind.execute(
            sa.text("UPDATE customers SET phone = :phone WHERE phone IS NULL"),
            {"phone": "unknown"},
        )
        schema = op.get_context().version_table_schema
        version_table = f"{schema}.alembic_version" if schema else "alembic_version"
        count = bind.execute(sa.text(f"SELECT COUNT(*) FROM {version_table}")).scalar()
        impl = context.get_impl()
        note(
            f"engine {bind.engine.name}; impl {impl.dialect.name}; "
            f"{count} version row(s) in {version_table}"
        )


    def downgrade():
        forget_notes()
        op.execute("UPDATE customers SET phone = NULL WHERE phone = 'unknown'")
"""
)

REV09_BODY = (
    """
"""
    + identifiers(R09, (R07, R08))
    + """

    def upgrade():
        pass


    def downgrade():
        pass
"""
)

REV10_BODY = (
    """
    from alembic import op
    import sqlalchemy as sa
"""
    + identifiers(R10, R09)
    + """

    def upgrade():
        with op.batch_alter_table("orders", schema=None) as batch_op:
            batch_op.add_column(sa.Column("note", sa.Text(), nullable=True))
            batch_op.add_column(sa.Column("referrer_id", sa.Integer(), nullable=True))
            batch_op.drop_constraint("ck_orders_status", type_="check")
            batch_op.create_check_constraint(
                "ck_orders_status", "status IN ('new', 'paid', 'shipped', 'cancelled')"
            )
            batch_op.alter_column(
                "status",
                existing_type=sa.String(length=20),
                server_default="new",
                existing_nullable=False,
            )
            batch_op.create_foreign_key(
                batch_op.f("fk_orders_referrer_id_customers"),
                "customers",
                ["referrer_id"],
                ["id"],
            )
        with op.batch_alter_table("customers", schema=None) as batch_op:
            batch_op.alter_column(
                "phone", existing_type=sa.String(length=30), nullable=False
            )


    def downgrade():
        with op.batch_alter_table("customers", schema=None) as batch_op:
            batch_op.alter_column(
                "phone", existing_type=sa.String(length=30), nullable=True
            )
        with op.batch_alter_table("orders", schema=None) as batch_op:
            batch_op.drop_constraint(
                batch_op.f("fk_orders_referrer_id_customers"), type_="foreignkey"
            )
            batch_op.alter_column(
                "status",
                existing_type=sa.String(length=20),
                server_default=None,
                existing_nullable=False,
            )
            batch_op.drop_constraint("ck_orders_status", type_="check")
            batch_op.create_check_constraint(
                "ck_orders_status", "status IN ('new', 'paid', 'shipped')"
            )
            batch_op.drop_column("referrer_id")
            batch_op.drop_column("note")
"""
)

REV11_BODY = (
    """
    from decimal import Decimal

    from alembic import op
    import sqlalchemy as sa
"""
    + identifiers(R11, R10)
    + """

    def upgrade():
        if op.get_context().config.get_main_option("seed_data") != "true":
            return
        orders = sa.table(
            "orders",
            sa.column("id", sa.Integer),
            sa.column("customer_id", sa.Integer),
            sa.column("status", sa.String),
            sa.column("total", sa.Numeric(10, 2)),
            sa.column("note", sa.Text),
        )
        op.bulk_insert(
            orders,
            [
                {
                    "id": 1,
                    "customer_id": 1,
                    "status": "cancelled",
                    "total": Decimal("75.00"),
                    "note": "changed her mind",
                }
            ],
        )
        # the status comes from the server default set in the previous revision
        op.execute("INSERT INTO orders (id, customer_id, total) VALUES (2, 2, 14.99)")
        op.bulk_insert(
            sa.table(
                "order_lines",
                sa.column("order_id", sa.Integer),
                sa.column("item_id", sa.Integer),
                sa.column("quantity", sa.Integer),
            ),
            [{"order_id": 1, "item_id": 1, "quantity": 3}],
        )
        op.execute("INSERT INTO order_lines (order_id, item_id) VALUES (2, 3)")


    def downgrade():
        op.execute("DELETE FROM order_lines")
        op.execute("DELETE FROM orders")
"""
)

REVISIONS = [
    (R01, None, "initial schema", "2023-03-01 09:00:00.000000", REV01_BODY),
    (R02, R01, "seed catalog", "2023-03-02 09:00:00.000000", REV02_BODY),
    (R03, R02, "orders", "2023-03-10 09:00:00.000000", REV03_BODY),
    (R04, R02, "customer contact", "2023-03-11 09:00:00.000000", REV04_BODY),
    (
        R05,
        (R03, R04),
        "merge orders and contact",
        "2023-03-12 09:00:00.000000",
        REV05_BODY,
    ),
    (
        R06,
        R05,
        "catalog items and order lines",
        "2023-04-01 09:00:00.000000",
        REV06_BODY,
    ),
    (R07, R06, "orders status index", "2023-04-02 09:00:00.000000", REV07_BODY),
    (R08, R06, "backfill phone", "2023-04-02 10:00:00.000000", REV08_BODY),
    (
        R09,
        (R07, R08),
        "merge index and backfill",
        "2023-04-03 09:00:00.000000",
        REV09_BODY,
    ),
    (R10, R09, "order rules", "2023-05-01 09:00:00.000000", REV10_BODY),
    (R11, R10, "sample orders", "2023-05-02 09:00:00.000000", REV11_BODY),
]


def make_project(helpers, base: pathlib.Path) -> pathlib.Path:
    """Write the "shop" project below ``base``."""
    files = {
        "alembic.ini": ALEMBIC_INI,
        "migrations/env.py": ENV_PY,
        "migrations/script.py.mako": SCRIPT_MAKO,
        "migrations/README": "Generic single-database configuration.\n",
    }
    for rev, down, message, date, body in REVISIONS:
        slug = message.replace(" ", "_")
        day = date[:10].replace("-", "")
        files[f"migrations/versions/{day}_{rev}_{slug}.py"] = (
            header(rev, down, message, date) + body
        )
    helpers.write_files(base, files)
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
    return make_project(helpers, tmp_path / "shop")


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


def assert_head_schema(db_url: str) -> None:
    """The schema at head: tables, columns, keys, indexes, constraints."""
    insp_tables = reflect(db_url, lambda i: set(i.get_table_names()))
    assert insp_tables == {
        "customers",
        "items",
        "orders",
        "order_lines",
        "schema_notes",
        "alembic_version",
    }
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


def assert_head_data(db_url: str) -> None:
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
    version_table = (
        "public.alembic_version" if name == "postgresql" else "alembic_version"
    )
    notes = read_all(db_url, "SELECT revision, note FROM schema_notes ORDER BY id")
    assert notes == [
        (R01, f"alembic {version}"),
        (R01, "app shop"),
        (R05, f"merged on {name}"),
        (R08, f"engine {name}; impl {name}; 1 version row(s) in {version_table}"),
    ]
    assert read_all(db_url, "SELECT version_num FROM alembic_version") == [(HEAD,)]


def assert_base(db_url: str) -> None:
    """After ``downgrade base``: only an empty version table is left."""
    assert reflect(db_url, lambda i: set(i.get_table_names())) == {"alembic_version"}
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
    assert history.count("\n") == len(REVISIONS)


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


def test_offline_postgresql_upgrade(helpers, project, pg_url):
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
    # nothing was run against the server
    assert reflect(pg_url, lambda i: i.get_table_names()) == []


def test_offline_postgresql_downgrade(helpers, project, pg_url):
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
    assert f"DELETE FROM schema_notes WHERE revision = '{R08}'" in stmts
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
    assert reflect(pg_url, lambda i: i.get_table_names()) == []
