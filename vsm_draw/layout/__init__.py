"""The diagram's layout: model and metrics in, one positioned :class:`~.scene.Scene` out.

``measure`` (what each step shows) -> ``steps`` (where the steps go; their process row)
-> ``info`` (information row and flows) -> ``ladder`` (the lead-time ladder) -> a frozen
``scene`` that every writer reads.
"""
from .diagram import LADDERS, describe, diagram_scene, diagram_scenes
from .scene import Column, Row, Scene, scene_lines

__all__ = ["LADDERS", "Column", "Row", "Scene", "describe", "diagram_scene", "diagram_scenes", "scene_lines"]
