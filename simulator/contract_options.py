"""The `contract` command's choices and defaults, apart from the harness (contract_test.py) so
that building the command line does not import it: `serve` never pays for the harness."""

CONTRACTS = ("unipile", "postpress", "control")
DEFAULT_MAX_EXAMPLES = 40
DEFAULT_SEED = 20260105
# Scenarios of the stateful phase (links between operations); 0 leaves it out.
DEFAULT_STATEFUL_SCENARIOS = 20
