"""One-to-one assignment of scored pairs between two lists.

A person is on each list at most once, so each left record keeps at most one
right record and the reverse. Pairs form a bipartite graph; in each connected
component the assignment maximising the summed match weight (the joint
log-likelihood ratio of the accepted pairs) is found exactly with the
Hungarian method (scipy's linear_sum_assignment). Most components are a single
pair and are kept as they are.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import linear_sum_assignment
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components


def one_to_one(left: np.ndarray, right: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """A boolean mask over the pairs: the kept ones, each left and right index used at most once.

    ``left`` and ``right`` are integer record indices, ``weight`` the pair's
    gain from being accepted (positive for every pair offered).
    """
    n = len(left)
    keep = np.zeros(n, dtype=bool)
    if n == 0:
        return keep
    left_nodes, left_index = np.unique(left, return_inverse=True)
    _, right_index = np.unique(right, return_inverse=True)
    offset = len(left_nodes)
    size = offset + int(right_index.max()) + 1
    graph = coo_matrix((np.ones(n), (left_index, offset + right_index)), shape=(size, size))
    _, component_of_node = connected_components(graph, directed=False)
    component = component_of_node[left_index]
    sizes = np.bincount(component, minlength=int(component.max()) + 1)
    keep[sizes[component] == 1] = True
    shared = np.flatnonzero(sizes[component] > 1)
    for pairs in np.split(shared[np.argsort(component[shared], kind="stable")],
                          np.flatnonzero(np.diff(np.sort(component[shared], kind="stable"))) + 1):
        if len(pairs):
            keep[pairs[_assign(left_index[pairs], right_index[pairs], weight[pairs])]] = True
    return keep


def _assign(left: np.ndarray, right: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """Indices (into these pairs) of the maximum-weight matching of one component."""
    rows, row_of = np.unique(left, return_inverse=True)
    columns, column_of = np.unique(right, return_inverse=True)
    gain = np.zeros((len(rows), len(columns)))
    pair_at = np.full((len(rows), len(columns)), -1)
    gain[row_of, column_of] = weight
    pair_at[row_of, column_of] = np.arange(len(left))
    chosen_rows, chosen_columns = linear_sum_assignment(gain, maximize=True)
    chosen = pair_at[chosen_rows, chosen_columns]
    return chosen[chosen >= 0]


def exclusive_probability(left: np.ndarray, right: np.ndarray, odds: np.ndarray, *, matched_left: float,
                          matched_right: float) -> np.ndarray:
    """Each pair's match probability given that each record is on the other list at most once.

    Splink's pairwise probability weighs a pair alone. A left record matched
    at all (prior ``matched_left``, the share of left records expected on the
    right list) is matched to exactly one right record, so its candidates
    compete: P(L=R_j) = o_j / (1 - matched_left + sum of o_i over L's
    candidates), where o is the pairwise posterior odds. The same holds from
    the right record's side; the smaller of the two is kept. A record with one
    clear candidate gains (it is probably on the list, and that is the one); a
    record with several look-alikes loses.
    """
    if len(odds) == 0:
        return np.zeros(0)
    by_left = _sum_by(left, odds)
    by_right = _sum_by(right, odds)
    from_left = odds / (1 - matched_left + by_left)
    from_right = odds / (1 - matched_right + by_right)
    return np.minimum(np.minimum(from_left, from_right), 1.0)


def _sum_by(index: np.ndarray, values: np.ndarray) -> np.ndarray:
    groups, position = np.unique(index, return_inverse=True)
    return np.bincount(position, weights=values, minlength=len(groups))[position]
