"""`python -m mixplan.cli`: the same as the `mixplan` command."""

from mixplan.cli.main import cli

cli(prog_name="mixplan")
