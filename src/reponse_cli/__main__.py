"""Entry point of the `reponse` command and of `python -m reponse_cli`."""

import os
import sys


def main() -> None:
    import gc

    # A command lives a fraction of a second and allocates mostly while importing: the
    # cyclic collector would only slow the imports (~10 ms). The interactive session,
    # which lives longer, turns it back on.
    gc.disable()
    from reponse_cli.cli import main as cli_main

    try:
        cli_main()
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    if not isinstance(code, int):
        if code is not None:
            sys.stderr.write(f"{code}\n")
        code = 0 if code is None else 1
    # The work is done and written: flush, then leave without tearing the interpreter
    # down module by module (~20 ms, a tenth of a draft). Nothing relies on atexit.
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):
        code = code or 1
    os._exit(code)


if __name__ == "__main__":
    main()
