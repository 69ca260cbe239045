"""seed catalog

Revision ID: 2b3c4d5e6f02
Revises: 1a2b3c4d5e01
Create Date: 2023-03-02 09:00:00.000000

"""

from decimal import Decimal

import sqlalchemy as sa

from alembic import context, op

revision = "2b3c4d5e6f02"
down_revision = "1a2b3c4d5e01"
branch_labels = None
depends_on = None


def seeding():
    """The ini's seed_data, unless ``-x seed=...`` says otherwise (the cookbook recipe)."""
    configured = op.get_context().config.get_main_option("seed_data", "false")
    return context.get_x_argument(as_dictionary=True).get("seed", configured) == "true"


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
