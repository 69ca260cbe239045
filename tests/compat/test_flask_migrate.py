"""Flask-Migrate's ``flask db`` commands, driving our alembic, in a subprocess.

Flask-Migrate brings its own ``alembic.ini.mako`` / ``env.py`` templates and a
``Config`` subclass that overrides ``get_template_directory()``; its env.py
reads the engine from the Flask app, passes ``compare_type`` /
``render_as_batch`` / ``process_revision_directives`` to ``configure()`` and
reads ``config.cmd_opts.autogenerate``.  Each step below is the command a
Flask user types, with ``FLASK_APP`` set, checked by exit code, the files it
writes and the schema it leaves (reflected with SQLAlchemy).
"""

from __future__ import annotations

import pathlib
import re

import pytest
import sqlalchemy as sa

pytestmark = pytest.mark.usefixtures("needs_flask_migrate")

APP = """
    import os

    from flask import Flask
    from flask_migrate import Migrate
    from flask_sqlalchemy import SQLAlchemy

    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["APP_DB_URL"]
    db = SQLAlchemy(app)
    migrate = Migrate(app, db)

    import models  # noqa: E402,F401
"""

MODELS = """
    from app import db


    class User(db.Model):
        id = db.Column(db.Integer, primary_key=True)
        username = db.Column(db.String(64), index=True, unique=True, nullable=False)
        email = db.Column(db.String(120), unique=True)
    {extra_user}

    class Post(db.Model):
        id = db.Column(db.Integer, primary_key=True)
        body = db.Column(db.String(140), nullable=False)
        user_id = db.Column(db.Integer, db.ForeignKey("user.id"), index=True)
"""

ABOUT_ME = "    about_me = db.Column(db.String(140))"


def write_app(helpers, project: pathlib.Path, extra_user: str = "") -> None:
    """Write (or rewrite) the Flask app and its models."""
    helpers.write_files(
        project,
        {"app.py": APP, "models.py": MODELS.replace("{extra_user}", extra_user)},
    )


class FlaskProject:
    """A Flask project directory plus the database it points at."""

    def __init__(self, helpers, path: pathlib.Path, db_url: str) -> None:
        self.helpers = helpers
        self.path = path
        self.db_url = db_url

    def flask(self, *args: str):
        """Run ``flask <args>`` the way a user does: FLASK_APP in the environment."""
        return self.helpers.python(
            "-m",
            "flask",
            *args,
            cwd=self.path,
            env={"FLASK_APP": "app.py", "APP_DB_URL": self.db_url},
        )

    def ok(self, *args: str):
        """Run a flask command that must succeed; return its outcome."""
        ran = self.flask(*args)
        assert ran.returncode == 0, ran.describe()
        return ran

    def versions(self) -> list[pathlib.Path]:
        """The revision files Flask-Migrate has written so far."""
        return sorted((self.path / "migrations" / "versions").glob("*.py"))

    def version_rows(self) -> list[str]:
        """The revisions recorded in alembic_version."""
        engine = sa.create_engine(self.db_url, poolclass=sa.pool.NullPool)
        try:
            with engine.connect() as conn:
                if not sa.inspect(conn).has_table("alembic_version"):
                    return []
                rows = conn.execute(sa.text("SELECT version_num FROM alembic_version"))
                return sorted(r[0] for r in rows)
        finally:
            engine.dispose()

    def tables(self) -> set[str]:
        """Names of the tables in the database."""
        engine = sa.create_engine(self.db_url, poolclass=sa.pool.NullPool)
        try:
            return self.helpers.user_tables(sa.inspect(engine))
        finally:
            engine.dispose()

    def columns(self, table: str) -> dict[str, dict]:
        """Reflected columns of ``table`` by name."""
        engine = sa.create_engine(self.db_url, poolclass=sa.pool.NullPool)
        try:
            return {c["name"]: c for c in sa.inspect(engine).get_columns(table)}
        finally:
            engine.dispose()

    def indexes(self, table: str) -> dict[str, dict]:
        """Reflected indexes of ``table`` by name."""
        engine = sa.create_engine(self.db_url, poolclass=sa.pool.NullPool)
        try:
            return {i["name"]: i for i in sa.inspect(engine).get_indexes(table)}
        finally:
            engine.dispose()


