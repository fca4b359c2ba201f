"""The clash check of a plan: new ids and names against the communities that remain and
against each other (rules ``plan.id-clash`` and ``plan.name-clash``).

Apart from :mod:`qcdc.hamlets.plans` so that each stays readable; it reads the flat
results of :mod:`qcdc.hamlets._results` in place.
"""

from __future__ import annotations

import operator
from typing import TYPE_CHECKING

from qcdc.findings import Severity
from qcdc.hamlets._results import _COMMUNE, _ID, _NAME, _WIDTH, _Made, _Result
from qcdc.hamlets.model import CommunityKey
from qcdc.text import search_key

if TYPE_CHECKING:
    from qcdc.hamlets.plans import _Checker

_KEY = operator.attrgetter("commune_code", "id")  # a community's key, made in C


def _check_clashes(ck: _Checker, results: list[_Result | None]) -> None:
    """New ids and names must not clash with communities that remain or with each other."""
    reg = ck.registry
    claimed = ck.claimed
    communities = reg.communities
    made: list[tuple[int, _Made, str, bool, bool]] = []
    # (commune, id) and (commune, name key) of every community made → (action, changed);
    # only a key that several results share can clash, and only those keep every entry
    ids: dict[CommunityKey, tuple[int, bool]] = {}
    keys: dict[CommunityKey, tuple[int, bool]] = {}
    shared_ids: dict[CommunityKey, list[tuple[int, bool]]] = {}
    shared_keys: dict[CommunityKey, list[tuple[int, bool]]] = {}
    name_keys: dict[str, str] = {}  # name → search key, for this plan
    registry_keys = reg._name_keys if any(r is not None for r in results) else []
    for r in results:
        if r is None:
            continue
        number, n_sources, n_made = r[0], r[1], r[2]
        start = 3 + n_sources + n_made
        for k in range(n_made):
            c: _Made = r[start + k * _WIDTH : start + (k + 1) * _WIDTH]
            at = r[3 + n_sources + k]
            name = c[_NAME]
            nk = name_keys.get(name)
            if nk is None:
                nk = name_keys[name] = search_key(name)
            if at < 0:
                new_id = new_name = True
            else:
                new_id = communities[at].id != c[_ID]
                new_name = registry_keys[at][1] != nk
            commune = c[_COMMUNE]
            entry = (number, new_id)
            key = (commune, c[_ID])
            first = ids.setdefault(key, entry)
            if first is not entry:
                shared_ids.setdefault(key, [first]).append(entry)
            entry = (number, new_name)
            key = (commune, nk)
            first = keys.setdefault(key, entry)
            if first is not entry:
                shared_keys.setdefault(key, [first]).append(entry)
            if new_id or new_name:
                made.append((number, c, nk, new_id, new_name))
    if not made:
        return
    index = reg._index
    unique = len(index) == len(communities)  # else claimed is by the first of a key
    name_index = reg._name_index
    repeats = reg._name_repeats
    actions = ck.plan.actions
    for action_i, c, nk, new_id, new_name in made:
        commune = c[_COMMUNE]
        if new_id:
            key = (commune, c[_ID])
            pos = index.get(key)
            if pos is not None and claimed[pos] is None:
                ck.add(
                    "plan.id-clash",
                    Severity.ERROR,
                    f"actions[{action_i}].target_id",
                    f"id {c[_ID]!r} is already used by {communities[pos]}, which remains",
                    actions[action_i],
                )
            elif key in shared_ids:
                rival = _rival(shared_ids[key], action_i)
                if rival is not None:
                    ck.add(
                        "plan.id-clash",
                        Severity.ERROR,
                        f"actions[{action_i}].target_id",
                        f"id {c[_ID]!r} in commune {commune} is also the id of the result "
                        f"of actions[{rival}]",
                        actions[action_i],
                    )
        if new_name:
            key = (commune, nk)
            other = None
            if repeats and key in repeats:
                for pos in repeats[key]:
                    if claimed[pos if unique else index[_KEY(communities[pos])]] is None:
                        other = communities[pos]
                        break
            else:
                pos = name_index.get(key)
                if (
                    pos is not None
                    and claimed[pos if unique else index[_KEY(communities[pos])]] is None
                ):
                    other = communities[pos]
            if other is not None:
                ck.add(
                    "plan.name-clash",
                    Severity.ERROR,
                    f"actions[{action_i}].target_name",
                    f"name {c[_NAME]!r} is already used by {other}, which remains in "
                    f"commune {commune}",
                    actions[action_i],
                )
            elif key in shared_keys:
                rival = _rival(shared_keys[key], action_i)
                if rival is not None:
                    ck.add(
                        "plan.name-clash",
                        Severity.ERROR,
                        f"actions[{action_i}].target_name",
                        f"name {c[_NAME]!r} in commune {commune} is also the name of the "
                        f"result of actions[{rival}]",
                        actions[action_i],
                    )


def _rival(entries: list[tuple[int, bool]], action_i: int) -> int | None:
    """The first other action whose result has the same id (or name) and wins it: one
    that keeps it unchanged, or an earlier one."""
    for a, changed in entries:
        if a != action_i and (not changed or a < action_i):
            return a
    return None
