"""The Postpress dialect, served under /v1: the Unipile engine with Postpress's body variants."""
