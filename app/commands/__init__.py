"""The `afisa` commands, one module per group; app/cli.py parses the arguments and dispatches."""
