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


def _two_deletions(text: str) -> set[str]:
    """The strings made by deleting two characters of ``text``."""
    n = len(text)
    return {text[:i] + text[i + 1 : j] + text[j + 1 :] for i in range(n) for j in range(i + 1, n)}


def _merge(found: dict[str, int], part: dict[str, int]) -> None:
    """``found`` with the keys of ``part``, each with the longer common subsequence."""
    for key, m in part.items():
        if found.get(key, -1) < m:
            found[key] = m


def _add(bucket: _Bucket, variant: str, key: str) -> None:
    cur = bucket.get(variant)
    if cur is None:
        bucket[variant] = key
    elif cur.__class__ is str:
        if cur != key:
            bucket[variant] = (cur, key)
    elif key not in cur:
        bucket[variant] = (*cur, key)


def _build_near(exact: Iterable[str], longer: Iterable[str]) -> _Bucket:
    """The strings of one length ``m``: each key of ``m`` characters under itself and
    each key of ``m + 1`` under its one-deletion strings."""
    bucket: _Bucket = {}
    for key in exact:
        _add(bucket, key, key)
    for key in longer:
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
        for v in _two_deletions(key):
            _add(bucket, v, key)
    return bucket


class NearIndex:
    """The near misses among a fixed set of keys (one unit list's folded names)."""

    __slots__ = ("_around", "_by_length", "_far", "_keys", "_longest", "_near", "_repeating")

    def __init__(self, keys: Iterable[str]) -> None:
        by_length: dict[int, list[str]] = {}
        for k in keys:
            by_length.setdefault(len(k), []).append(k)
        self._by_length = by_length
        self._longest = max(by_length, default=0)
        # built on demand; two threads may both build one part: the same result.
        # The near part by the length of its strings (keys of that length and keys
        # one longer, less a letter), the far part by the length of its keys
        self._near: dict[int, _Bucket] = {}
        self._far: dict[int, _Bucket] = {}
        #: whether a key repeats a pair of characters (:func:`_repeats`), once asked
        self._repeating: dict[str, bool] = {}
        #: the keys, and for a key that was itself a query (a name written with other
        #: diacritics: its folded key is a name's) what each stage of :meth:`near`
        #: found: the neighbourhood of a name, part of the index once asked (at most
        #: one entry per key, so no input makes it grow)
        self._keys = frozenset(k for ks in by_length.values() for k in ks)
        self._around: dict[str, list[dict[str, int] | None]] = {}

    def _near_part(self, m: int) -> _Bucket:
        bucket = self._near.get(m)
        if bucket is None:
            exact = self._by_length.get(m, ())
            longer = self._by_length.get(m + 1, ())
            bucket = self._near.setdefault(m, _build_near(exact, longer))
        return bucket

    def _far_part(self, length: int) -> _Bucket | None:
        bucket = self._far.get(length)
        if bucket is None:
            keys = self._by_length.get(length)
            if keys is None:
                return None
            bucket = self._far.setdefault(length, _build_far(keys))
        return bucket

    def built_lengths(self) -> list[int]:
        """The key lengths whose part of the index exists (for tests and measurements)."""
        near = {n for m, b in self._near.items() if b for n in (m, m + 1) if n in self._by_length}
        return sorted(near | set(self._far))

    @staticmethod
    def _hits(bucket: _Bucket, variants: set[str], m: int, found: dict[str, int]) -> None:
        """Record the keys of ``bucket`` that share a variant (all of length ``m``) with
        the query: a common subsequence of ``m`` characters."""
        for v in bucket.keys() & variants:  # the lookups run in C
            hit = bucket[v]
            if hit.__class__ is str:
                if found.get(hit, -1) < m:
                    found[hit] = m
                continue
            for key in hit:
                if found.get(key, -1) < m:
                    found[key] = m

    @staticmethod
    def _hit(hit: str | tuple[str, ...] | None, m: int, found: dict[str, int]) -> None:
        """:meth:`_hits` of the one variant that is the query itself."""
        if hit is None:
            return
        for key in (hit,) if hit.__class__ is str else hit:
            if found.get(key, -1) < m:
                found[key] = m

    def _collect_far(
        self, variants: set[str], lq: int, m: int, length: int, found: dict[str, int]
    ) -> None:
        """:meth:`_hits` of the far part of the keys of ``length`` characters, unless no
        key of that length can pass the cutoff."""
        if 2 * m < CUTOFF * (lq + length):
            return
        bucket = self._far_part(length)
        if bucket is not None:
            self._hits(bucket, variants, m, found)

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
        memo = self._around.get(query)
        if memo is None and query in self._keys:
            memo = self._around.setdefault(query, [None, None, None])
        d1: set[str] | None = None
        # one edit: (deletions from the query, from the key) in (0,0) (0,1), then
        # (1,0) (1,1); a key found below the cutoff is dropped by _passing
        part = None if memo is None else memo[0]
        if part is None:
            d1 = _deletions(query)
            part = {}
            self._hit(self._near_part(lq).get(query), lq, part)
            self._hits(self._near_part(lq - 1), d1, lq - 1, part)
            if memo is not None:
                memo[0] = part
        found = dict(part)
        keys = self._passing(query, found, accept)
        best = self._best_alike(query, keys)
        # two edits: (0,2) reaches lq/(lq+1), (2,0) (lq-2)/(lq-1), (1,2) 2(lq-1)/(2lq+1),
        # the others less
        if best <= lq / (lq + 1):
            before = len(found)
            part = None if memo is None else memo[1]
            if part is None:
                part = {}
                if 2 * lq >= CUTOFF * (2 * lq + 2):
                    far = self._far_part(lq + 2)
                    if far is not None:
                        self._hit(far.get(query), lq, part)
                if memo is not None:
                    memo[1] = part
            _merge(found, part)
            if lq < 3 or best <= max((lq - 2) / (lq - 1), 2 * (lq - 1) / (2 * lq + 1)):
                part = None if memo is None else memo[2]
                if part is None:
                    part = self._two_edits(query, _deletions(query) if d1 is None else d1)
                    if memo is not None:
                        memo[2] = part
                _merge(found, part)
            if len(found) != before:
                keys = self._passing(query, found, accept)
        if len(keys) > 1:
            first = query[0]
            keys.sort(key=lambda kr: (kr[0][0] == first, kr[1], kr[0]), reverse=True)
        return keys

    def _two_edits(self, query: str, d1: set[str]) -> dict[str, int]:
        """What the lookups (1,2), (2,0), (2,1) and (2,2) find (see :meth:`near`)."""
        lq = len(query)
        part: dict[str, int] = {}
        self._collect_far(d1, lq, lq - 1, lq + 1, part)
        d2 = _two_deletions(query)
        # (2,0) and (2,1) in the near part, (2,2) in the far part
        if 2 * (lq - 2) >= CUTOFF * (2 * lq - 2):
            self._hits(self._near_part(lq - 2), d2, lq - 2, part)
        self._collect_far(d2, lq, lq - 2, lq, part)
        return part

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

    def _best_alike(self, query: str, keys: list[tuple[str, float]]) -> float:
        """:func:`_best_alike`, with whether a key repeats itself kept per key."""
        return _best_alike(query, keys, self._repeating)


