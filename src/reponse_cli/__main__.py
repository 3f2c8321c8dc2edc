"""Entry point of the `reponse` command and of `python -m reponse_cli`."""


def main() -> None:
    import gc

    # A command lives a fraction of a second and allocates mostly while importing: the
    # cyclic collector would only slow the imports (~10 ms). The interactive session,
    # which lives longer, turns it back on.
    gc.disable()
    from reponse_cli.cli import main as cli_main

    cli_main()


if __name__ == "__main__":
    main()
