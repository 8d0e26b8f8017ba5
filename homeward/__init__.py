"""homeward: the Django project that coordinates exchanges of prisoners of war."""
