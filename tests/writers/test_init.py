"""writers/__init__.py: the format table, and each format's template known without importing its writer."""

from __future__ import annotations

import pytest

from reportgen.writers import WRITERS, template_for, writer_class


@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_the_template_table_names_each_writers_own_template(fmt):
    assert template_for(fmt) == getattr(writer_class(fmt), "default_template", None)


def test_a_given_template_wins_and_an_unknown_format_is_named():
    assert str(template_for("docx", "/x/office.docx")) == "/x/office.docx"
    with pytest.raises(ValueError, match="unknown output format 'odt'"):
        template_for("odt")
