"""web.endpoints."""
