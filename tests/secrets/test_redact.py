"""alembic.util.redact: masking in text, exceptions, log records and tracebacks."""

from __future__ import annotations

import io
import logging
import os
import subprocess
import sys

import pytest

from alembic.util import logmask, redact
from alembic.util.messaging import write_outstream


@pytest.mark.parametrize(
    "text, secret",
    [
        ("postgresql+psycopg://app:s3cretpw@db:5432/x", "s3cretpw"),
        ("mysql+pymysql://app:p%40ss%25word@127.0.0.1/x", "p%40ss%25word"),
        ("error for 'sqlite+aiosqlite://u:hunter22@host/db' here", "hunter22"),
        ("host=db port=5432 password=hunter22 dbname=x", "hunter22"),
        ("host=db password = 'two words' user=x", "two words"),
        ("connect_args {'user': 'a', 'password': 'hunter22'}", "hunter22"),
        ('DSN "PWD=hunter22;UID=sa"', "hunter22"),
    ],
)
def test_mask_text_hides_passwords(text, secret):
    masked = redact.mask_text(text)
    assert secret not in masked
    assert redact.MASK in masked


def test_mask_text_keeps_the_rest_of_a_url():
    masked = redact.mask_text("see postgresql://app:pw1234@db.example:5433/prod now")
    assert masked == "see postgresql://app:***@db.example:5433/prod now"


@pytest.mark.parametrize(
    "text",
    [
        "postgresql://app@db/x",
        "sqlite:///relative/path.db",
        "postgresql://db:5432/x",
        "Running upgrade a1 -> b2, add users",
        "",
    ],
)
def test_mask_text_leaves_text_without_passwords_alone(text):
    assert redact.mask_text(text) == text


def test_registered_url_password_is_masked_anywhere():
    redact.register_url("mysql+pymysql://u:Zq9%25known@h/d")
    # the unquoted spelling, far from any URL
    assert redact.mask_text("auth failed with Zq9%known!") == "auth failed with ***!"
    assert "Zq9" not in redact.mask_text("token Zq9%25known")


def test_short_secrets_are_not_masked_literally():
    redact.register_secret("ab")
    assert redact.mask_text("a table named ab") == "a table named ab"


def test_write_outstream_masks():
    buf = io.StringIO()
    write_outstream(buf, "url: postgresql://a:topsecret1@h/d", "\n")
    assert buf.getvalue() == "url: postgresql://a:***@h/d\n"


def test_scrub_exception_masks_a_real_sqlalchemy_error_and_its_driver_error(tmp_path):
    import sqlalchemy as sa

    engine = sa.create_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with engine.connect() as conn, pytest.raises(sa.exc.DBAPIError) as info:
        conn.execute(
            sa.text("SELECT * FROM missing WHERE dsn = 'host=h password=Leak3dPw'")
        )
    err = info.value
    assert "Leak3dPw" in str(err)  # SQLAlchemy shows the statement
    redact.scrub_exception(err)
    assert "Leak3dPw" not in str(err)
    assert "Leak3dPw" not in str(err.orig)
    assert "no such table: missing" in str(err)
    assert "password=***" in str(err)


def test_scrub_exception_follows_the_chain():
    try:
        try:
            raise ValueError("cannot reach postgresql://u:ChainPw99@h/d")
        except ValueError as inner:
            raise RuntimeError("wrapper") from inner
    except RuntimeError as outer:
        redact.scrub_exception(outer)
        assert "ChainPw99" not in str(outer.__cause__)


def test_secret_filter_masks_message_args_and_traceback():
    record = logging.LogRecord(
        "alembic.x",
        logging.INFO,
        __file__,
        1,
        "connecting to %s",
        ("mysql://u:LogPw123@h/d",),
        None,
    )
    try:
        raise OSError("password=LogPw123 refused")
    except OSError:
        record.exc_info = sys.exc_info()
    assert logmask.SecretFilter().filter(record) is True
    text = logging.Formatter("%(message)s").format(record)
    assert "LogPw123" not in text
    assert "connecting to mysql://u:***@h/d" in text
    assert "password=*** refused" in text


def test_log_masking_applies_to_loggers_configured_later():
    """As with env.py's fileConfig: handlers set up after the CLI installed masking."""
    code = (
        "import io, logging\n"
        "from alembic.util.logmask import install_log_masking\n"
        "install_log_masking(); install_log_masking()\n"
        "buf = io.StringIO()\n"
        "handler = logging.StreamHandler(buf)\n"
        "logging.getLogger().addHandler(handler)\n"
        "logging.getLogger().setLevel(logging.INFO)\n"
        "logging.getLogger('sqlalchemy.engine.Engine').info('url %s', 'pg://u:LatePw77@h/d')\n"
        "print(buf.getvalue())\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert "url pg://u:***@h/d" in out
    assert "LatePw77" not in out


def test_excepthook_masks_uncaught_tracebacks_including_source_lines():
    code = (
        "from alembic.util.redact import install_excepthook\n"
        "install_excepthook()\n"
        "URL = 'postgresql://u:HookPw55@h/d'; raise RuntimeError('boom ' + URL)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 1
    assert "RuntimeError: boom postgresql://u:***@h/d" in proc.stderr
    assert "HookPw55" not in proc.stderr


def test_printed_warnings_are_masked():
    code = (
        "import warnings\n"
        "from alembic.util.redact import install_warning_masking\n"
        "install_warning_masking()\n"
        "warnings.warn('slow link to mysql://u:WarnPw66@h/d')\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert "slow link to mysql://u:***@h/d" in proc.stderr
    assert "WarnPw66" not in proc.stderr


def test_raiseerr_in_process_reraises_a_scrubbed_error(tmp_path, monkeypatch):
    """``main(["--raiseerr", ...])`` called from Python: the same error type, no secret."""
    from alembic.config import main

    versions = tmp_path / "migrations" / "versions"
    versions.mkdir(parents=True)
    (tmp_path / "alembic.ini").write_text(
        "[alembic]\nscript_location = %(here)s/migrations\n"
        f"sqlalchemy.url = sqlite:///{tmp_path / 'app.db'}\n"
    )
    (tmp_path / "migrations" / "env.py").write_text(
        "from alembic import context\n"
        "raise LookupError('no replica at postgresql://ro:InProc77pw@replica/db')\n"
    )
    monkeypatch.chdir(tmp_path)
    with pytest.raises(LookupError) as info:
        main(argv=["--raiseerr", "current"], stdout=io.StringIO())
    assert str(info.value) == "no replica at postgresql://ro:***@replica/db"


def test_a_registered_common_word_does_not_mangle_longer_words():
    redact.register_url("postgresql://app:postgres@localhost/app")
    text = "Context impl for postgresql://app:postgres@localhost/app; pw postgres."
    assert redact.mask_text(text) == (
        "Context impl for postgresql://app:***@localhost/app; pw ***."
    )
    assert redact.mask_text("PostgresqlImpl, postgresql+psycopg") == (
        "PostgresqlImpl, postgresql+psycopg"
    )


def test_msg_masks_before_wrapping_long_lines_on_a_terminal(monkeypatch):
    import shutil

    from alembic.util import messaging

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    out = Terminal()
    monkeypatch.setattr(
        shutil,
        "get_terminal_size",
        lambda fallback=None: os.terminal_size((40, 24)),
    )
    url = "postgresql://averylongusername:WrapPw1234567890@db.example.com/production"
    with messaging.redirect(out):
        messaging.msg(f"Connecting to {url}")
    assert "WrapPw" not in out.getvalue().replace("\n", "").replace(" ", "")
    assert "***" in out.getvalue()
