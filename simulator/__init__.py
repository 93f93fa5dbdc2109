"""unipile-sim: a local, stateful simulator of the Unipile and Postpress REST APIs."""

__version__ = "0.1.0"
