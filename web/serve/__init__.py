"""web.serve."""
