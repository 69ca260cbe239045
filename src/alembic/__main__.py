"""``python -m alembic``: the same as the ``alembic`` console command."""

from .config import main

if __name__ == "__main__":
    main(prog="alembic")
