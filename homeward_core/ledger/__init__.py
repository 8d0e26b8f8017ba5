"""Parity arithmetic: what each side handed over, in heads and on the agreement's scale, and what it still owes."""
