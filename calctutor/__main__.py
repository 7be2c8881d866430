"""Run the command-line app with ``python -m calctutor``."""

from calctutor.cli.app import main

if __name__ == "__main__":
    main()
