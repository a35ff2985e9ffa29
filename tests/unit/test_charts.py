"""The national picture's stacked bars, computed at build time: widths in proportion to the
counts, standings in one order, counts written only where they fit, a drawing for phones."""

from __future__ import annotations

from councilprofiles.render.charts import AREAS_ONLY, NARROW_BARS, NO_GRADE, WIDE_BARS, grade_count_chart

ROWS = [
    ("2020", {NO_GRADE: 1, 2: 3}),
    ("2021", {4: 2, 2: 2, 1: 0}),
]


def test_segments_are_in_proportion_to_the_counts_and_in_the_order_of_standing() -> None:
    chart = grade_count_chart(ROWS, "Councils by year")
    first, second = chart.bars
    span = WIDE_BARS.right - WIDE_BARS.left  # 4 councils fill it
    assert [(s.rank, s.count, s.x, s.width) for s in first.segments] == [
        (2, 3, WIDE_BARS.left, span * 3 / 4),
        (NO_GRADE, 1, WIDE_BARS.left + span * 3 / 4, span / 4),  # nothing on record comes last
    ]
    assert [s.rank for s in second.segments] == [2, 4]  # a count of none draws nothing
    assert [s.label for s in second.segments] == ["Good: 2", "Inadequate: 2"]
    assert (first.label, second.label) == ("2020", "2021")


def test_a_count_is_written_only_where_its_segment_has_room() -> None:
    chart = grade_count_chart([("2024", {1: 1, AREAS_ONLY: 99})], "Councils")
    shown = {s.rank: s.show_count for s in chart.bars[0].segments}
    assert shown == {1: False, AREAS_ONLY: True}  # one council in a hundred is 5.6 units wide


def test_phones_get_their_own_drawing_of_the_same_counts() -> None:
    chart = grade_count_chart(ROWS, "Councils by year")
    assert chart.narrow is not None
    assert (chart.width, chart.narrow.width) == (WIDE_BARS.width, NARROW_BARS.width)
    assert [[s.count for s in bar.segments] for bar in chart.narrow.bars] == [[3, 1], [2, 2]]
    assert chart.height == 2 * (WIDE_BARS.bar_height + WIDE_BARS.gap) + 20  # every bar fits
    assert chart.narrow.description == chart.description == "Councils by year"


def test_no_rows_draw_an_empty_chart() -> None:
    chart = grade_count_chart([], "Nothing yet")
    assert chart.bars == [] and chart.height == 20
