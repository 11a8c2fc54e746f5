"""The command line: parse arguments, hand over to a command, return its exit code."""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from perflint import __version__
from perflint.printable import printable
from perflint.reporters import FORMATS

if TYPE_CHECKING:
    from perflint.config import CommandLine
    from perflint.shard import Shard


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="perflint")
@click.option("-v", "--verbose", is_flag=True, help="Show the tracebacks of internal errors, to report them.")
def cli(verbose: bool) -> None:
    """Keep web content (images, HTML, Markdown, CSS) inside its performance budget."""
    if verbose:
        from perflint.bugs import show_tracebacks

        show_tracebacks()


def jobs_option(help_text: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Return the -j/--jobs option (default: all cores) with the command's own help."""
    return click.option(
        "-j",
        "--jobs",
        type=click.IntRange(min=1),
        default=lambda: os.cpu_count() or 1,
        show_default="all cores",
        help=help_text,
    )


def usage_error(message: str) -> None:
    """Say on one line what is wrong with the command or its settings (names in it shown escaped)."""
    click.echo(f"perflint: error: {printable(message)}", err=True)


def existing_paths(ctx: click.Context, _: click.Parameter, paths: tuple[str, ...]) -> tuple[str, ...]:
    """Stop with one line and exit 2 on a path that does not exist: a typo, not a finding.

    A path that exists but cannot be read is checked, and becomes a finding on that file.
    """
    for path in paths:
        if not os.path.lexists(path):
            usage_error(f"{path}: no such file or folder")
            ctx.exit(2)
    return paths


paths_argument = click.argument(
    "paths", nargs=-1, type=click.Path(path_type=str, readable=False), callback=existing_paths
)
select_option = click.option("--select", help="Only these rules: names, codes or code prefixes, comma-separated.")
ignore_option = click.option("--ignore", help="Skip these rules: names, codes or code prefixes, comma-separated.")


def fail_on_options(command: Callable[..., None]) -> Callable[..., None]:
    """Add --fail-on and its shorthand --exit-zero, which decide the exit status, not the report."""
    command = click.option(
        "--exit-zero", is_flag=True, help="Exit 0 even when findings remain (the same as --fail-on never)."
    )(command)
    return click.option(
        "--fail-on",
        type=click.Choice(("error", "warning", "never")),
        default="error",
        show_default=True,
        help="Exit 1 when a finding of this severity or worse remains.",
    )(command)


def parse_outputs(_: click.Context, __: click.Parameter, values: tuple[str, ...]) -> tuple[tuple[str, Path], ...]:
    """Turn each --output FORMAT=FILE into (format, path), or say plainly what is wrong."""
    outputs = []
    for value in values:
        output_format, equals, path = value.partition("=")
        if not equals or not path or output_format not in FORMATS:
            raise click.BadParameter(
                f"{value!r} is not FORMAT=FILE with FORMAT one of {', '.join(FORMATS)}", param_hint="--output"
            )
        outputs.append((output_format, Path(path)))
    return tuple(outputs)


changed_since_option = click.option(
    "--changed-since",
    metavar="REF",
    help="Only the files changed since REF (git diff REF...HEAD), and the pages and stylesheets using them.",
)


@cli.command()
@paths_argument
@select_option
@ignore_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    help="Output format (default: text; github under GitHub Actions).",
)
@click.option(
    "-o",
    "--output",
    "outputs",
    metavar="FORMAT=FILE",
    multiple=True,
    callback=parse_outputs,
    help="Also write the report in FORMAT to FILE, from the same run (repeatable).",
)
@click.option("--config", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="Use this config file.")
@click.option("--no-config", is_flag=True, help="Ignore config files: built-in defaults only.")
@click.option("--no-cache", is_flag=True, help="Measure everything again instead of reading the cache.")
@changed_since_option
@click.option(
    "--shard",
    metavar="K/N",
    callback=lambda _, __, value: parse_shard(value),
    help="Check only share K of N (for a CI matrix); the same files on every run. Combine with `perflint merge`.",
)
@jobs_option("Check large runs (200 files or 16 images or more) in this many processes.")
@click.option(
    "--baseline",
    "baseline_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Leave out the known findings this file holds (written by `perflint baseline`); report only new ones.",
)
@click.option("--no-baseline", is_flag=True, help="Report every finding, even with a baseline set in the config.")
@click.option("-q", "--quiet", is_flag=True, help="Print the findings only, no summary.")
@fail_on_options
def check(
    paths: tuple[str, ...],
    select: str | None,
    ignore: str | None,
    output_format: str | None,
    outputs: tuple[tuple[str, Path], ...],
    config: Path | None,
    no_config: bool,
    no_cache: bool,
    changed_since: str | None,
    shard: Shard | None,
    jobs: int,
    baseline_file: Path | None,
    no_baseline: bool,
    quiet: bool,
    fail_on: str,
    exit_zero: bool,
) -> None:
    """Check PATHS (files or folders; default: the current folder)."""
    from perflint.baseline import BaselineError
    from perflint.changed import ChangedFilesError
    from perflint.commands.check import OutputError, default_format
    from perflint.commands.check import check as run
    from perflint.config import ConfigError

    command_line = selection_command_line(select, ignore, config, no_config)
    try:
        code = run(
            paths,
            command_line,
            output_format or default_format(),
            quiet,
            not no_cache,
            changed_since,
            shard,
            jobs,
            outputs,
            "never" if exit_zero else fail_on,
            baseline_file,
            not no_baseline,
        )
    except (ConfigError, ChangedFilesError, OutputError, BaselineError) as error:
        usage_error(str(error))
        code = 2
    sys.exit(code)


