"""Duplicates within one list: records joined by scored pairs form clusters (connected components)."""

from __future__ import annotations

from collections.abc import Sequence

from homeward_core.linkage.records import Candidate, Cluster


def connected_clusters(candidates: Sequence[Candidate]) -> list[Cluster]:
    """Each connected group of two or more records, with the pairs inside it; largest first."""
    parent: dict[str, str] = {}

    def root(record_id: str) -> str:
        while parent.setdefault(record_id, record_id) != record_id:
            parent[record_id] = parent[parent[record_id]]
            record_id = parent[record_id]
        return record_id

    for candidate in candidates:
        parent[root(candidate.left_id)] = root(candidate.right_id)
    members: dict[str, list[str]] = {}
    for record_id in parent:
        members.setdefault(root(record_id), []).append(record_id)
    pairs: dict[str, list[Candidate]] = {}
    for candidate in candidates:
        pairs.setdefault(root(candidate.left_id), []).append(candidate)
    clusters = [Cluster(tuple(sorted(ids)), tuple(pairs[key])) for key, ids in members.items()]
    return sorted(clusters, key=lambda cluster: (-len(cluster.record_ids), cluster.record_ids))
