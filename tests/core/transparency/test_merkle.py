"""The Merkle tree conforms to RFC 9162 §2.1: published vectors, an independent implementation, mutated proofs.

The vectors are the RFC 6962 ones every certificate-transparency
implementation tests against (transparency-dev/merkle, testonly/constants.go
and proof/verify_test.go), transcribed as data.
"""

from __future__ import annotations

import hashlib

import pymerkle
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from homeward_core.transparency.merkle import (
    EMPTY_ROOT,
    MerkleTree,
    ProofInvalid,
    consistency_ranges,
    inclusion_ranges,
    leaf_hash,
    verify_consistency,
    verify_inclusion,
)

LEAF_INPUTS = [bytes.fromhex(x) for x in (
    "", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f",
)]
# Root of the tree of the first n inputs, for n = 0 … 8.
ROOTS = [bytes.fromhex(x) for x in (
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
)]
# Every complete subtree of the 8-leaf tree, by level.
NODES = [[bytes.fromhex(x) for x in level] for level in (
    ("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
     "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
     "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
     "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
     "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
     "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
     "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
     "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1"),
    ("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
     "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
     "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
     "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"),
    ("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
     "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"),
    ("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",),
)]
# (leaf index, tree size, proof)
INCLUSION = [
    (0, 8, ("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")),
    (5, 8, ("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")),
    (2, 3, ("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",)),
    (1, 5, ("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")),
]
# (old size, new size, proof)
CONSISTENCY = [
    (1, 8, ("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")),
    (6, 8, ("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")),
    (2, 5, ("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")),
    (6, 7, ("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")),
]
SOME_HASH = bytes.fromhex("abacaba000000000000000000000000000000000000000000060061e00123456")


def vector_tree(size: int = 8) -> MerkleTree:
    tree = MerkleTree()
    tree.extend(LEAF_INPUTS[:size])
    return tree


def test_the_roots_of_every_size_match_the_published_vectors():
    tree = MerkleTree()
    assert tree.root() == EMPTY_ROOT == ROOTS[0]
    for size, data in enumerate(LEAF_INPUTS, start=1):
        tree.append(data)
        assert tree.root() == ROOTS[size]
    assert [tree.root(size) for size in range(9)] == ROOTS


def test_every_complete_subtree_matches_the_published_nodes():
    tree = vector_tree()
    for level, hashes in enumerate(NODES):
        assert [tree.node(level, index) for index in range(len(hashes))] == hashes


@pytest.mark.parametrize(("index", "size", "proof"), INCLUSION)
def test_inclusion_proofs_match_the_published_vectors_and_verify(index, size, proof):
    expected = [bytes.fromhex(p) for p in proof]
    assert vector_tree(size).inclusion_proof(index) == expected
    verify_inclusion(index, size, leaf_hash(LEAF_INPUTS[index]), expected, ROOTS[size])


@pytest.mark.parametrize(("old", "new", "proof"), CONSISTENCY)
def test_consistency_proofs_match_the_published_vectors_and_verify(old, new, proof):
    expected = [bytes.fromhex(p) for p in proof]
    assert vector_tree(new).consistency_proof(old) == expected
    verify_consistency(old, new, ROOTS[old], ROOTS[new], expected)


def test_trivial_consistency_is_accepted_and_a_different_root_for_one_size_is_a_split_view():
    verify_consistency(0, 5, EMPTY_ROOT, ROOTS[5], [])
    verify_consistency(3, 3, ROOTS[3], ROOTS[3], [])
    with pytest.raises(ProofInvalid, match="split view"):
        verify_consistency(3, 3, ROOTS[3], ROOTS[4], [])
    with pytest.raises(ProofInvalid, match="shrunk"):
        verify_consistency(4, 3, ROOTS[4], ROOTS[3], [])


