"""The HTML tables of a body, as the table checks read them (GK125, GK127, GK142)."""

from __future__ import annotations

from generator.htmltable import html_tables
from generator.requesttable import imbalance
from generator.tablehead import html_table_headers

# Table 三 as Word writes it: every cell a <td>, labels spanning rows and columns, full-width
# digits and a no-break space where a figure is left out.
WORD_TABLE = """\
<table border="1">
 <tr><td colspan="2" rowspan="2">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td>
  <td colspan="2">申请人情况</td></tr>
 <tr><td>自然人</td><td>总计</td></tr>
 <tr><td colspan="2">一、本年新收政府信息公开申请数量</td><td>１８</td><td>１８</td></tr>
 <tr><td colspan="2">二、上年结转政府信息公开申请数量</td><td>2</td><td>2</td></tr>
 <tr><td rowspan="2">三、本年度办理结果</td><td>（一）予以公开</td><td>12</td><td>12</td></tr>
 <tr><td>（七）总计</td><td>{total}</td><td>{total}</td></tr>
 <tr><td colspan="2">四、结转下年度继续办理</td><td>&nbsp;</td><td>8</td></tr>
</table>
"""


def test_rows_cells_spans_and_places_are_read() -> None:
    body = "前言\n\n" + WORD_TABLE.format(total=12)
    [table] = html_tables(body)
    assert (table.line, table.column) == (2, 1)
    assert len(table.rows) == 7
    corner = table.rows[0][0]
    assert (corner.rows, corner.columns, corner.header) == (2, 2, False)
    assert corner.line == 3 and corner.column == 6
    assert [c.text for c in table.rows[2]] == ["一、本年新收政府信息公开申请数量", "１８", "１８"]
    assert table.rows[6][1].text == ""  # &nbsp; alone is an empty cell


def test_table_three_in_html_balances_or_is_named_at_its_total() -> None:
    assert imbalance(WORD_TABLE.format(total=12), 1) is None  # 18 + 2 = 12 + 8
    found = imbalance(WORD_TABLE.format(total=11), 10)
    assert found is not None
    assert (found.new, found.carried_in, found.total, found.carried_out) == (18, 2, 11, 8)
    assert found.line == 10 + 7  # the 总计 row's line


def test_cells_and_rows_left_open_end_where_the_next_begins() -> None:
    body = "<table><tr><th>项目<th>件数<tr><td>一<td>1<tr><td>二<td>2</table>"
    [table] = html_tables(body)
    assert [[c.text for c in row] for row in table.rows] == [
        ["项目", "件数"],
        ["一", "1"],
        ["二", "2"],
    ]
    assert table.rows[0][1].header


def test_an_inner_table_is_its_own_and_an_unclosed_one_still_counts() -> None:
    body = "<table><tr><td>外<table><tr><td>内</td></tr></table></td><td>9</td></tr>\n<tr><td>x"
    inner, outer = html_tables(body)
    assert [[c.text for c in row] for row in inner.rows] == [["内"]]
    assert [[c.text for c in row] for row in outer.rows] == [["外", "9"], ["x"]]


def test_fenced_code_and_bodies_without_tables_are_left_alone() -> None:
    fenced = "```html\n<table><tr><td>a</td></tr><tr><td>b</td></tr></table>\n```\n"
    assert html_tables(fenced) == []
    assert html_tables("没有表格的正文 <b>粗</b>") == []


def test_a_span_that_is_not_a_number_counts_one() -> None:
    [table] = html_tables('<table><tr><td rowspan="x" colspan="99999">a</td></tr></table>')
    cell = table.rows[0][0]
    assert (cell.rows, cell.columns) == (1, 1)


def test_a_table_with_no_header_cell_and_an_empty_header_cell_are_named() -> None:
    word = WORD_TABLE.format(total=12)
    assert list(html_table_headers(word, 5)) == [("GK142", 5, 1)]
    headed = (
        "<table>\n<tr><th>信息内容</th><th> </th></tr>\n<tr><td>规章</td><td>0</td></tr>\n</table>"
    )
    assert list(html_table_headers(headed, 1)) == [("GK125", 2, 18)]
    # the corner above the rows' labels may be empty when it spans the header rows
    corner = (
        '<table><tr><th rowspan="2"></th><th colspan="2">申请人</th></tr>'
        "<tr><th>自然人</th><th>总计</th></tr><tr><th>一、本年新收</th><td>1</td><td>1</td></tr></table>"
    )
    assert list(html_table_headers(corner, 1)) == []
    # one row is a layout box, not figures under names
    assert list(html_table_headers("<table><tr><td>落款</td></tr></table>", 1)) == []


def test_figures_with_thousands_separators_are_read() -> None:
    table = WORD_TABLE.format(total="1,210").replace(">１８<", ">1,218<").replace(">8<", ">８<")
    found = imbalance(table, 1)
    assert found is not None and (found.new, found.total, found.carried_out) == (1218, 1210, 8)


def test_a_label_word_broke_across_lines_or_padded_is_read() -> None:
    """A re-walk: Word writes a cell's text across source lines (`行政规范性` / `文件`) and pads
    a short label (`规　章`); neither row was read."""
    from generator.requesttable import table_rows

    body = "<table>\n<tr><td>规　章</td><td>0</td></tr>\n<tr><td>行政规范性\r\n文件</td><td>3</td></tr>\n</table>"
    assert [texts for _line, texts in table_rows(body)] == [["规章", "0"], ["行政规范性文件", "3"]]
