"""print_table: lined-up columns, text as it is, numbers in their column's format, clear errors."""

import pytest

from sgd_lesson.tables import print_table


def printed(capsys, *args, **kwargs):
    assert print_table(*args, **kwargs) is None
    return capsys.readouterr().out.splitlines()


def test_columns_line_up_labels_left_numbers_right(capsys):
    lines = printed(capsys, [["batch size 1", 0.0742, 1_000], ["gradient descent", 0.0002, 10_000_000]],
                    header=["", "slope", "samples read"], formats=["", ".4f", ","])
    assert lines == ["                    slope   samples read",
                     "batch size 1       0.0742          1,000",
                     "gradient descent   0.0002     10,000,000"]
    # every column ends at the same place on every line
    assert len({len(line) for line in lines}) == 1


def test_text_cells_stay_as_they_are_in_a_column_of_numbers(capsys):
    lines = printed(capsys, [[0.01, 1e-3], [1.0, "blew up"]], header=["rate", "batch 1"], formats=["g", ".0e"])
    assert lines == ["rate   batch 1", "0.01     1e-03", "   1   blew up"]


def test_without_formats_numbers_print_as_str(capsys):
    assert printed(capsys, [[1, 2.5]], header=["a", "b"]) == ["a     b", "1   2.5"]


def test_a_table_with_no_rows_prints_its_header(capsys):
    assert printed(capsys, [], header=["updates", "loss"]) == ["updates   loss"]


@pytest.mark.parametrize(("rows", "kwargs", "error", "words"), [
    ([[1, 2]], {"header": ["a"]}, ValueError, "every row needs 1 cells"),
    ([[1]], {"header": ["a"], "formats": [",", ".2f"]}, ValueError, "formats has 2 entries for 1 columns"),
    ([1, 2], {"header": ["a"]}, TypeError, "a row: a list or tuple"),
    ([[1]], {"header": []}, TypeError, "non-empty list"),
    ([[1]], {"header": [3]}, TypeError, "text"),
])
def test_bad_tables_are_refused_with_a_message(rows, kwargs, error, words):
    with pytest.raises(error, match=words):
        print_table(rows, **kwargs)


def test_a_negative_zero_prints_as_zero(capsys):
    import numpy as np

    print_table([["log(1)", -np.log(1.0), -0.0]], header=["", "numpy", "float"], formats=["", ".4g", ".3f"])
    assert "-0" not in capsys.readouterr().out
