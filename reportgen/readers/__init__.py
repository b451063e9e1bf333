"""Readers: text out of existing documents (for checks, previews and `import`)."""
