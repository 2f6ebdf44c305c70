"""Values kept for the object they were made from (issue 13): select choices and their HTML, the same on most pages.

A value made from one `protocols` dict (the loaded data, or one upload) is kept with that object, so it is never
given to another; the memo is bounded, so uploads cannot grow it without end.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable

from markupsafe import Markup

from webapp.i18n import current

MEMO_SIZE = 4096  # entries; the largest is a protocol select of about 10 KB
_memo: OrderedDict[tuple, tuple[object, object]] = OrderedDict()
_memo_lock = threading.Lock()


def remembered(key: tuple, owner: object, make: Callable[[], object]):
    """Return make() for `key` and the object `owner` (kept alive with it); computed once, never changed after."""
    full = (id(owner), *key)
    with _memo_lock:
        found = _memo.get(full)
        if found is not None and found[0] is owner:
            _memo.move_to_end(full)
            return found[1]
    value = make()
    with _memo_lock:
        _memo[full] = (owner, value)
        _memo.move_to_end(full)
        while len(_memo) > MEMO_SIZE:
            _memo.popitem(last=False)
    return value


class Remembered:
    """A widget whose HTML is kept per field state: name, data, attributes, language and its (kept) choices."""

    def __init__(self, widget) -> None:
        self.widget = widget

    def __call__(self, field, **kwargs) -> Markup:
        data = tuple(field.data) if isinstance(field.data, list) else field.data
        key = ("html", current(), field.id, field.name, data, tuple(sorted(kwargs.items())))
        return remembered(key, field.choices, lambda: self.widget(field, **kwargs))
