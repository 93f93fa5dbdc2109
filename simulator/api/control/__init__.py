"""The control plane, served under /_sim: test code drives the worlds through it."""
