"""Compiled templates kept on disk between starts, so a start does not compile every template again (issue 13)."""

from __future__ import annotations

import contextlib
import hashlib
from pathlib import Path

import jinja2
from jinja2 import Environment
from jinja2.bccache import Bucket, FileSystemBytecodeCache


def settings_key(env: Environment) -> str:
    """Return a short hash of what shapes a template's compiled code besides its source."""
    # Jinja checks each template's source against its checksum and the Python version in the file's header; the
    # Jinja version and the environment's syntax, extensions and policies also change the code, so they name the file.
    # Of the policies only the compiler's and the extensions' shape code (the others, like Flask's JSON, are read at
    # render time and hold per-app objects whose repr would change the name at every start).
    policies = sorted((name, _stable(value)) for name, value in env.policies.items()
                      if name.startswith(("compiler.", "ext.")))
    settings = (jinja2.__version__, sorted(env.extensions), policies, _stable(env.autoescape),
                env.block_start_string, env.block_end_string, env.variable_start_string, env.variable_end_string,
                env.comment_start_string, env.comment_end_string, env.line_statement_prefix,
                env.line_comment_prefix, env.trim_blocks, env.lstrip_blocks, env.newline_sequence,
                env.keep_trailing_newline, env.optimized, env.is_async, env.finalize is not None,
                # how gettext calls compile (Flask-Babel-style newstyle or not), fixed when the environment is made
                getattr(env, "newstyle_gettext", None))
    return hashlib.sha256(repr(settings).encode()).hexdigest()[:16]


def _stable(value: object) -> str:
    """Return a repr that is the same at every start: a function by its name, not its address."""
    return (getattr(value, "__qualname__", None) or repr(value)) if callable(value) else repr(value)


class TemplateCache(FileSystemBytecodeCache):
    """Jinja's file cache of compiled templates, for a folder that may turn out to be read-only."""

    def dump_bytecode(self, bucket: Bucket) -> None:
        """Keep the compiled template if the folder lets us; a cache that cannot be written is only slower."""
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def install(env: Environment, directory: str) -> bool:
    """Keep `env`'s compiled templates in `directory` (created if missing); return False when it cannot be made."""
    folder = Path(directory)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    env.bytecode_cache = TemplateCache(str(folder), f"{settings_key(env)}-%s.cache")
    return True
