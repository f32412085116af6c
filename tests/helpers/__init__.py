"""Code shared by tests (not tests themselves)."""
