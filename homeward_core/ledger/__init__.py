"""Ledgers: what each side has handed over, against what an agreement's terms ask of it."""
