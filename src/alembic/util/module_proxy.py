"""``ModuleClsProxy``: a module whose functions forward to one object.

Alembic's ``op`` and ``context`` modules are built this way, and some
third-party packages build their own: ``MyClass.create_module_class_proxy(
globals(), locals())`` in a module gives it one function per public method of
``MyClass``; while an instance is installed with :meth:`_install_proxy`, each
call goes to that instance, otherwise it raises ``NameError``.

This package's own ``alembic.op`` / ``alembic.context`` do not use it (they
forward through a context variable, see :mod:`alembic.op`); the class is here
for code written against Alembic's.
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from typing import Any, ClassVar

__all__ = ["ModuleClsProxy"]


class ModuleClsProxy:
    """Base class whose instances can stand behind a proxy module."""

    _setups: ClassVar[dict[type, list[MutableMapping[str, Any]]]] = {}

    def _install_proxy(self) -> None:
        """Make this instance the target of the modules built for its class."""
        for globals_ in self._setups.get(type(self), ()):
            globals_["_proxy"] = self

    def _remove_proxy(self) -> None:
        """Leave the modules built for this class without a target."""
        for globals_ in self._setups.get(type(self), ()):
            if globals_.get("_proxy") is self:
                globals_["_proxy"] = None

    @classmethod
    def create_module_class_proxy(
        cls, globals_: MutableMapping[str, Any], locals_: MutableMapping[str, Any]
    ) -> None:
        """Fill ``globals_`` with one forwarding function per public method."""
        cls._setups.setdefault(cls, []).append(globals_)
        globals_.setdefault("_proxy", None)
        for name in dir(cls):
            if not name.startswith("_") and callable(getattr(cls, name)):
                locals_[name] = _forwarder(name, cls.__name__, globals_)


def _forwarder(
    name: str, owner: str, globals_: MutableMapping[str, Any]
) -> Callable[..., Any]:
    def forward(*arg: Any, **kw: Any) -> Any:
        target = globals_.get("_proxy")
        if target is None:
            raise NameError(
                f"Can't invoke function '{name}', as the proxy object has not yet "
                f"been established for the Alembic '{owner}' class.  "
                "Try placing this code inside a callable."
            )
        return getattr(target, name)(*arg, **kw)

    forward.__name__ = name
    return forward
