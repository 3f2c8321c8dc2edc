"""reponse: walk an agent through a complaint and draft an empathetic French reply.

`reponse_cli.draft`, `reponse_cli.listen` and `reponse_cli.check` are the Python API
(see `reponse_cli.api`); they are loaded on first use, so `import reponse_cli` is cheap.
"""

from typing import Any

__version__ = "0.1.0"
__all__ = ["__version__", "check", "draft", "listen"]


def __getattr__(name: str) -> Any:
    if name in ("draft", "listen", "check"):
        from reponse_cli import api

        return getattr(api, name)
    raise AttributeError(f"module 'reponse_cli' has no attribute {name!r}")
