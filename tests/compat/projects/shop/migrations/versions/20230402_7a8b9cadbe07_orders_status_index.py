"""orders status index

Revision ID: 7a8b9cadbe07
Revises: 6f7a8b9cad06
Create Date: 2023-04-02 09:00:00.000000

"""

from alembic import op

revision = "7a8b9cadbe07"
down_revision = "6f7a8b9cad06"
branch_labels = None
depends_on = None


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
                op.f("ix_orders_status"),
                table_name="orders",
                postgresql_concurrently=True,
            )
    else:
        op.drop_index(op.f("ix_orders_status"), table_name="orders")
