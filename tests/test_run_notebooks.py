"""tools/run_notebooks.py: what it stores after executing a notebook."""

import sys
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
from run_notebooks import join_streams  # noqa: E402


def stream(name, text):
    return nbformat.v4.new_output("stream", name=name, text=text)


def test_adjacent_outputs_to_one_stream_are_joined_in_order():
    figure = nbformat.v4.new_output("display_data", data={"text/plain": "<Figure>"})
    outputs = [stream("stdout", "step   0\nstep  50"), stream("stdout", "\n"), stream("stdout", "done\n"),
               figure, stream("stdout", "after\n"), stream("stderr", "warning\n"), stream("stdout", "last\n")]
    joined = join_streams(outputs)
    assert [(output.output_type, output.get("name"), output.get("text")) for output in joined] == [
        ("stream", "stdout", "step   0\nstep  50\ndone\n"),
        ("display_data", None, None),
        ("stream", "stdout", "after\n"),
        ("stream", "stderr", "warning\n"),
        ("stream", "stdout", "last\n"),
    ]


def test_nothing_to_join_leaves_the_outputs_as_they_are():
    outputs = [stream("stdout", "one\n")]
    assert join_streams(outputs) == outputs
    assert join_streams([]) == []


def test_the_outputs_given_are_not_changed():
    outputs = [stream("stdout", "a\n"), stream("stdout", "b\n")]
    join_streams(outputs)
    assert [output.text for output in outputs] == ["a\n", "b\n"]
