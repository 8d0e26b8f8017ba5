"""The Merkle tree of the transparency log, exactly as RFC 9162 §2.1 defines it.

Leaves are hashed as SHA-256(0x00 ‖ data) and interior nodes as
SHA-256(0x01 ‖ left ‖ right) (RFC 6962 hashing), so a party can check any
proof with any conforming implementation, not only ours.

Proofs are described as lists of *ranges* of leaves [lo, hi): each proof
element is the Merkle tree hash of one range. A range always decomposes
into at most log2(n) *complete aligned subtrees* (a node at ``level`` k and
``index`` i covers leaves [i·2^k, (i+1)·2^k)), and those are exactly what a
store keeps, so every tree head and every proof costs O(log n) node reads
whatever the tree's size. The same functions serve the in-memory tree below
and the database-backed tree of the audit app: a store only has to answer
``node(level, index)``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence

HASH_SIZE = 32
EMPTY_ROOT = hashlib.sha256(b"").digest()

NodeReader = Callable[[int, int], bytes]


class ProofInvalid(ValueError):
    """A proof that does not prove what it claims: every verification failure raises this."""


def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def _split(size: int) -> int:
    """The largest power of two strictly smaller than ``size`` (size ≥ 2): RFC 9162's k."""
    return 1 << ((size - 1).bit_length() - 1)


def range_nodes(lo: int, hi: int) -> list[tuple[int, int]]:
    """The complete aligned subtrees whose hashes make up MTH(D[lo:hi]), left to right.

    Only ranges that RFC 9162's recursion produces are valid here: ``lo`` is a
    multiple of the largest power of two not above ``hi - lo``.
    """
    nodes: list[tuple[int, int]] = []
    while hi - lo > 0:
        size = hi - lo
        if size & (size - 1) == 0:  # a power of two: one complete subtree
            level = size.bit_length() - 1
            nodes.append((level, lo >> level))
            break
        k = _split(size)
        level = k.bit_length() - 1
        nodes.append((level, lo >> level))
        lo += k
    return nodes


def range_hash(lo: int, hi: int, node: NodeReader) -> bytes:
    """MTH(D[lo:hi]) from the stored complete subtrees (folded right to left)."""
    if hi <= lo:
        return EMPTY_ROOT
    parts = [node(level, index) for level, index in range_nodes(lo, hi)]
    result = parts[-1]
    for part in reversed(parts[:-1]):
        result = node_hash(part, result)
    return result


def inclusion_ranges(index: int, size: int) -> list[tuple[int, int]]:
    """RFC 9162 §2.1.3.1 PATH(m, D[n]) as leaf ranges, in proof order (nearest the leaf first)."""
    if not 0 <= index < size:
        raise ValueError(f"leaf {index} is not in a tree of size {size}")
    ranges: list[tuple[int, int]] = []
    lo, hi = 0, size
    while hi - lo > 1:
        k = _split(hi - lo)
        if index < lo + k:
            ranges.append((lo + k, hi))
            hi = lo + k
        else:
            ranges.append((lo, lo + k))
            lo += k
    ranges.reverse()
    return ranges


def consistency_ranges(old_size: int, new_size: int) -> list[tuple[int, int]]:
    """RFC 9162 §2.1.4.1 PROOF(m, D[n]) = SUBPROOF(m, D[n], true) as leaf ranges, in proof order."""
    if not 0 < old_size <= new_size:
        raise ValueError(f"no consistency proof from size {old_size} to size {new_size}")
    ranges: list[tuple[int, int]] = []
    lo, hi, m, complete = 0, new_size, old_size, True
    while True:
        size = hi - lo
        if m == size:
            if not complete:
                ranges.append((lo, hi))
            break
        k = _split(size)
        if m <= k:
            ranges.append((lo + k, hi))
            hi = lo + k
        else:
            ranges.append((lo, lo + k))
            lo, m, complete = lo + k, m - k, False
    ranges.reverse()
    return ranges


def tree_head(size: int, node: NodeReader) -> bytes:
    return range_hash(0, size, node)


def inclusion_proof(index: int, size: int, node: NodeReader) -> list[bytes]:
    return [range_hash(lo, hi, node) for lo, hi in inclusion_ranges(index, size)]


def consistency_proof(old_size: int, new_size: int, node: NodeReader) -> list[bytes]:
    return [range_hash(lo, hi, node) for lo, hi in consistency_ranges(old_size, new_size)]


def proof_nodes(ranges: Iterable[tuple[int, int]]) -> set[tuple[int, int]]:
    """Every stored node a proof needs, so a database store can fetch them in one query."""
    return {node for lo, hi in ranges for node in range_nodes(lo, hi)}


def _check_hash(value: bytes, what: str) -> None:
    if not isinstance(value, bytes) or len(value) != HASH_SIZE:
        raise ProofInvalid(f"{what} is not a {HASH_SIZE}-byte hash")


def root_from_inclusion_proof(index: int, size: int, leaf: bytes, proof: Sequence[bytes]) -> bytes:
    """RFC 9162 §2.1.3.2: the root that ``proof`` leads to from the leaf hash at ``index``."""
    if not 0 <= index < size:
        raise ProofInvalid(f"leaf index {index} is outside a tree of size {size}")
    _check_hash(leaf, "the leaf hash")
    fn, sn, r = index, size - 1, leaf
    for position, p in enumerate(proof):
        _check_hash(p, f"proof element {position}")
        if sn == 0:
            raise ProofInvalid("the proof is longer than the path from this leaf to the root")
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while fn & 1 == 0 and fn != 0:
                    fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    if sn != 0:
        raise ProofInvalid("the proof is shorter than the path from this leaf to the root")
    return r


