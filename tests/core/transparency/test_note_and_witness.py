"""Signed notes match the reference implementation byte for byte; witnesses refuse rollbacks and split views."""

from __future__ import annotations

import base64

import pytest

from homeward_core.transparency import note as notes
from homeward_core.transparency.merkle import MerkleTree
from homeward_core.transparency.signing import new_private_key
from homeward_core.transparency.witness import WitnessRefused, WitnessState, witness_cosign

# The example key and note of the signed-note reference implementation (golang.org/x/mod/sumdb/note tests).
VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
SEED = base64.b64decode("AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz")[1:]
TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n"
SIGNATURE = ("\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotp"
             "RZb6KE6RyyBwJnAM=\n")

ORIGIN = "log.example/test"
LOG_KEY = new_private_key()
LOG = notes.Verifier(ORIGIN, notes.ED25519, notes.public_key_of(LOG_KEY))
WITNESS_KEY = new_private_key()


def test_the_reference_note_is_reproduced_and_verifies():
    verifier = notes.parse_vkey(VKEY)
    assert verifier.public_key == notes.public_key_of(SEED)
    assert verifier.vkey() == VKEY
    assert notes.sign_note(TEXT, "PeterNeumann", SEED).line() == SIGNATURE
    note = notes.parse_note(TEXT + "\n" + SIGNATURE)
    assert notes.verified_signers(note, [verifier]) == [verifier]
    changed = notes.parse_note(TEXT.replace("cryptography", "cryptographY") + "\n" + SIGNATURE)
    with pytest.raises(notes.NoteInvalid, match="does not verify"):
        notes.verified_signers(changed, [verifier])


@pytest.mark.parametrize("vkey", [VKEY[:-1], VKEY.replace("c74f20a3", "c74f20a4"), "PeterNeumann+c74f20a3",
                                  VKEY.replace("+ARpc", "+AhRpc"), "Peter Neumann+c74f20a3+ARpc2Q"])
def test_a_mangled_verifier_key_is_refused(vkey):
    with pytest.raises(notes.NoteInvalid):
        notes.parse_vkey(vkey)


@pytest.mark.parametrize("message", [
    TEXT + SIGNATURE,  # no blank line
    TEXT + "\n",  # no signatures
    TEXT + "\n" + SIGNATURE.replace("\u2014", "-"),  # not an em dash
    TEXT + "\n" + SIGNATURE[:-1],  # no final newline
    TEXT + "\n" + SIGNATURE.replace("x08go", "x08g*"),  # not base64
    TEXT + "\n\u2014 PeterNeumann AAAA\n",  # too short
    TEXT.replace("\n", "\r\n", 1) + "\n" + SIGNATURE,  # a control character
])
def test_a_malformed_note_is_refused(message):
    with pytest.raises(notes.NoteInvalid):
        notes.verified_signers(notes.parse_note(message), [notes.parse_vkey(VKEY)])


def test_an_unknown_signer_is_ignored_but_a_duplicate_known_signer_is_refused():
    other = notes.sign_note(TEXT, "Stranger", new_private_key())
    verifier = notes.parse_vkey(VKEY)
    assert notes.verified_signers(notes.parse_note(TEXT + "\n" + other.line() + SIGNATURE), [verifier]) == [verifier]
    with pytest.raises(notes.NoteInvalid, match="twice"):
        notes.verified_signers(notes.parse_note(TEXT + "\n" + SIGNATURE + SIGNATURE), [verifier])


def checkpoint_note(tree: MerkleTree, size: int | None = None, origin: str = ORIGIN, key: bytes = LOG_KEY) -> str:
    text = notes.Checkpoint(origin, tree.size if size is None else size, tree.root(size)).text()
    return notes.Note(text, (notes.sign_note(text, origin, key),)).serialise()


