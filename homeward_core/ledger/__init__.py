"""Ledgers: what each side handed over (people, in heads and on the scale; remains), against what the terms ask."""
