"""The audit log: the one writer of the hash-chained record of every change."""