def selection_command_line(
    select: str | None,
    ignore: str | None,
    config: Path | None,
    no_config: bool,
    fix: dict[str, object] | None = None,
) -> CommandLine:
    """Build the settings a command takes from its rule-selection, config and fix options."""
    from perflint.config import CommandLine
    from perflint.selection import split_selectors

    return CommandLine(
        select=split_selectors(select) if select else None,
        ignore=split_selectors(ignore) if ignore else (),
        config=config,
        no_config=no_config,
        fix=fix or {},
    )


def parse_shard(value: str | None) -> Shard | None:
    """Turn --shard K/N into a Shard, or say plainly what is wrong."""
    if value is None:
        return None
    from perflint.shard import Shard

    try:
        return Shard.parse(value)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--shard") from None


def fix_options(command: Callable[..., None]) -> Callable[..., None]:
    """Add one command-line option per [fix] config key, so both say the same things."""
    import dataclasses
    import typing

    from perflint.fix_options import FixOptions
    from perflint.options import kebab

    hints = typing.get_type_hints(FixOptions)
    for field in reversed(dataclasses.fields(FixOptions)):
        name, kind, help_text = kebab(field.name), hints[field.name], field.metadata["doc"]
        if kind is bool:
            decorator = click.option(f"--{name}/--no-{name}", field.name, default=None, help=help_text)
        elif typing.get_origin(kind) is typing.Literal:
            decorator = click.option(f"--{name}", field.name, type=click.Choice(typing.get_args(kind)), help=help_text)
        else:
            decorator = click.option(f"--{name}", field.name, help=help_text + " (config key: same name)")
        command = decorator(command)
    return command


def given_fix_options(values: dict[str, object]) -> dict[str, object]:
    """Return the [fix] options the command line set, converted like config values."""
    import typing

    from perflint.fix_options import FixOptions
    from perflint.options import OptionError, convert_option

    hints = typing.get_type_hints(FixOptions)
    given = {}
    for name, value in values.items():
        if value is None:
            continue
        try:
            given[name] = convert_option(FixOptions, name, float(str(value)) if hints[name] is float else value)
        except (OptionError, ValueError) as error:
            raise click.BadParameter(str(error), param_hint=f"--{name.replace('_', '-')}") from None
    return given


@cli.command()
@paths_argument
@select_option
@ignore_option
@click.option("--dry-run", is_flag=True, help="Show what would change and the bytes it would save; write nothing.")
@click.option("--diff", "show_diff", is_flag=True, help="Show the changes to text files as a unified diff.")
@click.option("--undo", is_flag=True, help="Put back the files the last fix replaced (those unchanged since).")
@click.option(
    "--format", "output_format", type=click.Choice(("text", "json", "markdown")), default="text", help="Output format."
)
@click.option("--config", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="Use this config file.")
@click.option("--no-config", is_flag=True, help="Ignore config files: built-in defaults only.")
@click.option("-q", "--quiet", is_flag=True, help="Print the fixes only, not the findings left.")
@changed_since_option
@jobs_option("Fix images in this many processes.")
@fail_on_options
@fix_options
def fix(
    paths: tuple[str, ...],
    select: str | None,
    ignore: str | None,
    dry_run: bool,
    show_diff: bool,
    undo: bool,
    output_format: str,
    config: Path | None,
    no_config: bool,
    quiet: bool,
    jobs: int,
    changed_since: str | None,
    fail_on: str,
    exit_zero: bool,
    **options: object,
) -> None:
    """Fix PATHS: compress images, strip heavy and private metadata, minify CSS, repair HTML.

    --select and --ignore choose the rules whose fixes run, and the findings listed afterwards.
    """
    from perflint.changed import ChangedFilesError
    from perflint.commands.fix import fix as run
    from perflint.config import ConfigError

    command_line = selection_command_line(select, ignore, config, no_config, given_fix_options(options))
    fail_on = "never" if exit_zero else fail_on
    try:
        if undo:
            from perflint.commands.fix import undo_last_fix

            sys.exit(undo_last_fix(paths, command_line))
        code = run(paths, command_line, output_format, dry_run, show_diff, quiet, jobs, changed_since, fail_on)
    except (ConfigError, ChangedFilesError) as error:
        usage_error(str(error))
        code = 2
    sys.exit(code)


