"""Organisations, users and roles; the security boundary (scoping) lives here."""
