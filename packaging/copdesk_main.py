"""The bundle's entry point (packaging/copdesk.spec): the same as the ``copdesk`` console script."""

from copdesk.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