def wipe(url: str) -> None:
    """Empty a server database that earlier tests of this module used."""
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(sa.text("DROP SCHEMA public CASCADE"))
                conn.execute(sa.text("CREATE SCHEMA public"))
            else:
                everything = sa.MetaData()
                everything.reflect(conn)
                everything.drop_all(conn)
    finally:
        engine.dispose()


def revision_id(path: pathlib.Path) -> str:
    """The ``revision = '...'`` value of a revision file."""
    for line in path.read_text().splitlines():
        if line.startswith("revision = "):
            return line.split("=", 1)[1].strip().strip("'\"")
    raise AssertionError(f"no revision line in {path}")


def new_project(
    helpers, base: pathlib.Path, db_url: str, plugins: str = ""
) -> FlaskProject:
    """A Flask project after ``flask db init``, ``migrate -m initial`` and
    ``upgrade``; ``plugins``: an ``autogenerate_plugins`` line for its ini."""
    write_app(helpers, base)
    project = FlaskProject(helpers, base, db_url)
    project.ok("db", "init")
    if plugins:
        ini = project.path / "migrations" / "alembic.ini"
        text = ini.read_text().replace(
            "[alembic]\n", f"[alembic]\nautogenerate_plugins = {plugins}\n", 1
        )
        ini.write_text(text)
    project.ok("db", "migrate", "-m", "initial")
    project.ok("db", "upgrade")
    return project


@pytest.fixture(scope="module")
def initialised(helpers, tmp_path_factory, our_alembic) -> dict:
    """One project taken through init / migrate / upgrade, with each step's output."""
    base = tmp_path_factory.mktemp("flaskapp")
    write_app(helpers, base)
    project = FlaskProject(helpers, base, f"sqlite:///{base / 'app.db'}")
    steps = {"init": project.flask("db", "init")}
    steps["tables_before"] = project.tables()
    steps["migrate"] = project.flask("db", "migrate", "-m", "initial")
    steps["tables_after_migrate"] = project.tables()
    steps["upgrade"] = project.flask("db", "upgrade")
    return {"project": project, "steps": steps}


def test_flask_db_init_uses_flask_migrates_templates(initialised):
    project, steps = initialised["project"], initialised["steps"]
    assert steps["init"].returncode == 0, steps["init"].describe()
    migrations = project.path / "migrations"
    for name in ("alembic.ini", "env.py", "script.py.mako", "README"):
        assert (migrations / name).is_file(), name
    assert (migrations / "versions").is_dir()
    env_py = (migrations / "env.py").read_text()
    assert "current_app.extensions['migrate']" in env_py  # Flask-Migrate's, not ours
    ini = (migrations / "alembic.ini").read_text()
    assert "[alembic]" in ini and "flask_migrate" in ini
    assert (
        "Please edit configuration/connection/logging settings" in steps["init"].stdout
    )
    assert steps["tables_before"] == set()


def test_flask_db_migrate_autogenerates_a_batch_revision(initialised):
    project, steps = initialised["project"], initialised["steps"]
    assert steps["migrate"].returncode == 0, steps["migrate"].describe()
    files = project.versions()
    assert len(files) == 1, files
    text = files[0].read_text()
    assert '"""initial' in text
    assert "op.create_table('user'" in text and "op.create_table('post'" in text
    # Flask-Migrate asks for render_as_batch=True: indexes go through batch blocks
    assert "with op.batch_alter_table('user', schema=None) as batch_op:" in text
    assert (
        "batch_op.create_index(batch_op.f('ix_user_username'), ['username'], unique=True)"
        in text
    )
    assert "batch_op.drop_index(batch_op.f('ix_post_user_id'))" in text
    assert "down_revision = None" in text
    assert "alembic_version" not in text  # bookkeeping tables are never migrated
    # autogenerate writes the version table only, no application tables
    assert steps["tables_after_migrate"] <= {"alembic_version"}


