"""Operations against the dialect's database: ``alter_column`` round trips."""

from __future__ import annotations

from sqlalchemy import Integer, String, Text

from ..fixtures import AlterColRoundTripFixture, TestBase

__all__ = ["BackendAlterColumnTest"]


class BackendAlterColumnTest(AlterColRoundTripFixture, TestBase):
    """Each test alters one column on the real database and reflects it."""

    __backend__ = True

    def test_rename_column(self) -> None:
        self._run_alter_col({}, {"name": "newname"})

    def test_modify_type_int_str(self) -> None:
        self._run_alter_col({"type": Integer()}, {"type": String(50)})

    def test_modify_type_str_length(self) -> None:
        self._run_alter_col({"type": String(10)}, {"type": String(40)})

    def test_modify_type_str_text(self) -> None:
        self._run_alter_col({"type": String(10)}, {"type": Text()})

    def test_add_server_default_int(self) -> None:
        self._run_alter_col({"type": Integer()}, {"server_default": "5"})

    def test_modify_server_default_int(self) -> None:
        self._run_alter_col(
            {"type": Integer(), "server_default": "2"}, {"server_default": "5"}
        )

    def test_remove_server_default(self) -> None:
        self._run_alter_col({"server_default": "x"}, {"server_default": None})

    def test_modify_nullable_to_non(self) -> None:
        self._run_alter_col({}, {"nullable": False})

    def test_modify_nullable_to_null(self) -> None:
        self._run_alter_col({"nullable": False}, {"nullable": True})

    def test_rename_and_modify_type(self) -> None:
        self._run_alter_col(
            {"type": String(10)}, {"name": "renamed", "type": String(30)}
        )
