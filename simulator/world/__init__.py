"""The state of a simulated Unipile tenant and its rules. Plain Python, no HTTP."""
