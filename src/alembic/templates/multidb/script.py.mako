<%!
import re

%>"""${message}

Revision ID: ${up_revision}
Revises: ${down_revision | comma,n}
Create Date: ${create_date}

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
${imports if imports else ""}

# revision identifiers, used by Alembic.
revision: str = ${repr(up_revision)}
down_revision: Union[str, Sequence[str], None] = ${repr(down_revision)}
branch_labels: Union[str, Sequence[str], None] = ${repr(branch_labels)}
depends_on: Union[str, Sequence[str], None] = ${repr(depends_on)}


def upgrade(engine_name: str) -> None:
    """Upgrade schema of database ``engine_name``."""
    globals()["upgrade_%s" % engine_name]()


def downgrade(engine_name: str) -> None:
    """Downgrade schema of database ``engine_name``."""
    globals()["downgrade_%s" % engine_name]()

<%
    db_names = [n for n in re.split(r",\s*", config.get_main_option("databases", "")) if n]
%>
## one upgrade_<name>() / downgrade_<name>() pair per database in "databases"
% for db_name in db_names:


def upgrade_${db_name}() -> None:
    """Upgrade schema of database ${db_name}."""
    ${context.get("%s_upgrades" % db_name, "pass")}


def downgrade_${db_name}() -> None:
    """Downgrade schema of database ${db_name}."""
    ${context.get("%s_downgrades" % db_name, "pass")}
% endfor
