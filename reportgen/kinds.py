"""The record kinds: each has its schema (schemas/<kind>.schema.json) and its composer
(reportgen/compose/<kind>.py). A module of its own so the CLI can offer them without loading
the validator."""

KINDS = ("plan", "result", "page", "draft")
