"""Extractors: one scanned file in, frozen facts out. Pure functions, no I/O."""
