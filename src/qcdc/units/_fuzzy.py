"""Near misses of a name: a symmetric-delete index over the folded name keys of one list.

Two strings within edit distance 2 become equal after at most two deletions from each
(a substitution is one deletion on each side, a dropped or doubled letter one on one
side, a swap of neighbours one on each side).  So every key is stored under itself and
the strings made by deleting one character (the *near* part) or two (the *far* part);
a query looks up itself and its own one- and two-deletion strings.  A hit of a variant
of length ``m`` proves a common subsequence of ``m`` characters; the longest over all
hits is the longest common subsequence (when it is at most two shorter than both
strings), which gives difflib's measure ``2 * M / (len(a) + len(b))`` without a scan.

A single typo is found in the near part with about ``2 * len(query)`` lookups made in
C.  Keys two edits away are looked for only when one of them could rank above the best
key one edit away that starts with the query's letter; so the far part, five times the
size, is built only for the lengths such queries need.  Both parts are built per key
length, lazily, the first time a query needs them (never at import or when a list is
loaded); a query far longer than any key builds nothing.

Keys that start with the query's letter come first, ranked by that measure, then the
larger key; where the list is cut, :func:`difflib_order` ranks them as
:func:`difflib.get_close_matches` did.  The other keys (a typo in the first letter,
which difflib never looked at) follow.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

__all__: list[str] = []

#: the similarity below which a key is no near miss (difflib's ``cutoff`` of the scan
#: this index replaces)
CUTOFF = 0.8
#: most deletions on either side: edit distance up to 2
_MAX_DELETIONS = 2

_Bucket = dict[str, "str | tuple[str, ...]"]


def _deletions(text: str) -> set[str]:
    """The strings made by deleting one character of ``text``."""
    return {text[:i] + text[i + 1 :] for i in range(len(text))}


def _add(bucket: _Bucket, variant: str, key: str) -> None:
    cur = bucket.get(variant)
    if cur is None:
        bucket[variant] = key
    elif cur.__class__ is str:
        if cur != key:
            bucket[variant] = (cur, key)
    elif key not in cur:
        bucket[variant] = (*cur, key)


def _build_near(keys: Iterable[str]) -> _Bucket:
    """Each key (all of one length) under itself and its one-deletion strings."""
    bucket: _Bucket = {}
    for key in keys:
        _add(bucket, key, key)
        for v in _deletions(key):
            _add(bucket, v, key)
    return bucket


def _build_far(keys: Iterable[str]) -> _Bucket:
    """Each key (all of one length) under its two-deletion strings; only keys of six
    characters or more: of a shorter key, too little is left to pass the cutoff."""
    bucket: _Bucket = {}
    for key in keys:
        n = len(key)
        if n < 6:
            continue
        pairs = {key[:i] + key[i + 1 : j] + key[j + 1 :] for i in range(n) for j in range(i + 1, n)}
        for v in pairs:
            _add(bucket, v, key)
    return bucket


class NearIndex:
    """The near misses among a fixed set of keys (one unit list's folded names)."""

    __slots__ = ("_by_length", "_far", "_longest", "_near")

    def __init__(self, keys: Iterable[str]) -> None:
        by_length: dict[int, list[str]] = {}
        for k in keys:
            by_length.setdefault(len(k), []).append(k)
        self._by_length = by_length
        self._longest = max(by_length, default=0)
        # built on demand; two threads may both build one part: the same result
        self._near: dict[int, _Bucket] = {}
        self._far: dict[int, _Bucket] = {}

    def _part(self, parts: dict[int, _Bucket], length: int, far: bool) -> _Bucket | None:
        bucket = parts.get(length)
        if bucket is None:
            keys = self._by_length.get(length)
            if keys is None:
                return None
            bucket = parts.setdefault(length, (_build_far if far else _build_near)(keys))
        return bucket

    def built_lengths(self) -> list[int]:
        """The key lengths whose part of the index exists (for tests and measurements)."""
        return sorted(set(self._near) | set(self._far))

    def _collect(
        self, variants: set[str], lq: int, m: int, length: int, far: bool, found: dict[str, int]
    ) -> None:
        """Record the keys of ``length`` characters that share a variant (all of length
        ``m``) with the query of ``lq``: a common subsequence of ``m`` characters."""
        if 2 * m < CUTOFF * (lq + length):
            return  # no key of this length can pass the cutoff
        bucket = self._part(self._far if far else self._near, length, far)
        if bucket is None:
            return
        for v in bucket.keys() & variants:  # the lookups run in C
            hit = bucket[v]
            if hit.__class__ is str:
                if found.get(hit, -1) < m:
                    found[hit] = m
                continue
            for key in hit:
                if found.get(key, -1) < m:
                    found[key] = m

    def near(self, query: str, accept: Callable[[str], bool]) -> list[tuple[str, float]]:
        """The keys within edit distance 2 of ``query`` that pass the cutoff and that
        ``accept`` takes, with their similarity: those that start with the query's
        letter first, each group most similar first (ties: the larger key first).
        :func:`difflib_order` puts the first group in difflib's order.

        Keys two edits away are looked for only when they might rank above the best
        key one edit away that starts with the query's letter (difflib's ratio decides,
        as it would have), so a single typo costs a handful of lookups.
        """
        lq = len(query)
        if lq == 0 or lq > self._longest + _MAX_DELETIONS:
            return []
        found: dict[str, int] = {}
        v0 = {query}
        d1 = _deletions(query)
        # one edit: (deletions from the query, from the key) in (0,0) (0,1) (1,0) (1,1)
        self._collect(v0, lq, lq, lq, False, found)
        self._collect(v0, lq, lq, lq + 1, False, found)
        self._collect(d1, lq, lq - 1, lq - 1, False, found)
        self._collect(d1, lq, lq - 1, lq, False, found)
        keys = self._passing(query, found, accept)
        best = _best_alike(query, keys)
        # two edits: (0,2) reaches lq/(lq+1), (2,0) (lq-2)/(lq-1), (1,2) 2(lq-1)/(2lq+1),
        # the others less
        if best <= lq / (lq + 1):
            before = len(found)
            self._collect(v0, lq, lq, lq + 2, True, found)
            if lq < 3 or best <= max((lq - 2) / (lq - 1), 2 * (lq - 1) / (2 * lq + 1)):
                self._collect(d1, lq, lq - 1, lq + 1, True, found)
                d2: set[str] = set()
                for v in d1:
                    d2 |= _deletions(v)
                for length, far in ((lq - 2, False), (lq - 1, False), (lq, True)):
                    self._collect(d2, lq, lq - 2, length, far, found)
            if len(found) != before:
                keys = self._passing(query, found, accept)
        if len(keys) > 1:
            first = query[0]
            keys.sort(key=lambda kr: (kr[0][0] == first, kr[1], kr[0]), reverse=True)
        return keys

    @staticmethod
    def _passing(
        query: str, found: dict[str, int], accept: Callable[[str], bool]
    ) -> list[tuple[str, float]]:
        lq = len(query)
        out = []
        for k, m in found.items():
            r = 2 * m / (lq + len(k))
            if r >= CUTOFF and accept(k):
                out.append((k, r))
        return out


def _best_alike(query: str, keys: list[tuple[str, float]]) -> float:
    """difflib's ratio of the most similar key one edit away that starts with the
    query's letter (0 when there is none).

    For one edit, difflib's matching blocks are the longest common subsequence unless
    one string repeats itself ("tien tien" against "tie ntien": difflib matches one
    "tien"; "nenh" against "nhnh"); only when the key or the query has a repeated pair
    of characters is difflib asked (checked for every one-edit spelling of every key
    of the embedded lists: no other case differs).
    """
    best = 0.0
    asked = None
    repeats = _repeats(query)
    for k, r in keys:
        if k[0] != query[0] or r <= best:
            continue
        if repeats or _repeats(k):
            if asked is None:
                import difflib

                asked = difflib.SequenceMatcher()
                asked.set_seq2(query)
            asked.set_seq1(k)
            r = asked.ratio()
        best = max(best, r)
    return best


def _repeats(key: str) -> bool:
    """Whether two characters follow each other twice in ``key``."""
    pairs = {key[i : i + 2] for i in range(len(key) - 1)}
    return len(pairs) < len(key) - 1


def difflib_order(query: str, keys: list[tuple[str, float]]) -> list[tuple[str, float]]:
    """:meth:`NearIndex.near`'s answer with the keys that start with the query's letter
    in the order of :func:`difflib.get_close_matches` (its ratio, then the larger key).

    The similarity :meth:`~NearIndex.near` computes is difflib's measure with the
    longest common subsequence for difflib's matching blocks; difflib's blocks can be
    shorter ("tien tien" against "tie ntien"), so where a list is cut, it is cut in
    difflib's order: the first key difflib would suggest is always kept.
    """
    same = [kr for kr in keys if kr[0][0] == query[0]]
    if len(same) < 2:
        return keys
    import difflib

    s = difflib.SequenceMatcher()
    s.set_seq2(query)
    scored = []
    for k, r in same:
        s.set_seq1(k)
        scored.append((s.ratio(), k, r))
    scored.sort(reverse=True)
    return [(k, r) for _d, k, r in scored] + keys[len(same) :]
