"""Near misses of a name: a symmetric-delete index over the folded name keys of one list.

Two strings within edit distance 2 become equal after at most two deletions from each
(a substitution is one deletion on each side, a dropped or doubled letter one on one
side, a swap of neighbours one on each side).  So every key is stored under itself and
the strings made by deleting one or two of its characters; a query looks up itself and
its own one- and two-deletion strings.  A hit of a variant of length ``m`` proves a
common subsequence of ``m`` characters; the longest over all hits is the longest common
subsequence (when it is at most two shorter than both strings), which gives difflib's
measure ``2 * M / (len(a) + len(b))`` without a scan.

The index is built per key length, lazily, the first time a query of a nearby length
misses (never at import or when a list is loaded); a query far longer than any key
builds nothing.  Keys that start with the query's letter come first, ranked as
:func:`difflib.get_close_matches` ranks them (ratio, then the larger key); the other
keys (a typo in the first letter, which difflib never looked at) follow.
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


def _build(keys: Iterable[str]) -> _Bucket:
    """Variant → the keys (all of one length) it comes from."""
    bucket: _Bucket = {}
    get = bucket.get
    for key in keys:
        n = len(key)
        variants = _deletions(key)
        variants.add(key)
        # a key that lost two characters still passes the cutoff only when what
        # is left is at least twice as long as what was lost
        if n - 2 >= 2 * _MAX_DELETIONS:
            variants.update(
                [key[:i] + key[i + 1 : j] + key[j + 1 :] for i in range(n) for j in range(i + 1, n)]
            )
        for v in variants:
            cur = get(v)
            if cur is None:
                bucket[v] = key
            elif cur.__class__ is str:
                bucket[v] = (cur, key)
            else:
                bucket[v] = (*cur, key)
    return bucket


class NearIndex:
    """The near misses among a fixed set of keys (one unit list's folded names)."""

    __slots__ = ("_buckets", "_by_length", "_longest")

    def __init__(self, keys: Iterable[str]) -> None:
        by_length: dict[int, list[str]] = {}
        for k in keys:
            by_length.setdefault(len(k), []).append(k)
        self._by_length = by_length
        self._longest = max(by_length, default=0)
        # built on demand; two threads may both build one length: the same result
        self._buckets: dict[int, _Bucket] = {}

    def _bucket(self, length: int) -> _Bucket | None:
        bucket = self._buckets.get(length)
        if bucket is None:
            keys = self._by_length.get(length)
            if keys is None:
                return None
            bucket = self._buckets.setdefault(length, _build(keys))
        return bucket

    def built_lengths(self) -> list[int]:
        """The key lengths whose part of the index exists (for tests and measurements)."""
        return sorted(self._buckets)

    def _collect(self, variants: set[str], m: int, lq: int, found: dict[str, int]) -> None:
        """Record, for every key a variant of the query (all of length ``m``) hits, the
        longest common subsequence proven so far (``m``)."""
        for length in range(m, m + _MAX_DELETIONS + 1):
            # 2m / (lq + length) below the cutoff: no key of this length or longer passes
            if 2 * m < CUTOFF * (lq + length):
                break
            bucket = self._bucket(length)
            if bucket is None:
                continue
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
        :func:`difflib_order` puts the first group in difflib's order."""
        lq = len(query)
        if lq == 0 or lq > self._longest + _MAX_DELETIONS:
            return []
        found: dict[str, int] = {}
        d1 = _deletions(query)
        self._collect({query}, lq, lq, found)
        self._collect(d1, lq - 1, lq, found)
        first = query[0]
        keys = [
            (k, 2 * m / (lq + len(k)))
            for k, m in found.items()
            if 2 * m >= CUTOFF * (lq + len(k)) and accept(k)
        ]
        # two deletions from the query: only needed when no key one edit away starts
        # with the query's letter (such a key ranks above any of them for difflib too)
        if 2 * (lq - 2) >= CUTOFF * (2 * lq - 2) and not any(
            k[0] == first and found[k] >= lq - 1 and found[k] >= len(k) - 1 for k, _r in keys
        ):
            d2: set[str] = set()
            for v in d1:
                d2 |= _deletions(v)
            self._collect(d2, lq - 2, lq, found)
            keys = [
                (k, 2 * m / (lq + len(k)))
                for k, m in found.items()
                if 2 * m >= CUTOFF * (lq + len(k)) and accept(k)
            ]
        if len(keys) > 1:
            keys.sort(key=lambda kr: (kr[0][0] == first, kr[1], kr[0]), reverse=True)
        return keys


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
