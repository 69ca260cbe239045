"""``Rewriter``: rewrite generated op values per op class, usable directly
as ``process_revision_directives``."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from ..operations import ops
from ..util.dispatch import Dispatcher

__all__ = ["Rewriter"]


class Rewriter:
    """Register ``fn(context, revision, op) -> op | [ops]`` per op class with
    :meth:`rewrites`; the instance walks every generated script and replaces
    each op with what its function returns.  :meth:`chain` runs another
    rewriter (or any hook) afterwards."""

    _chained: tuple[Callable[..., Any], ...] = ()

    #: how the walk goes on below a directive, by directive class; plugins
    #: that add op containers register ``fn(rewriter, context, revision,
    #: directive)`` here with ``Rewriter._traverse.dispatch_for(MyOp)``
    _traverse = Dispatcher()

    def __init__(self) -> None:
        self.dispatch = Dispatcher()

    def chain(self, other: Callable[..., Any]) -> Rewriter:
        """A new rewriter running this one, then ``other``."""
        new = self.__class__.__new__(self.__class__)
        new.__dict__.update(self.__dict__)
        new._chained = self._chained + (other,)
        return new

    def rewrites(
        self, operator: Any
    ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        """Decorator: ``fn`` rewrites ops of class ``operator``."""
        return self.dispatch.dispatch_for(operator)

    def __call__(self, context: Any, revision: Any, directives: list[Any]) -> None:
        self.process_revision_directives(context, revision, directives)
        for hook in self._chained:
            hook(context, revision, directives)

    def process_revision_directives(
        self, context: Any, revision: Any, directives: list[Any]
    ) -> None:
        """Rewrite ``directives`` (a list of MigrationScript) in place."""
        self._traverse_list(context, revision, directives)

    def _rewrite(self, context: Any, revision: Any, directive: Any) -> Iterator[Any]:
        try:
            fn = self.dispatch.dispatch(directive)
        except ValueError:
            yield directive
            return
        mutations = getattr(directive, "_mutations", frozenset())
        if self in mutations:
            yield directive
            return
        result = fn(context, revision, directive)
        for new in (
            []
            if result is None
            else result if isinstance(result, (list, tuple)) else [result]
        ):
            new._mutations = getattr(new, "_mutations", frozenset()).union([self])
            yield new

    def _traverse_for(self, context: Any, revision: Any, directive: Any) -> list[Any]:
        directives = list(self._rewrite(context, revision, directive))
        for item in directives:
            self._traverse.dispatch(item)(self, context, revision, item)
        return directives

    def _traverse_list(
        self, context: Any, revision: Any, directives: list[Any]
    ) -> None:
        dest: list[Any] = []
        for directive in directives:
            dest.extend(self._traverse_for(context, revision, directive))
        directives[:] = dest


@Rewriter._traverse.dispatch_for(ops.MigrationScript)
def _traverse_script(
    self: Rewriter, context: Any, revision: Any, script: ops.MigrationScript
) -> None:
    """Rewrite each upgrade and downgrade container; each must stay one."""
    script.upgrade_ops = _one_each(self, context, revision, script.upgrade_ops_list)
    script.downgrade_ops = _one_each(
        self, context, revision, script.downgrade_ops_list
    )


def _one_each(
    self: Rewriter, context: Any, revision: Any, containers: list[Any]
) -> list[Any]:
    found = []
    for container in containers:
        ret = self._traverse_for(context, revision, container)
        if len(ret) != 1:
            kind = type(container).__name__
            raise ValueError(f"Can only return single object for {kind} traverse")
        found.append(ret[0])
    return found


@Rewriter._traverse.dispatch_for(ops.OpContainer)
def _traverse_op_container(
    self: Rewriter, context: Any, revision: Any, directive: ops.OpContainer
) -> None:
    self._traverse_list(context, revision, directive.ops)


@Rewriter._traverse.dispatch_for(ops.MigrateOperation)
def _traverse_any_directive(
    self: Rewriter, context: Any, revision: Any, directive: ops.MigrateOperation
) -> None:
    """A plain op has nothing below it."""
