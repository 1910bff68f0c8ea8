"""Standard-library client for the rlcf reward server (``rlcf serve``).

    from rlcf_client import grade            # the process-wide client: $RLCF_URL / $RLCF_TOKEN
    items = grade([{"id": "a", "completion": "```python\\nprint(2)\\n```",
                    "task": {"language": "python", "tests": {"inputs": ["1\\n"], "outputs": ["2\\n"]}}}],
                  reward="fraction")
    c = Client("http://127.0.0.1:8080")      # or a client of your own

Trainer bridges: :func:`trl_reward` (TRL GRPOTrainer reward function), :func:`compute_score` (verl
custom reward function). The server URL and token default to ``$RLCF_URL`` / ``$RLCF_TOKEN``.
"""
from .client import AsyncClient, Client, RlcfError, default_client, grade
from .trainers import compute_score, trl_reward

__all__ = ["Client", "AsyncClient", "RlcfError", "default_client", "grade", "trl_reward", "compute_score"]
__version__ = "0.1.0"
