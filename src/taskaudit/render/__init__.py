"""Renderers: the same typed results, one module per output format."""
