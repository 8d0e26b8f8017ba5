"""People as declared by each party: identity, status, custody, health, imports."""
