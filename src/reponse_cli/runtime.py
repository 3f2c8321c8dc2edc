"""The one-shot speed policy, in one place.

A command such as `reponse check` or `reponse draft --no-input` lives a fraction of a
second and allocates mostly while importing: the cyclic garbage collector would only
slow the imports, and tearing the interpreter down module by module costs a tenth of a
draft. Such a command may skip both. A command that lives longer — an interactive
draft, a batch, anything holding a database connection — calls `long_running()` and
then runs and ends normally, its resources closed and its finalisers run.
"""

from __future__ import annotations

import gc
import os
import sys

_long = False


def start_one_shot() -> None:
    """At start-up: no collector while the imports run."""
    gc.disable()


def long_running() -> None:
    """This command may live for minutes or hold resources: behave normally."""
    global _long
    _long = True
    gc.enable()


def is_long_running() -> bool:
    return _long


def finish(code: int) -> None:
    """Flush, then leave: quickly for a one-shot command, normally for a long one."""
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:  # None: the shell closed it (`>&-`)
                stream.flush()
    except (BrokenPipeError, ValueError, OSError):
        # The reader went away (`| head`): nothing more can be said to it.
        code = code or 74
        _silence_stdout()
    if _long:
        gc.enable()
        sys.exit(code)
    os._exit(code)


def _silence_stdout() -> None:
    # Python would report the broken pipe again while closing stdout at exit.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
