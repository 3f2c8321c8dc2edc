"""reponse: walk an agent through a complaint and draft an empathetic French reply."""

__version__ = "0.1.0"