def test_flask_db_upgrade_builds_the_schema(initialised):
    project, steps = initialised["project"], initialised["steps"]
    assert steps["upgrade"].returncode == 0, steps["upgrade"].describe()
    assert project.tables() == {"user", "post", "alembic_version"}
    assert set(project.columns("user")) == {"id", "username", "email"}
    assert project.columns("user")["username"]["nullable"] is False
    assert project.indexes("user")["ix_user_username"]["unique"]
    assert project.indexes("post")["ix_post_user_id"]["column_names"] == ["user_id"]
    assert project.version_rows() == [revision_id(project.versions()[0])]


def test_flask_db_migrate_without_changes_writes_nothing(initialised):
    project = initialised["project"]
    ran = project.ok("db", "migrate", "-m", "nothing")
    assert len(project.versions()) == 1
    assert "No changes in schema detected." in ran.stdout + ran.stderr


def test_flask_db_read_only_commands(initialised):
    project = initialised["project"]
    rev = revision_id(project.versions()[0])

    current = project.ok("db", "current")
    assert f"{rev} (head)" in current.stdout

    history = project.ok("db", "history")
    assert f"<base> -> {rev} (head), initial" in history.stdout

    heads = project.ok("db", "heads")
    assert heads.stdout.strip() == f"{rev} (head)"

    branches = project.ok("db", "branches")
    assert branches.stdout.strip() == ""

    show = project.ok("db", "show", "head")
    assert f"Rev: {rev} (head)" in show.stdout
    assert "Parent: <base>" in show.stdout
    assert "initial" in show.stdout

    verbose = project.ok("db", "history", "--verbose", "--indicate-current")
    assert f"Rev: {rev} (head) (current)" in verbose.stdout


def test_flask_db_check_is_clean_after_upgrade(initialised):
    project = initialised["project"]
    ran = project.ok("db", "check")
    assert "No new upgrade operations detected." in ran.stdout + ran.stderr


def test_flask_db_downgrade_stamp_and_upgrade_again(helpers, tmp_path, our_alembic):
    project = new_project(helpers, tmp_path, f"sqlite:///{tmp_path / 'app.db'}")
    rev = revision_id(project.versions()[0])

    project.ok("db", "downgrade")
    assert project.tables() == {"alembic_version"}
    assert project.version_rows() == []
    assert project.ok("db", "current").stdout.strip() == ""

    project.ok("db", "stamp", "head")
    assert project.version_rows() == [rev]
    assert project.tables() == {"alembic_version"}  # stamp runs no migration

    project.ok("db", "stamp", "base")
    assert project.version_rows() == []
    project.ok("db", "upgrade")
    assert project.tables() == {"user", "post", "alembic_version"}
    assert project.version_rows() == [rev]


def test_flask_db_check_fails_when_models_change(helpers, tmp_path, our_alembic):
    project = new_project(helpers, tmp_path, f"sqlite:///{tmp_path / 'app.db'}")
    write_app(helpers, tmp_path, extra_user=ABOUT_ME)
    ran = project.flask("db", "check")
    assert ran.returncode == 1, ran.describe()
    assert "New upgrade operations detected" in ran.stdout + ran.stderr
    assert "about_me" in ran.stdout + ran.stderr


