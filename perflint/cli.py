"""The command line: parse arguments, hand over to a command, return its exit code."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from perflint import __version__

FORMATS = ("text", "json", "github")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="perflint")
def cli() -> None:
    """Keep web content (images, HTML, Markdown, CSS) inside its performance budget."""


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option("--select", help="Only these rules: names, codes or code prefixes, comma-separated.")
@click.option("--ignore", help="Skip these rules: names, codes or code prefixes, comma-separated.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    help="Output format (default: text; github under GitHub Actions).",
)
@click.option("--config", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="Use this config file.")
@click.option("--no-config", is_flag=True, help="Ignore config files: built-in defaults only.")
@click.option("--no-cache", is_flag=True, help="Measure everything again instead of reading the cache.")
@click.option("-q", "--quiet", is_flag=True, help="Print the findings only, no summary.")
def check(
    paths: tuple[str, ...],
    select: str | None,
    ignore: str | None,
    output_format: str | None,
    config: Path | None,
    no_config: bool,
    no_cache: bool,
    quiet: bool,
) -> None:
    """Check PATHS (files or folders; default: the current folder)."""
    from perflint.commands.check import check as run
    from perflint.commands.check import default_format
    from perflint.config import CommandLine, ConfigError
    from perflint.selection import split_selectors

    command_line = CommandLine(
        select=split_selectors(select) if select else None,
        ignore=split_selectors(ignore) if ignore else (),
        config=config,
        no_config=no_config,
    )
    try:
        code = run(paths, command_line, output_format or default_format(), quiet, not no_cache)
    except ConfigError as error:
        click.echo(f"perflint: error: {error}", err=True)
        code = 2
    sys.exit(code)


@cli.command("rules")
def rules_command() -> None:
    """List every rule: code, name, files, severity, fixable."""
    from perflint.commands.rules import list_rules

    sys.exit(list_rules(sys.stdout))


@cli.command("rule")
@click.argument("name")
def rule_command(name: str) -> None:
    """Explain one rule (by NAME or CODE) and its options."""
    from perflint.commands.rules import show_rule

    code = show_rule(name, sys.stdout)
    if code:
        click.echo(f"perflint: error: no rule named {name!r}; `perflint rules` lists them", err=True)
    sys.exit(code)


@cli.command("init")
@click.option(
    "--path", type=click.Path(dir_okay=False, path_type=Path), default=Path("perflint.toml"), show_default=True
)
@click.option("--force", is_flag=True, help="Replace an existing file.")
def init_command(path: Path, force: bool) -> None:
    """Write a config file holding the defaults, to edit."""
    from perflint.commands.init import write_config

    problem = write_config(path, force)
    if problem:
        click.echo(f"perflint: error: {problem}", err=True)
        sys.exit(2)
    click.echo(f"Wrote {path}: every value in it is the default; edit what you need.")


def protect_dash_paths(args: list[str]) -> list[str]:
    """Keep an existing file named like `-photo.png` from being read as an option.

    pre-commit passes staged file names after the options, without a `--`.
    """
    known = {name for command in cli.commands.values() for p in command.params for name in p.opts}
    protected: list[str] = []
    for index, arg in enumerate(args):
        if arg == "--":
            return protected + args[index:]
        is_path = arg.startswith("-") and arg.split("=")[0] not in known and os.path.lexists(arg)
        protected.append("./" + arg if is_path else arg)
    return protected


def main(argv: list[str] | None = None) -> int:
    """Run the command line and return its exit code."""
    args = protect_dash_paths(sys.argv[1:] if argv is None else argv)
    try:
        cli.main(args=args, prog_name="perflint", standalone_mode=True)
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else 1
    return 0
