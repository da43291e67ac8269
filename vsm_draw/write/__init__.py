"""Writers: each reads a positioned :class:`~vsm_draw.layout.scene.Scene` and returns text or bytes."""
