"""web.http."""
