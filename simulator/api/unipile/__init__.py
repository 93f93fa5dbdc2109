"""The Unipile dialect, served under /api/v1."""
