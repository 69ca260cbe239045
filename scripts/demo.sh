#!/usr/bin/env bash
# The demo command (README): a small example project goes through the real `alembic`
# CLI on the embedded SQLite default: init, a revision, upgrade head, history, current,
# downgrade -1.  Every command is echoed; any failing step stops the demo with a
# non-zero status.
#
#   bash scripts/demo.sh            builds the project in a new temporary folder
#   DEMO_DIR=/some/dir bash scripts/demo.sh     ... or in an empty folder of your choice
#   DEMO_NO_INSTALL=1 bash scripts/demo.sh      use the `alembic` and `python3` on PATH
#                                               (no venv, no install; the test suite does this)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DEMO=${DEMO_DIR:-$(mktemp -d /tmp/alembic-demo.XXXXXX)}
mkdir -p "$DEMO"
unset DATABASE_URL ALEMBIC_CONFIG  # the demo runs on the embedded SQLite default

say() { printf '\n== %s\n' "$*"; }
run() { printf '$ %s\n' "$*"; "$@"; }

ensure_python() {
  if ! command -v python3 >/dev/null 2>&1 || ! python3 -c 'import ensurepip, venv' 2>/dev/null; then
    echo "demo.sh: installing python3-venv" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3 python3-venv >/dev/null
  fi
}

install_package() {
  say "virtual environment and install (in $DEMO/.venv)"
  python3 -m venv "$DEMO/.venv"
  "$DEMO/.venv/bin/python" -m pip install -q --disable-pip-version-check "$ROOT"
  export PATH="$DEMO/.venv/bin:$PATH"
  run alembic --version
}

write_models() {
  mkdir -p "$DEMO/myapp"
  : > "$DEMO/myapp/__init__.py"
  cat > "$DEMO/myapp/models.py" <<'PY'
"""The example application's models: users and their posts."""
from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50), unique=True)
    email: Mapped[str | None] = mapped_column(String(200))


class Post(Base):
    __tablename__ = "post"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
PY
  say "the application's models: myapp/models.py"
  cat "$DEMO/myapp/models.py"
}

init_env() {
  say "alembic init"
  if alembic init --help 2>/dev/null | grep -q -- '--metadata'; then
    run alembic init alembic --metadata myapp.models:Base
  else
    run alembic init alembic
  fi
}

# The body that `revision --autogenerate` writes for these models, written by hand
# until autogenerate lands: it replaces the template's upgrade() and downgrade().
HAND_WRITTEN_BODY='
def upgrade() -> None:
    """Create the user_account and post tables."""
    op.create_table(
        "user_account",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "post",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_post_user_id"), "post", ["user_id"], unique=False)


def downgrade() -> None:
    """Drop the tables again."""
    op.drop_index(op.f("ix_post_user_id"), table_name="post")
    op.drop_table("post")
    op.drop_table("user_account")
'

first_revision() {
  say "first revision"
  run alembic revision -m "create tables"
  local file
  file=$(ls "$DEMO"/alembic/versions/*.py)
  python3 - "$file" "$HAND_WRITTEN_BODY" <<'PY'
import re, sys
path, body = sys.argv[1], sys.argv[2]
text = open(path).read()
head = re.split(r"^def upgrade\(", text, maxsplit=1, flags=re.M)[0]
open(path, "w").write(head.rstrip() + "\n\n" + body)
PY
  echo "(filled in upgrade() and downgrade() of $(basename "$file") by hand)"
  cat "$file"
}

# Prints the tables in the demo database and checks them against the expected list.
expect_tables() {
  python3 - "$@" <<'PY'
import sys
import sqlalchemy as sa
from alembic.config import Config

url = Config("alembic.ini").get_main_option("sqlalchemy.url")
names = sorted(sa.inspect(sa.create_engine(url)).get_table_names())
app_tables = [n for n in names if n != "alembic_version"]
print(f"application tables in {url}: {', '.join(app_tables) or '(none)'}")
want = sorted(sys.argv[1:])
if app_tables != want:
    sys.exit(f"demo.sh: expected tables {want}, found {names}")
PY
}

main() {
  if [ -z "${DEMO_NO_INSTALL:-}" ]; then
    ensure_python
    install_package
  fi
  cd "$DEMO"
  write_models
  init_env
  first_revision
  say "upgrade, history, current"
  run alembic upgrade head
  expect_tables post user_account
  run alembic history --verbose
  run alembic current
  say "downgrade"
  run alembic downgrade -1
  run alembic current
  expect_tables
  say "demo finished: the project is in $DEMO"
}

main
