"""A map's YAML text edited in place to hold new data, keeping everything else as written.

``edited_text(text, before, after)`` turns ``text`` (whose plain data is ``before``) into
text whose data is ``after``: changed values are rewritten where they stand, removed keys
lose their lines, new keys go after the key they follow in ``after``. Comments, quoting,
indentation and order stay, so ``git diff`` of a map and its edited copy shows only what
changed. The caller checks the result loads to the same map and otherwise writes the data
afresh (:class:`CannotEdit` says in advance when the text is not block-style YAML).
Top-level keys and the keys of each step are edited; a step list whose length changes is
not.
"""
from __future__ import annotations

from typing import Any, Callable, Mapping

import yaml

__all__ = ["CannotEdit", "edited_text", "line_start", "line_end"]


class CannotEdit(Exception):
    """The text is laid out in a way this module does not edit (flow style, and the like)."""


def edited_text(text: str, before: Mapping[str, Any], after: Mapping[str, Any],
                flow: Callable[[Any], str]) -> str:
    """``text`` edited from ``before`` to ``after``; ``flow(value)`` writes one value on one
    line (a scalar, or a list or mapping in flow style)."""
    root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    if not isinstance(root, yaml.MappingNode) or root.flow_style or not root.value:
        raise CannotEdit
    edits: list[tuple[int, int, str]] = []
    _edit_mapping(text, root, before, after, flow, edits, nested_steps=True)
    out = text
    # Last first, so earlier indexes stay right; of two insertions at one place, the one
    # made first ends up first.
    order = sorted(range(len(edits)), key=lambda i: (edits[i][0], edits[i][1], i), reverse=True)
    for start, end, new in (edits[i] for i in order):
        out = out[:start] + new + out[end:]
    return out


def _edit_mapping(text: str, node: yaml.MappingNode, before: Mapping[str, Any],
                  after: Mapping[str, Any], flow: Callable[[Any], str],
                  edits: list[tuple[int, int, str]], nested_steps: bool = False) -> None:
    if node.flow_style or not isinstance(before, Mapping) or not isinstance(after, Mapping):
        raise CannotEdit
    nodes = {k.value: (k, v) for k, v in node.value}
    if set(nodes) != set(before):
        raise CannotEdit  # the data was not read from this text
    indent = " " * node.value[0][0].start_mark.column
    for key in before:
        if key not in after:
            k, v = nodes[key]
            start = line_start(text, k.start_mark.index)
            if text[start:k.start_mark.index].strip():  # "- key:" opens a list item
                raise CannotEdit
            edits.append((start, line_end(text, _last(v).end_mark.index) + 1, ""))
    previous = None
    for key, value in after.items():
        if key in before:
            k, v = nodes[key]
            old = before[key]
            if key == "steps" and nested_steps and old != value:
                _edit_steps(text, v, old, value, flow, edits)
            elif old != value or type(old) is not type(value):
                if isinstance(v, yaml.ScalarNode) and v.start_mark.line == v.end_mark.line:
                    edits.append((v.start_mark.index, v.end_mark.index, flow(value)))
                else:  # a block list or mapping: the key again, its value on one line
                    edits.append((k.start_mark.index, _last(v).end_mark.index,
                                  f"{_key_text(text, k)}: {flow(value)}"))
            previous = key
            continue
        if previous is None:  # a new first key: before the first one of the text
            first = node.value[0][0]
            start = line_start(text, first.start_mark.index)
            if text[start:first.start_mark.index].strip():
                raise CannotEdit
            edits.append((start, start, f"{indent}{key}: {flow(value)}\n"))
        else:
            at = line_end(text, _last(nodes[previous][1]).end_mark.index)
            edits.append((at, at, f"\n{indent}{key}: {flow(value)}"))
        # ``previous`` stays a key of the text: new keys after it follow one another


def _edit_steps(text: str, node: yaml.Node, before: Any, after: Any,
                flow: Callable[[Any], str], edits: list[tuple[int, int, str]]) -> None:
    if not isinstance(node, yaml.SequenceNode) or node.flow_style or \
            not isinstance(before, list) or not isinstance(after, list) or \
            not len(node.value) == len(before) == len(after):
        raise CannotEdit
    for item, old, new in zip(node.value, before, after):
        if old != new:
            _edit_mapping(text, item, old, new, flow, edits)


def _key_text(text: str, key: yaml.Node) -> str:
    return text[key.start_mark.index:key.end_mark.index]


def _last(node: yaml.Node) -> yaml.Node:
    """The last scalar of ``node``: a block collection's own end lies on the next line."""
    while isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.value and \
            not node.flow_style:
        last = node.value[-1]
        node = last[1] if isinstance(last, tuple) else last
    return node


def line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def line_end(text: str, index: int) -> int:
    end = text.find("\n", index)
    return len(text) if end < 0 else end
