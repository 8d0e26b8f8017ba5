"""Small project-wide helpers, one module per concern."""