def test_second_migration_adds_and_drops_a_column_in_batch(
    helpers, tmp_path, our_alembic
):
    project = new_project(helpers, tmp_path, f"sqlite:///{tmp_path / 'app.db'}")
    first = revision_id(project.versions()[0])
    write_app(helpers, tmp_path, extra_user=ABOUT_ME)
    project.ok("db", "migrate", "-m", "add about_me")
    files = project.versions()
    assert len(files) == 2
    (second_file,) = [f for f in files if revision_id(f) != first]
    text = second_file.read_text()
    second = revision_id(second_file)
    assert f"down_revision = '{first}'" in text
    assert (
        "batch_op.add_column(sa.Column('about_me', sa.String(length=140), nullable=True))"
        in text
    )
    assert "batch_op.drop_column('about_me')" in text

    project.ok("db", "upgrade")
    assert "about_me" in project.columns("user")
    assert project.version_rows() == [second]
    project.ok("db", "check")

    history = project.ok("db", "history").stdout
    assert f"{first} -> {second} (head), add about_me" in history
    assert f"<base> -> {first}, initial" in history

    project.ok("db", "downgrade")
    assert "about_me" not in project.columns("user")
    assert project.indexes("user")["ix_user_username"][
        "unique"
    ]  # survived the batch copy
    assert project.version_rows() == [first]

    project.ok("db", "downgrade", "base")
    assert project.tables() == {"alembic_version"}


def test_flask_db_upgrade_sql_prints_the_ddl(helpers, tmp_path, our_alembic):
    project = new_project(helpers, tmp_path, f"sqlite:///{tmp_path / 'app.db'}")
    rev = revision_id(project.versions()[0])
    ran = project.ok("db", "upgrade", "--sql", "base:head")
    assert "CREATE TABLE user" in ran.stdout or 'CREATE TABLE "user"' in ran.stdout
    assert "CREATE TABLE post" in ran.stdout
    assert "CREATE UNIQUE INDEX ix_user_username ON user (username)" in ran.stdout
    assert f"INSERT INTO alembic_version (version_num) VALUES ('{rev}')" in ran.stdout


def test_flask_db_errors_exit_one(helpers, tmp_path, our_alembic):
    project = new_project(helpers, tmp_path, f"sqlite:///{tmp_path / 'app.db'}")
    ran = project.flask("db", "upgrade", "nosuchrev")
    assert ran.returncode == 1, ran.describe()
    assert "Error:" in ran.stderr
    assert "nosuchrev" in ran.stderr
    again = project.flask("db", "init")
    assert again.returncode == 1, again.describe()
    assert "Directory migrations already exists and is not empty" in again.stderr


@pytest.mark.parametrize("server", ["postgresql", "mysql"])
def test_flask_migrate_on_servers(helpers, tmp_path, server, request, our_alembic):
    url = request.getfixturevalue("pg_url" if server == "postgresql" else "mysql_url")
    wipe(url)
    # Flask-Migrate's templates name no plugins, so autogenerate is Alembic's:
    # on MariaDB its downgrade drops the key's index ix_post_user_id before
    # the table, which MariaDB refuses (Alembic 1.20.1 fails the same way);
    # alembic.ext.mysql_fk_indexes leaves that drop_index out
    plugins = "alembic.autogenerate.* alembic.ext.mysql_fk_indexes" if server == "mysql" else ""
    project = new_project(helpers, tmp_path, url, plugins)
    text = project.versions()[0].read_text()
    assert "op.create_table('user'" in text
    assert {"user", "post", "alembic_version"} <= project.tables()
    assert project.indexes("user")["ix_user_username"]["unique"]
    assert project.columns("user")["username"]["type"].length == 64
    # compare_type=True (Flask-Migrate's default) must not see false differences
    check = project.ok("db", "check")
    assert "No new upgrade operations detected." in check.stdout + check.stderr
    again = project.ok("db", "migrate", "-m", "nothing")
    assert "No changes in schema detected." in again.stdout + again.stderr
    assert len(project.versions()) == 1
    project.ok("db", "downgrade", "base")
    assert project.tables() == {"alembic_version"}


