"""How the command line fails: one line on stderr, the documented exit code, a traceback only with --debug."""

from __future__ import annotations

import json
import os
import sys
import traceback
from typing import Any

import click
from mixplan.errors import InfeasibleError, MixplanError

EXIT_OK = 0
EXIT_OTHER = 1
EXIT_INPUT = 2
EXIT_INFEASIBLE = 3
EXIT_NO_SOLUTION = 4
EXIT_REMOTE = 5
EXIT_SOME_FAILED = 6
"""`batch run` / `batch status`: the batch finished but some brands' plans failed (docs/scale.md)."""


def error_lines(exc: BaseException) -> list[str]:
    """The message for an error: one line, plus one line per conflict for an infeasible scenario."""
    if isinstance(exc, InfeasibleError):
        lines = ["error: no plan satisfies every rule:" if exc.conflicts else f"error: {exc}"]
        lines += [f"  - {conflict}" for conflict in exc.conflicts]
        return lines
    if isinstance(exc, MixplanError):
        return [f"error: {_one_line(str(exc))}"]
    if isinstance(exc, KeyboardInterrupt):
        return ["error: aborted"]
    return [f"error: internal error: {type(exc).__name__}: {_one_line(str(exc))} (run with --debug for details)"]


def exit_code(exc: BaseException) -> int:
    """The exit code of an error (see docs/cli.md)."""
    if isinstance(exc, MixplanError):
        return exc.exit_code
    return EXIT_OTHER


def _one_line(text: str) -> str:
    return " ".join(part.strip() for part in text.splitlines() if part.strip())


class MixplanGroup(click.Group):
    """A click group that turns mixplan's errors into one line and an exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; report errors the mixplan way."""
        ctx.meta["mixplan.args"] = [*getattr(ctx, "_protected_args", []), *ctx.args]
        try:
            return super().invoke(ctx)
        except click.exceptions.Exit:
            raise
        except click.ClickException as exc:
            if not _wants_json(ctx):
                raise
            exc.show()
            print_error_json(exc.format_message(), exc.exit_code, "UsageError", None)
            ctx.exit(exc.exit_code)
        except click.exceptions.Abort:
            raise
        except BrokenPipeError:
            _quiet_stdout()  # the reader (e.g. `| head`) has what it wanted: not an error
            ctx.exit(EXIT_OK)
        except (Exception, KeyboardInterrupt) as exc:
            if _debug(ctx):
                traceback.print_exception(exc, file=sys.stderr)
            for line in error_lines(exc):
                click.echo(line, err=True)
            if _wants_json(ctx):
                print_error_json(
                    error_lines(exc)[0].removeprefix("error: "),
                    exit_code(exc),
                    type(exc).__name__ if isinstance(exc, MixplanError) else "InternalError",
                    getattr(exc, "field", None),
                    list(getattr(exc, "conflicts", []) or []),
                )
            ctx.exit(exit_code(exc))
        finally:
            _close(ctx)


def print_error_json(message: str, code: int, kind: str, field: str | None, conflicts: list[str] | None = None) -> None:
    """Print an error as the JSON document documented in docs/cli.md, on stdout, for `--json` callers."""
    document = {"error": {"kind": kind, "message": message, "exit_code": code, "field": field or None}}
    if conflicts:
        document["error"]["conflicts"] = conflicts
    click.echo(json.dumps(document, ensure_ascii=False))


def _wants_json(ctx: click.Context) -> bool:
    from mixplan.cli.app import App

    app = ctx.find_object(App)
    return bool(app is not None and app.json) or "--json" in ctx.meta.get("mixplan.args", [])


def _quiet_stdout() -> None:
    """Point stdout at /dev/null so that flushing it at exit does not raise the broken pipe again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def _debug(ctx: click.Context) -> bool:
    from mixplan.cli.app import App

    app = ctx.find_object(App)
    return bool(app.debug if app is not None else ctx.params.get("debug"))


def _close(ctx: click.Context) -> None:
    from mixplan.cli.app import App

    app = ctx.find_object(App)
    if app is not None:
        app.close()
