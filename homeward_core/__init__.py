"""homeward_core: pure-Python domain logic, no Django, no database."""