def test_flask_migrate_on_mariadb_without_plugins_is_alembics(
    helpers, tmp_path, request, our_alembic
):
    """Without plugins the initial migration is Alembic 1.20.1's: the
    reference CLI, run on MariaDB with the same two tables (without batch
    mode), writes ``drop_index('ix_post_user_id')`` before
    ``drop_table('post')`` too, and its ``downgrade`` fails with MariaDB error
    1553 as ours does."""
    url = request.getfixturevalue("mysql_url")
    wipe(url)
    project = new_project(helpers, tmp_path, url)
    text = project.versions()[0].read_text()
    downgrade = text[text.index("def downgrade"):]
    before_drop = downgrade[: downgrade.index("drop_table('post')")]
    assert "drop_index(batch_op.f('ix_post_user_id'))" in before_drop, downgrade
    failed = project.flask("db", "downgrade", "base")
    assert failed.returncode != 0
    assert "1553" in failed.stdout + failed.stderr


MULTIDB_APP = """
    import os

    from flask import Flask
    from flask_migrate import Migrate
    from flask_sqlalchemy import SQLAlchemy

    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["APP_DB_URL"]
    app.config["SQLALCHEMY_BINDS"] = {"audit": os.environ["AUDIT_DB_URL"]}
    db = SQLAlchemy(app)
    migrate = Migrate(app, db)


    class User(db.Model):
        id = db.Column(db.Integer, primary_key=True)
        username = db.Column(db.String(64), index=True, unique=True, nullable=False)


    class AuditLog(db.Model):
        __bind_key__ = "audit"
        id = db.Column(db.Integer, primary_key=True)
        event = db.Column(db.String(200), nullable=False)
"""


def test_flask_db_multidb(helpers, tmp_path, our_alembic):
    helpers.write_files(tmp_path, {"app.py": MULTIDB_APP})
    main_url = f"sqlite:///{tmp_path / 'main.db'}"
    audit_url = f"sqlite:///{tmp_path / 'audit.db'}"
    env = {"FLASK_APP": "app.py", "APP_DB_URL": main_url, "AUDIT_DB_URL": audit_url}

    def flask(*args):
        ran = helpers.python("-m", "flask", *args, cwd=tmp_path, env=env)
        assert ran.returncode == 0, ran.describe()
        return ran

    flask("db", "init", "--multidb")
    env_py = (tmp_path / "migrations" / "env.py").read_text()
    assert "run_migrations(engine_name=name)" in env_py  # the flask-multidb template

    flask("db", "migrate", "-m", "initial")
    (revision_file,) = (tmp_path / "migrations" / "versions").glob("*.py")
    text = revision_file.read_text()
    main_part = text.split("def upgrade_():", 1)[1].split("def downgrade_():", 1)[0]
    audit_part = text.split("def upgrade_audit():", 1)[1].split(
        "def downgrade_audit():", 1
    )[0]
    assert "op.create_table('user'" in main_part and "audit_log" not in main_part
    assert "op.create_table('audit_log'" in audit_part and "'user'" not in audit_part

    flask("db", "upgrade")
    main = FlaskProject(helpers, tmp_path, main_url)
    audit = FlaskProject(helpers, tmp_path, audit_url)
    rev = revision_id(revision_file)
    assert main.tables() == {"user", "alembic_version"}
    assert audit.tables() == {"audit_log", "alembic_version"}
    assert main.version_rows() == [rev] and audit.version_rows() == [rev]

    check = flask("db", "check")
    assert "No new upgrade operations detected." in check.stdout + check.stderr

    flask("db", "downgrade", "base")
    assert main.tables() == {"alembic_version"} and audit.tables() == {
        "alembic_version"
    }
    assert main.version_rows() == [] and audit.version_rows() == []