def test_a_checkpoint_is_three_lines_and_its_cosignature_follows_tlog_cosignature_v1():
    tree = MerkleTree()
    tree.extend([b"a", b"b", b"c"])
    message = checkpoint_note(tree)
    checkpoint, _ = notes.open_checkpoint(message, LOG, ORIGIN)
    assert checkpoint.text() == f"{ORIGIN}\n3\n{base64.b64encode(tree.root()).decode()}\n"
    line = notes.cosign(checkpoint.text(), "w.example", WITNESS_KEY, 1_700_000_000)
    witness = notes.Verifier("w.example", notes.COSIGNATURE_V1, notes.public_key_of(WITNESS_KEY))
    assert line.key_id == notes.key_id("w.example", 0x04, witness.public_key)
    assert line.signature[:8] == (1_700_000_000).to_bytes(8, "big")
    notes.verify_signature(checkpoint.text(), line, witness)
    with pytest.raises(notes.NoteInvalid):  # a cosignature is not a log signature, nor the reverse
        notes.verify_signature(checkpoint.text(), line, notes.Verifier("w.example", notes.ED25519, witness.public_key))


@pytest.mark.parametrize("text", [f"{ORIGIN}\n03\n{'A' * 43}=\n", f"{ORIGIN}\n3\n{'A' * 43}=\next\n",
                                  f"{ORIGIN}\n-3\n{'A' * 43}=\n", f"{ORIGIN}\n3\n{'A' * 42}==\n", "\n3\nAAAA\n"])
def test_a_malformed_checkpoint_is_refused(text):
    with pytest.raises(notes.NoteInvalid):
        notes.parse_checkpoint(text)


def fresh_witness() -> WitnessState:
    return WitnessState("w.example", ORIGIN, LOG.vkey())


def grown(size: int) -> MerkleTree:
    tree = MerkleTree()
    tree.extend(str(i).encode() for i in range(size))
    return tree


def test_a_witness_cosigns_only_an_append_only_history():
    tree = grown(10)
    line, state = witness_cosign(fresh_witness(), checkpoint_note(tree, 5), [], WITNESS_KEY, 1)
    assert (state.size, state.root) == (5, tree.root(5))
    line, state = witness_cosign(state, checkpoint_note(tree), tree.consistency_proof(5), WITNESS_KEY, 2)
    assert state.size == 10 and state.checkpoint.endswith(line.line())
    _, same = witness_cosign(state, checkpoint_note(tree), [], WITNESS_KEY, 3)  # the same size again is fine
    assert same.size == 10


def test_a_witness_refuses_a_rollback_a_split_view_and_a_bad_proof():
    tree = grown(10)
    _, state = witness_cosign(fresh_witness(), checkpoint_note(tree, 8), [], WITNESS_KEY, 1)
    with pytest.raises(WitnessRefused, match="rollback"):
        witness_cosign(state, checkpoint_note(tree, 6), [], WITNESS_KEY, 2)
    forked = grown(7)
    forked.append(b"rewritten")
    with pytest.raises(WitnessRefused, match="split view"):
        witness_cosign(state, checkpoint_note(forked), [], WITNESS_KEY, 2)
    forked.extend([b"x", b"y"])
    with pytest.raises(WitnessRefused, match="not consistent"):
        witness_cosign(state, checkpoint_note(forked), forked.consistency_proof(8), WITNESS_KEY, 2)
    with pytest.raises(WitnessRefused, match="not consistent"):
        witness_cosign(state, checkpoint_note(tree), tree.consistency_proof(7), WITNESS_KEY, 2)


def test_a_witness_refuses_another_logs_checkpoint_or_a_forged_signature():
    tree = grown(4)
    with pytest.raises(WitnessRefused, match="not signed by the log"):
        witness_cosign(fresh_witness(), checkpoint_note(tree, key=new_private_key()), [], WITNESS_KEY, 1)
    other = WitnessState("w.example", "other.example/log", LOG.vkey())
    with pytest.raises(WitnessRefused, match="not signed by the log|is for log"):
        witness_cosign(other, checkpoint_note(tree), [], WITNESS_KEY, 1)
