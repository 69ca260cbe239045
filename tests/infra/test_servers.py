"""Smoke test: the servers that scripts/test.sh starts are reachable."""
import sqlalchemy as sa


def _version(url: str) -> str:
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    with engine.connect() as conn:
        return conn.execute(sa.text("SELECT version()")).scalar()


def test_postgresql_server_answers(pg_url):
    assert "PostgreSQL" in _version(pg_url)


def test_mariadb_server_answers(mysql_url):
    assert "MariaDB" in _version(mysql_url)


def test_each_module_gets_an_empty_database(pg_url, mysql_url):
    for url in (pg_url, mysql_url):
        engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
        assert sa.inspect(engine).get_table_names() == []