def _best_alike(
    query: str, keys: list[tuple[str, float]], repeating: dict[str, bool] | None = None
) -> float:
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
    repeats: bool | None = None  # the query's, once needed
    first = query[0]
    for k, r in keys:
        if k[0] != first or r <= best:
            continue
        if repeats is None:
            repeats = _repeats(query)
        if repeating is None:
            key_repeats = _repeats(k)
        else:
            key_repeats = repeating.get(k)  # type: ignore[assignment]
            if key_repeats is None:
                key_repeats = repeating[k] = _repeats(k)
        if repeats or key_repeats:
            if asked is None:
                asked = _positions(query)
            r = _difflib_ratio(k, query, asked)
        best = max(best, r)
    return best


def _positions(b: str) -> dict[str, list[int]]:
    """Each character of ``b`` → where it stands (difflib's ``b2j`` without junk)."""
    b2j: dict[str, list[int]] = {}
    for j, ch in enumerate(b):
        b2j.setdefault(ch, []).append(j)
    return b2j


def _difflib_ratio(a: str, b: str, b2j: dict[str, list[int]]) -> float:
    """``difflib.SequenceMatcher(None, a, b).ratio()``, with ``b2j`` the
    :func:`_positions` of ``b``.

    difflib's matching blocks, found as difflib finds them (the longest block, the
    earliest in ``a`` then in ``b`` among equals, then the same left and right of it),
    without the class around them: with no junk and ``b`` shorter than 200 characters
    (difflib's "popular" characters start at 200), difflib's extensions of a block add
    nothing.  Longer strings are asked of difflib itself.
    """
    la, lb = len(a), len(b)
    if lb >= 200:
        import difflib

        return difflib.SequenceMatcher(None, a, b).ratio()
    if not la + lb:
        return 1.0
    matched = 0
    queue = [(0, la, 0, lb)]
    while queue:
        alo, ahi, blo, bhi = queue.pop()
        besti, bestj, bestsize = alo, blo, 0
        j2len: dict[int, int] = {}
        for i in range(alo, ahi):
            newj2len: dict[int, int] = {}
            for j in b2j.get(a[i], ()):
                if j < blo:
                    continue
                if j >= bhi:
                    break
                k = newj2len[j] = j2len.get(j - 1, 0) + 1
                if k > bestsize:
                    besti, bestj, bestsize = i - k + 1, j - k + 1, k
            j2len = newj2len
        if bestsize:
            matched += bestsize
            if alo < besti and blo < bestj:
                queue.append((alo, besti, blo, bestj))
            if besti + bestsize < ahi and bestj + bestsize < bhi:
                queue.append((besti + bestsize, ahi, bestj + bestsize, bhi))
    return 2.0 * matched / (la + lb)


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
    b2j = _positions(query)
    scored = [(_difflib_ratio(k, query, b2j), k, r) for k, r in same]
    scored.sort(reverse=True)
    return [(k, r) for _d, k, r in scored] + keys[len(same) :]