def inclusion_mutations(index: int, size: int, proof: list[bytes], root: bytes, leaf: bytes):
    """Every way a forged inclusion proof can differ from a genuine one (as in the CT verifier tests).

    Not "size + 1": for a leaf in the left, complete part of the tree the path
    has the same shape in trees one larger, and RFC 9162 verification does
    not (and need not) tell them apart, because the size and root come
    together from a signed checkpoint and the root still is that size's root.
    """
    yield "index - 1", (index - 1, size, leaf, proof, root)
    yield "index + 1", (index + 1, size, leaf, proof, root)
    yield "index ^ 2", (index ^ 2, size, leaf, proof, root)
    yield "size * 2", (index, size * 2, leaf, proof, root)
    yield "size // 2", (index, size // 2, leaf, proof, root)
    yield "wrong leaf", (index, size, leaf_hash(b"wrong leaf"), proof, root)
    yield "empty root", (index, size, leaf, proof, EMPTY_ROOT)
    yield "random root", (index, size, leaf, proof, SOME_HASH)
    yield "trailing garbage", (index, size, leaf, [*proof, b""], root)
    yield "trailing root", (index, size, leaf, [*proof, root], root)
    yield "preceding garbage", (index, size, leaf, [b"", *proof], root)
    yield "preceding root", (index, size, leaf, [root, *proof], root)
    if proof:
        yield "truncated", (index, size, leaf, proof[:-1], root)
        yield "first element dropped", (index, size, leaf, proof[1:], root)
    if len(proof) > 1:
        yield "inserted element", (index, size, leaf, [proof[0], SOME_HASH, *proof[1:]], root)
        yield "swapped elements", (index, size, leaf, [proof[1], proof[0], *proof[2:]], root)
    for position in range(len(proof)):
        for bit in (0, 3, 255):
            flipped = bytearray(proof[position])
            flipped[bit // 8] ^= 1 << (bit % 8)
            yield f"bit {bit} of element {position}", (index, size, leaf,
                                                       [*proof[:position], bytes(flipped), *proof[position + 1:]], root)
        yield f"element {position} shortened", (index, size, leaf,
                                                [*proof[:position], proof[position][:31], *proof[position + 1:]], root)


def consistency_mutations(old: int, new: int, old_root: bytes, new_root: bytes, proof: list[bytes]):
    yield "old - 1", (old - 1, new, old_root, new_root, proof)
    yield "old + 1", (old + 1, new, old_root, new_root, proof)
    yield "old ^ 2", (old ^ 2, new, old_root, new_root, proof)
    yield "new * 2", (old, new * 2, old_root, new_root, proof)
    yield "new // 2", (old, new // 2, old_root, new_root, proof)
    yield "wrong old root", (old, new, SOME_HASH, new_root, proof)
    yield "wrong new root", (old, new, old_root, SOME_HASH, proof)
    yield "swapped roots", (old, new, new_root, old_root, proof)
    yield "empty proof", (old, new, old_root, new_root, [])
    yield "trailing garbage", (old, new, old_root, new_root, [*proof, b""])
    yield "trailing old root", (old, new, old_root, new_root, [*proof, old_root])
    yield "trailing new root", (old, new, old_root, new_root, [*proof, new_root])
    yield "preceding garbage", (old, new, old_root, new_root, [b"", *proof])
    yield "preceding old root", (old, new, old_root, new_root, [old_root, *proof])
    yield "preceding new root", (old, new, old_root, new_root, [new_root, *proof])
    yield "preceding first element", (old, new, old_root, new_root, [proof[0], *proof])
    yield "truncated", (old, new, old_root, new_root, proof[:-1])
    if len(proof) > 1:
        yield "swapped elements", (old, new, old_root, new_root, [proof[1], proof[0], *proof[2:]])
        yield "first element dropped", (old, new, old_root, new_root, proof[1:])
    for position in range(len(proof)):
        for bit in (0, 4, 255):
            flipped = bytearray(proof[position])
            flipped[bit // 8] ^= 1 << (bit % 8)
            yield f"bit {bit} of element {position}", (old, new, old_root, new_root,
                                                       [*proof[:position], bytes(flipped), *proof[position + 1:]])


def accepted_inclusion_mutations(tree: MerkleTree, index: int, size: int) -> list[str]:
    proof, root, leaf = tree.inclusion_proof(index, size), tree.root(size), tree.node(0, index)
    verify_inclusion(index, size, leaf, proof, root)
    accepted = []
    for name, args in inclusion_mutations(index, size, proof, root, leaf):
        try:
            verify_inclusion(*args)
        except ProofInvalid:
            continue
        accepted.append(name)
    return accepted


def accepted_consistency_mutations(tree: MerkleTree, old: int, new: int) -> list[str]:
    proof = tree.consistency_proof(old, new)
    old_root, new_root = tree.root(old), tree.root(new)
    verify_consistency(old, new, old_root, new_root, proof)
    accepted = []
    for name, args in consistency_mutations(old, new, old_root, new_root, proof):
        try:
            verify_consistency(*args)
        except ProofInvalid:
            continue
        accepted.append(name)
    return accepted


def test_no_mutated_proof_is_accepted_for_any_leaf_or_pair_of_sizes_up_to_40():
    tree = MerkleTree()
    tree.extend(i.to_bytes(4, "big") for i in range(40))
    mutations = 0
    for size in range(1, 41):
        for index in range(size):
            assert accepted_inclusion_mutations(tree, index, size) == []
            mutations += 1
        for old in range(1, size):
            assert accepted_consistency_mutations(tree, old, size) == []
    assert mutations == 820


@settings(max_examples=300, deadline=None)
@given(st.lists(st.binary(max_size=24), min_size=1, max_size=300), st.data())
def test_roots_and_proofs_agree_with_pymerkle_on_random_trees(leaves, data):
    ours = MerkleTree()
    ours.extend(leaves)
    theirs = pymerkle.InmemoryTree(algorithm="sha256")
    for entry in leaves:
        theirs.append_entry(entry)
    size = len(leaves)
    small = data.draw(st.integers(1, size))
    index = data.draw(st.integers(0, size - 1))
    assert ours.root() == theirs.get_root(size)
    assert ours.root(small) == theirs.get_root(small)
    # pymerkle's path starts with the leaf itself; the rest is the RFC 9162 audit path.
    their_path = theirs.prove_inclusion(index + 1, size).serialize()["path"]
    assert [p.hex() for p in ours.inclusion_proof(index)] == their_path[1:]
    verify_inclusion(index, size, leaf_hash(leaves[index]), ours.inclusion_proof(index), theirs.get_root(size))
    verify_consistency(small, size, theirs.get_root(small), theirs.get_root(size), ours.consistency_proof(small))
    pymerkle.verify_consistency(theirs.get_root(small), theirs.get_root(size), theirs.prove_consistency(small, size))


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 5000), st.data())
def test_a_mutated_proof_is_refused_in_trees_of_any_size(size, data):
    tree = MerkleTree()
    tree.extend(i.to_bytes(4, "big") for i in range(size))
    assert accepted_inclusion_mutations(tree, data.draw(st.integers(0, size - 1)), size) == []
    if size > 1:
        assert accepted_consistency_mutations(tree, data.draw(st.integers(1, size - 1)), size) == []


def test_proof_ranges_are_the_rfc_9162_recursion():
    # PATH(m, D[n]) for the 7-leaf tree of RFC 9162 §2.1.5: leaf d0 needs b, h, l (ranges 1, 2–3, 4–6).
    assert inclusion_ranges(0, 7) == [(1, 2), (2, 4), (4, 7)]
    # PROOF(3, D[7]) = [c, d, g, l]; PROOF(4, D[7]) = [l]; PROOF(6, D[7]) = [i, j, k].
    assert consistency_ranges(3, 7) == [(2, 3), (3, 4), (0, 2), (4, 7)]
    assert consistency_ranges(4, 7) == [(4, 7)]
    assert consistency_ranges(6, 7) == [(4, 6), (6, 7), (0, 4)]


def test_a_leaf_outside_the_tree_or_a_wrong_length_hash_is_refused():
    tree = vector_tree()
    with pytest.raises(ValueError):
        tree.inclusion_proof(8)
    with pytest.raises(ProofInvalid, match="32-byte"):
        verify_inclusion(0, 8, hashlib.sha1(b"").digest(), tree.inclusion_proof(0), ROOTS[8])
    with pytest.raises(ProofInvalid, match="outside"):
        verify_inclusion(8, 8, leaf_hash(b""), [], ROOTS[8])


@settings(max_examples=50, deadline=None)
@given(st.lists(st.binary(max_size=8), max_size=600), st.integers(1, 64))
def test_batched_appends_store_the_same_nodes_as_single_appends(leaves, batch):
    single, batched = MerkleTree(), MerkleTree()
    for data in leaves:
        single.append(data)
    for start in range(0, len(leaves), batch):
        batched.extend(leaves[start:start + batch])
    assert batched.size == single.size
    for level in range(12):
        for index in range(single.size >> level):
            assert batched.node(level, index) == single.node(level, index)
    assert batched.root() == single.root()