def test_flask_db_branches_and_merge(helpers, tmp_path, our_alembic):
    project = new_project(helpers, tmp_path, f"sqlite:///{tmp_path / 'app.db'}")
    first = revision_id(project.versions()[0])
    project.ok("db", "revision", "-m", "left", "--rev-id", "1eft00000001")
    project.ok(
        "db",
        "revision",
        "-m",
        "right",
        "--rev-id",
        "r1ght0000002",
        "--head",
        first,
        "--splice",
    )
    heads = project.ok("db", "heads").stdout.split("\n")
    assert sorted(h for h in heads if h) == [
        "1eft00000001 (head)",
        "r1ght0000002 (head)",
    ]
    branches = project.ok("db", "branches").stdout
    assert f"{first} (branchpoint)" in branches

    refused = project.flask("db", "upgrade")
    assert refused.returncode == 1, refused.describe()
    assert "Multiple head revisions are present" in refused.stderr

    project.ok("db", "merge", "heads", "-m", "join", "--rev-id", "merge0000003")
    merge_file = project.path / "migrations" / "versions" / "merge0000003_join.py"
    text = merge_file.read_text()
    assert "down_revision = ('1eft00000001', 'r1ght0000002')" in text
    assert project.ok("db", "heads").stdout.strip() == "merge0000003 (head)"

    project.ok("db", "upgrade")
    assert project.version_rows() == ["merge0000003"]
    history = project.ok("db", "history", "--indicate-current").stdout
    assert (
        "1eft00000001, r1ght0000002 -> merge0000003 (head) (current) (mergepoint), join"
        in (history)
    )

    project.ok("db", "stamp", "--purge", "1eft00000001")
    assert project.version_rows() == ["1eft00000001"]
    sql = project.ok("db", "upgrade", "--sql", "1eft00000001:merge0000003").stdout
    assert "INSERT INTO alembic_version (version_num) VALUES ('r1ght0000002')" in sql


def test_flask_db_list_templates(helpers, tmp_path, our_alembic):
    write_app(helpers, tmp_path)
    project = FlaskProject(helpers, tmp_path, f"sqlite:///{tmp_path / 'app.db'}")
    listed = project.ok("db", "list-templates").stdout
    for name in ("flask", "flask-multidb", "aioflask", "aioflask-multidb"):
        assert f"{name} - " in listed


RICH_MODELS = """
    import sqlalchemy as sa

    from app import db


    class User(db.Model):
        id = db.Column(db.Integer, primary_key=True)
        username = db.Column(db.String(64), index=True, unique=True, nullable=False)
        is_admin = db.Column(db.Boolean, nullable=False, server_default=sa.false())
        created = db.Column(db.DateTime, server_default=db.func.now(), nullable=False)


    class Post(db.Model):
        id = db.Column(db.Integer, primary_key=True)
        body = db.Column(db.Text, nullable=False)
        status = db.Column(
            db.Enum("draft", "live", name="post_status"), nullable=False, server_default="draft"
        )
        score = db.Column(db.Numeric(6, 2))
        views = db.Column(db.BigInteger, nullable=False, server_default="0")
        ratio = db.Column(db.Float)
        data = db.Column(db.JSON)
        token = db.Column(db.Uuid)
        day = db.Column(db.Date)
        user_id = db.Column(
            db.Integer, db.ForeignKey("user.id", ondelete="CASCADE"), nullable=False
        )
        __table_args__ = (
            db.UniqueConstraint("user_id", "day", name="uq_post_user_day"),
            db.CheckConstraint("views >= 0", name="ck_post_views"),
            db.Index("ix_post_status_day", "status", "day"),
        )
"""


@pytest.mark.parametrize("backend", ["sqlite", "postgresql", "mysql"])
def test_common_column_types_check_clean(
    helpers, tmp_path, backend, request, our_alembic
):
    """compare_type=True on the types Flask apps use: no false differences anywhere."""
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'app.db'}"
    else:
        url = request.getfixturevalue(
            "pg_url" if backend == "postgresql" else "mysql_url"
        )
        wipe(url)
    helpers.write_files(tmp_path, {"app.py": APP, "models.py": RICH_MODELS})
    project = FlaskProject(helpers, tmp_path, url)
    project.ok("db", "init")
    project.ok("db", "migrate", "-m", "initial")
    project.ok("db", "upgrade")
    assert {"user", "post"} <= project.tables()
    post = project.columns("post")
    assert post["views"]["nullable"] is False and post["score"]["type"].scale == 2
    check = project.ok("db", "check")
    assert "No new upgrade operations detected." in check.stdout + check.stderr
    project.ok("db", "migrate", "-m", "nothing")
    assert len(project.versions()) == 1
    project.ok("db", "downgrade", "base")
    assert project.tables() == {"alembic_version"}


