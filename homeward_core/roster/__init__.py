"""Rosters: mapping a party's columns to the identity core and checking each row."""
