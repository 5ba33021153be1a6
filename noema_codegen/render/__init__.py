"""Renderers: IR -> file contents (paths relative to the output directory)."""
