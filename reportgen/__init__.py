"""reportgen: Korean public-sector official documents from validated records.

Pipeline: record (JSON/YAML) → validate (schemas/) → compose (record kind → neutral document
model) → write (one writer per format).
"""

__version__ = "0.1.0"

# The public names load on first use (PEP 562): `import reportgen.cli` for `reportgen --help`
# must not pay for the pipeline (jsonschema, the composers, YAML) before a command needs it.
_PUBLIC = {
    "Config": "config",
    "InvalidRecord": "errors",
    "Problem": "errors",
    "Renderer": "pipeline",
    "build_document": "pipeline",
    "check_file": "pipeline",
}

__all__ = sorted(_PUBLIC)


def __getattr__(name: str):
    if name not in _PUBLIC:
        raise AttributeError(f"module 'reportgen' has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(f".{_PUBLIC[name]}", __name__), name)
