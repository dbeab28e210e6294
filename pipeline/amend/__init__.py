"""Corrections (ralat) and takedowns (penarikan) of published posts, on the platforms' side.

The SOP side decides *what* is corrected or withdrawn and hands over a list of ``Act``; ``amend`` does each
act exactly once on the platform (``platforms``), or hands it to a person through an outbox package when the
platform cannot (``run``), and keeps a signed receipt of each act on ``arsip``.
"""