def verify_inclusion(index: int, size: int, leaf: bytes, proof: Sequence[bytes], root: bytes) -> None:
    """Raise ProofInvalid unless the leaf hash is at ``index`` of the tree with this root and size."""
    _check_hash(root, "the root")
    if root_from_inclusion_proof(index, size, leaf, proof) != root:
        raise ProofInvalid(f"the inclusion proof of leaf {index} does not lead to the root of size {size}")


def verify_consistency(old_size: int, new_size: int, old_root: bytes, new_root: bytes,
                       proof: Sequence[bytes]) -> None:
    """RFC 9162 §2.1.4.2: raise ProofInvalid unless the tree of ``new_size`` extends the one of ``old_size``."""
    _check_hash(old_root, "the old root")
    _check_hash(new_root, "the new root")
    if old_size < 0 or new_size < old_size:
        raise ProofInvalid(f"size {new_size} cannot follow size {old_size}: the log would have shrunk")
    if old_size == new_size:
        if proof:
            raise ProofInvalid("a proof between equal sizes must be empty")
        if old_root != new_root:
            raise ProofInvalid(f"two different roots for one size {old_size}: a split view")
        return
    if old_size == 0:
        if proof:
            raise ProofInvalid("a proof from the empty tree must be empty")
        return
    if not proof:
        raise ProofInvalid("the consistency proof is empty")
    for position, p in enumerate(proof):
        _check_hash(p, f"proof element {position}")
    path = list(proof)
    if old_size & (old_size - 1) == 0:  # the old tree is a complete subtree: its root starts the path
        path.insert(0, old_root)
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            raise ProofInvalid("the consistency proof is longer than it can be")
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            if not fn & 1:
                while fn & 1 == 0 and fn != 0:
                    fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    if sn != 0:
        raise ProofInvalid("the consistency proof is shorter than it must be")
    if fr != old_root:
        raise ProofInvalid(f"the consistency proof does not lead to the old root of size {old_size}")
    if sr != new_root:
        raise ProofInvalid(f"the consistency proof does not lead to the new root of size {new_size}")


class MerkleTree:
    """An append-only tree in memory that keeps every complete subtree.

    Level k is one bytearray of 32-byte hashes, so a million leaves take
    about 64 MB and appends cost one leaf hash plus, on average, one node
    hash. The offline verifier and the benchmark use it; the audit app keeps
    the same nodes in a table.
    """

    def __init__(self) -> None:
        self._levels: list[bytearray] = [bytearray()]

    @property
    def size(self) -> int:
        return len(self._levels[0]) // HASH_SIZE

    def node(self, level: int, index: int) -> bytes:
        if level >= len(self._levels):
            raise KeyError((level, index))
        start = index * HASH_SIZE
        value = bytes(self._levels[level][start:start + HASH_SIZE])
        if len(value) != HASH_SIZE:
            raise KeyError((level, index))
        return value

    def append(self, data: bytes) -> int:
        """Append one leaf's data; its index is returned."""
        return self.append_hash(leaf_hash(data))

    def append_hash(self, hashed: bytes) -> int:
        """Append a leaf already hashed (RFC 6962 leaf hash); its index is returned."""
        index = self.size
        for level, parent_hash in enumerate(new_nodes(index, hashed, self.node)):
            if level == len(self._levels):
                self._levels.append(bytearray())
            self._levels[level] += parent_hash
        return index

    def extend(self, items: Iterable[bytes]) -> None:
        """Append many leaves' data in order: the batched path, the same nodes as append() one by one.

        A level whose node count becomes even has just completed a parent:
        the hash of its last two nodes, appended one level up.
        """
        levels, sha256 = self._levels, hashlib.sha256
        for data in items:
            current, level = sha256(b"\x00" + data).digest(), 0
            while True:
                row = levels[level]
                row += current
                if len(row) & 32:  # an odd number of 32-byte nodes: no new parent
                    break
                current = sha256(b"\x01" + row[-64:]).digest()
                level += 1
                if level == len(levels):
                    levels.append(bytearray())

    def root(self, size: int | None = None) -> bytes:
        return tree_head(self.size if size is None else self._checked(size), self.node)

    def inclusion_proof(self, index: int, size: int | None = None) -> list[bytes]:
        return inclusion_proof(index, self.size if size is None else self._checked(size), self.node)

    def consistency_proof(self, old_size: int, new_size: int | None = None) -> list[bytes]:
        return consistency_proof(old_size, self.size if new_size is None else self._checked(new_size), self.node)

    def _checked(self, size: int) -> int:
        if not 0 <= size <= self.size:
            raise ValueError(f"the tree has {self.size} leaves, not {size}")
        return size


def new_nodes(index: int, hashed: bytes, node: NodeReader) -> list[bytes]:
    """The hashes a new leaf at ``index`` creates, by level: the leaf, then each subtree it completes.

    Level k gains a node whenever the leaf completes a subtree of 2^k leaves,
    which needs the left sibling at each level below: at most log2(n) reads,
    one on average.
    """
    created, current, position, level = [hashed], hashed, index, 0
    while position & 1:
        current = node_hash(node(level, position - 1), current)
        created.append(current)
        position >>= 1
        level += 1
    return created


def new_node_siblings(index: int) -> list[tuple[int, int]]:
    """The stored nodes :func:`new_nodes` reads for a leaf at ``index``, for a store to fetch in one query."""
    needed, position, level = [], index, 0
    while position & 1:
        needed.append((level, position - 1))
        position >>= 1
        level += 1
    return needed
