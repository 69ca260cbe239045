"""initial schema

Revision ID: 1a2b3c4d5e01
Revises:
Create Date: 2023-03-01 09:00:00.000000

"""

import sqlalchemy as sa

import alembic
from alembic import op

revision = "1a2b3c4d5e01"
down_revision = None
branch_labels = None
depends_on = None

ALEMBIC_VERSION = tuple(int(part) for part in alembic.__version__.split(".")[:3])
assert ALEMBIC_VERSION >= (1, 7, 0), "this history needs alembic 1.7+"

notes = sa.table(
    "schema_notes",
    sa.column("revision", sa.String),
    sa.column("note", sa.String),
)


def note(text):
    op.execute(notes.insert().values(revision=revision, note=text))


def forget_notes():
    op.execute(notes.delete().where(notes.c.revision == revision))


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
