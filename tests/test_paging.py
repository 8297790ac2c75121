"""Long lists cut into pages (portal/paging.py): every row on exactly one page, stable addresses,
relative links between the pages, and a pager whose size does not grow with the list."""

from __future__ import annotations

import posixpath

import pytest

from portal.paging import paginate


# --- the pages of a list ----------------------------------------------------------------------------


def test_rows_are_cut_into_pages_of_the_given_size_each_row_on_exactly_one():
    pages = paginate(list(range(95)), 40, "rectification/")
    assert [len(p.rows) for p in pages] == [40, 40, 15]
    assert [row for p in pages for row in p.rows] == list(range(95))
    assert {p.count for p in pages} == {3} and {p.total for p in pages} == {95}
    assert [(p.first, p.last) for p in pages] == [(1, 40), (41, 80), (81, 95)]


def test_an_empty_or_short_list_is_one_page():
    assert [(p.number, p.count, list(p.rows)) for p in paginate([], 40, "x/")] == [(1, 1, [])]
    assert [(p.number, p.count) for p in paginate([1, 2], 40, "x/")] == [(1, 1)]
    with pytest.raises(ValueError):
        paginate([1], 0, "x/")
    with pytest.raises(ValueError):
        paginate([1], 1, "x")


def test_the_first_page_is_the_lists_own_folder_and_links_are_relative():
    first, second, third = paginate(list(range(5)), 2, "rectification/overdue/")
    assert (first.here, first.source, first.root) == ("rectification/overdue/", "rectification/overdue/index.md", "../../")
    assert (third.here, third.source) == ("rectification/overdue/page/3/", "rectification/overdue/page/3/index.md")
    assert third.root == "../../../../"
    assert third.href(1) == "../../../../rectification/overdue/"
    assert posixpath.normpath(posixpath.join(third.here, third.href(2))) == "rectification/overdue/page/2"
    assert posixpath.normpath(posixpath.join(first.here, first.href(3))) == "rectification/overdue/page/3"


@pytest.mark.parametrize(("number", "count", "shown"), [
    (1, 1, [1]),
    (1, 5, [1, 2, 3, 4, 5]),  # a gap of one number shows the number, not "…"
    (1, 6, [1, 2, 3, None, 6]),
    (1, 4, [1, 2, 3, 4]),
    (5, 9, [1, 2, 3, 4, 5, 6, 7, 8, 9]),
    (6, 20, [1, None, 4, 5, 6, 7, 8, None, 20]),
    (243, 243, [1, None, 241, 242, 243]),
])
def test_the_pager_shows_the_ends_and_a_window_around_the_current_page(number, count, shown):
    pager = paginate(list(range(count)), 1, "rectification/")[number - 1]
    assert pager.numbers() == shown


def test_the_pager_never_grows_with_the_list():
    pages = paginate(list(range(10_000)), 1, "rectification/")
    assert max(len(p.numbers()) for p in pages) == 9
