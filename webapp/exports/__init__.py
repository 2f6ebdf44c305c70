"""Renderers that turn a Schedule into downloadable text or bytes; no Flask here."""