CONFIGURED_APP = """
    import os

    from flask import Flask
    from flask_migrate import Migrate
    from flask_sqlalchemy import SQLAlchemy

    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["APP_DB_URL"]
    db = SQLAlchemy(app)
    migrate = Migrate(app, db, directory="db_migrations")


    @migrate.configure
    def configure_alembic(config):
        config.set_main_option("file_template", "%%(year)d_%%(rev)s_%%(slug)s")
        config.set_main_option("truncate_slug_length", "10")
        return config


    import models  # noqa: E402,F401
"""


def test_migrate_directory_and_configure_callback(helpers, tmp_path, our_alembic):
    """``Migrate(directory=...)`` and a ``@migrate.configure`` callback editing the Config."""
    write_app(helpers, tmp_path)
    helpers.write_files(tmp_path, {"app.py": CONFIGURED_APP})
    project = FlaskProject(helpers, tmp_path, f"sqlite:///{tmp_path / 'app.db'}")
    project.ok("db", "init")
    assert (tmp_path / "db_migrations" / "env.py").is_file()
    assert not (tmp_path / "migrations").exists()
    project.ok(
        "db", "migrate", "-m", "initial schema for everything", "--rev-id", "abc123"
    )
    (made,) = (tmp_path / "db_migrations" / "versions").glob("*.py")
    # the slug is cut at 10 characters, back to the last whole word
    assert re.fullmatch(r"\d{4}_abc123_initial_\.py", made.name), made.name
    project.ok("db", "upgrade")
    assert project.version_rows() == ["abc123"]
    assert {"user", "post"} <= project.tables()


SCHEMA_APP = """
    import os

    from flask import Flask
    from flask_migrate import Migrate
    from flask_sqlalchemy import SQLAlchemy

    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["APP_DB_URL"]
    db = SQLAlchemy(app)
    migrate = Migrate(app, db, include_schemas=True)


    class User(db.Model):
        id = db.Column(db.Integer, primary_key=True)
        name = db.Column(db.String(50), index=True)


    class Report(db.Model):
        __table_args__ = {"schema": "reporting"}
        id = db.Column(db.Integer, primary_key=True)
        user_id = db.Column(db.Integer, db.ForeignKey("user.id"))
        title = db.Column(db.String(80), nullable=False)
"""


def test_include_schemas_on_postgresql(helpers, tmp_path, pg_url, our_alembic):
    """``Migrate(include_schemas=True)`` reaches ``configure()``; a model in another schema."""
    wipe(pg_url)
    engine = sa.create_engine(pg_url, poolclass=sa.pool.NullPool)
    try:
        with engine.begin() as conn:
            conn.execute(sa.text("DROP SCHEMA IF EXISTS reporting CASCADE"))
            conn.execute(sa.text("CREATE SCHEMA reporting"))
    finally:
        engine.dispose()
    helpers.write_files(tmp_path, {"app.py": SCHEMA_APP})
    project = FlaskProject(helpers, tmp_path, pg_url)
    project.ok("db", "init")
    project.ok("db", "migrate", "-m", "initial")
    text = project.versions()[0].read_text()
    assert "schema='reporting'" in text
    project.ok("db", "upgrade")
    engine = sa.create_engine(pg_url, poolclass=sa.pool.NullPool)
    try:
        assert sa.inspect(engine).get_table_names(schema="reporting") == ["report"]
    finally:
        engine.dispose()
    check = project.ok("db", "check")
    assert "No new upgrade operations detected." in check.stdout + check.stderr
    project.ok("db", "downgrade", "base")
    assert project.tables() == {"alembic_version"}