@cli.command("report")
@paths_argument
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("perflint-report.html"),
    show_default=True,
    help="Write the HTML report to this file.",
)
@select_option
@ignore_option
@click.option("--config", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="Use this config file.")
@click.option("--no-config", is_flag=True, help="Ignore config files: built-in defaults only.")
@click.option("--no-cache", is_flag=True, help="Measure everything again instead of reading the cache.")
@click.option("--no-savings", is_flag=True, help="Skip measuring what `perflint fix` would save (the slow part).")
@jobs_option("Measure the savings in this many processes.")
def report_command(
    paths: tuple[str, ...],
    output: Path,
    select: str | None,
    ignore: str | None,
    config: Path | None,
    no_config: bool,
    no_cache: bool,
    no_savings: bool,
    jobs: int,
) -> None:
    """Write one self-contained HTML page on PATHS: previews, page weights, savings, findings."""
    from perflint.commands.report import report
    from perflint.config import ConfigError

    command_line = selection_command_line(select, ignore, config, no_config)
    try:
        code = report(paths, command_line, output, not no_savings, not no_cache, jobs)
    except ConfigError as error:
        usage_error(str(error))
        code = 2
    sys.exit(code)


@cli.command("baseline")
@paths_argument
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the baseline to this file (default: the config's `baseline`, else .perflint-baseline.json "
    "beside the config file, else in the current folder).",
)
@select_option
@ignore_option
@click.option("--config", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="Use this config file.")
@click.option("--no-config", is_flag=True, help="Ignore config files: built-in defaults only.")
@click.option("--no-cache", is_flag=True, help="Measure everything again instead of reading the cache.")
@jobs_option("Check large runs (200 files or 16 images or more) in this many processes.")
def baseline_command(
    paths: tuple[str, ...],
    output: Path | None,
    select: str | None,
    ignore: str | None,
    config: Path | None,
    no_config: bool,
    no_cache: bool,
    jobs: int,
) -> None:
    """Record the findings in PATHS as known, so that `perflint check --baseline` reports only new ones."""
    from perflint.baseline import BaselineError
    from perflint.commands.baseline import write_baseline
    from perflint.config import ConfigError

    command_line = selection_command_line(select, ignore, config, no_config)
    try:
        code = write_baseline(paths, command_line, output, not no_cache, jobs, sys.stdout)
    except (ConfigError, BaselineError) as error:
        usage_error(str(error))
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
        usage_error(f"no rule named {name!r}; `perflint rules` lists them")
    sys.exit(code)


@cli.command("site")
@paths_argument
@click.option("--config", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="Use this config file.")
@click.option("--no-config", is_flag=True, help="Ignore config files: built-in defaults only.")
def site_command(paths: tuple[str, ...], config: Path | None, no_config: bool) -> None:
    """Show what perflint makes of each file under PATHS: page, template, build input or not published, and why."""
    from perflint.commands.site import explain_site
    from perflint.config import ConfigError

    try:
        code = explain_site(paths, selection_command_line(None, None, config, no_config), sys.stdout)
    except ConfigError as error:
        usage_error(str(error))
        code = 2
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
        usage_error(problem)
        sys.exit(2)
    click.echo(f"Wrote {path}: every value in it is the default; edit what you need.")


def protect_dash_paths(args: list[str]) -> list[str]:
    """Keep an existing file named like `-photo.png` or `--format=a.html` from being read as an option.

    pre-commit passes staged file names after the options, without a `--`. Only a bare option
    name (`--quiet`) stays an option when a file has that name: `--format=json` written while a
    file of that exact name exists is taken as the file.
    """
    known = {name for command in cli.commands.values() for p in command.params for name in p.opts}
    protected: list[str] = []
    for index, arg in enumerate(args):
        if arg == "--":
            return protected + args[index:]
        is_path = arg.startswith("-") and arg not in known and os.path.lexists(arg)
        protected.append("./" + arg if is_path else arg)
    return protected


@cli.command("merge")
@click.argument("reports", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "output_format", type=click.Choice(FORMATS), default="text", help="Output format.")
@fail_on_options
def merge_command(reports: tuple[Path, ...], output_format: str, fail_on: str, exit_zero: bool) -> None:
    """Combine the JSON or SARIF REPORTS of several shards into one report; exit 1 if it has errors."""
    from perflint.commands.check import use_colour
    from perflint.merge import MergeError, merge
    from perflint.reporters import renderer

    try:
        report = merge(list(reports))
    except MergeError as error:
        usage_error(str(error))
        sys.exit(2)
    renderer(output_format)(report, sys.stdout, use_colour(), False)
    sys.exit(report.exit_code("never" if exit_zero else fail_on))


def main(argv: list[str] | None = None) -> int:
    """Run the command line and return its exit code."""
    args = protect_dash_paths(sys.argv[1:] if argv is None else argv)
    for stream in (sys.stdout, sys.stderr):
        # A file name that is not valid UTF-8 is printed as \x escapes, not a crash (or invalid JSON).
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    try:
        cli.main(args=args, prog_name="perflint", standalone_mode=True)
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else 1
    except Exception as error:  # a bug: one line, not a traceback (that is for --verbose)
        from perflint.bugs import bug

        click.echo(f"perflint: internal error: {printable(bug('the run stopped', error))}", err=True)
        return 2
    return 0
