"""Schema evolution: what a change of the schemas means, before it is merged.

``source_ref`` reads the schemas at a git ref or in a directory (through the one front end,
``checked_project``); ``keywords`` compares two subschemas keyword by keyword; ``classify``
compares two projects and names each change at its JSON pointer as data-tightening,
code-breaking or safe; ``rollout`` orders the steps that make a data-tightening change safe
to apply. Everything here but ``source_ref`` is pure.
"""
