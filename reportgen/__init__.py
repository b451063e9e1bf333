"""reportgen: Korean public-sector official documents from validated records.

Pipeline: record (JSON/YAML) → validate (schemas/) → compose (record kind → neutral document
model) → write (one writer per format).
"""

from .config import Config
from .errors import InvalidRecord, Problem
from .pipeline import Renderer, build_document, check_file

__all__ = ["Config", "InvalidRecord", "Problem", "Renderer", "build_document", "check_file"]
