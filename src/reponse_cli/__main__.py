"""Entry point of the `reponse` command and of `python -m reponse_cli`."""

import sys

from reponse_cli import runtime


def main() -> None:
    runtime.start_one_shot()
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
    runtime.finish(code)


if __name__ == "__main__":
    main()
