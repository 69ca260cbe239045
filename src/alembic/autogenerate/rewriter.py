"""``Rewriter``: rewrite generated op values per op class, usable directly
as ``process_revision_directives``."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from .dispatch import Dispatcher

__all__ = ["Rewriter"]


class Rewriter:
    """Register ``fn(context, revision, op) -> op | [ops]`` per op class with
    :meth:`rewrites`; the instance walks every generated script and replaces
    each op with what its function returns.  :meth:`chain` runs another
    rewriter (or any hook) afterwards."""

    _chained: tuple[Callable[..., Any], ...] = ()

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
            self._traverse(context, revision, item)
        return directives

    def _traverse_list(
        self, context: Any, revision: Any, directives: list[Any]
    ) -> None:
        dest: list[Any] = []
        for directive in directives:
            dest.extend(self._traverse_for(context, revision, directive))
        directives[:] = dest

    def _traverse(self, context: Any, revision: Any, directive: Any) -> None:
        from ..operations import ops

        if isinstance(directive, ops.MigrationScript):
            self._traverse_script(context, revision, directive)
        elif isinstance(directive, ops.OpContainer):
            self._traverse_list(context, revision, directive.ops)

    def _traverse_script(self, context: Any, revision: Any, script: Any) -> None:
        ups = []
        for upgrade_ops in script.upgrade_ops_list:
            ret = self._traverse_for(context, revision, upgrade_ops)
            if len(ret) != 1:
                raise ValueError(
                    "Can only return single object for UpgradeOps traverse"
                )
            ups.append(ret[0])
        script.upgrade_ops = ups
        downs = []
        for downgrade_ops in script.downgrade_ops_list:
            ret = self._traverse_for(context, revision, downgrade_ops)
            if len(ret) != 1:
                raise ValueError(
                    "Can only return single object for DowngradeOps traverse"
                )
            downs.append(ret[0])
        script.downgrade_ops = downs
