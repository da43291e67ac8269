"""The screens a map is laid out for besides its own column: a phone's, for the web report
(:func:`~vsm_draw.report.web_map`, ``screen.css``) and for the docs builds (:mod:`.batch`,
Sphinx, MkDocs, ``vsm-draw.css``) alike.

A phone held upright is 390 CSS px wide (iPhone 12 to 16; most Android phones 360 to 412).
The page's padding leaves the map a column of 390 - 2 x 16 = 358 px in Furo and in Material
for MkDocs (measured in Chromium), and 390 - 2 x 15 = 360 px in the report (``screen.css``
under 720 px: 1rem of 15 px each side): a map laid out for :data:`PHONE_COLUMN` fits all
three, its text the size it was laid out for.

The phone picture is shown where the picture laid out for the wide column would show at
under about 3/4 of its size, so a screen's width where it takes over follows from the wide
column: a docs column (Furo 736 px, Material 688, other themes about 700) less the theme's
32 px of padding, :data:`PHONE_SCREEN`; the report's 1132 px column less its 48 px,
:data:`WEB_PHONE_SCREEN` (where the report's charts, 760 px wide, take their phone drawing
too).
"""

from __future__ import annotations

#: The map's column on a phone held upright, in CSS px (see the module's text).
PHONE_COLUMN = 358
#: The widest screen (CSS px) that shows a docs map's phone picture and stacks its metrics
#: table: 600 - 32 is 77 % of Furo's 736 px column, 83 % of Material's 688.
PHONE_SCREEN = 600
#: The widest screen (CSS px) where the web report shows its map's and charts' phone
#: drawings: 860 - 48 is 72 % of its 1132 px column.
WEB_PHONE_SCREEN = 860
