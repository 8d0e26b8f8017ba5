"""Forensic identification records: what homeward keeps of a laboratory's work, and what it refuses to keep."""
