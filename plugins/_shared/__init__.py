"""Helpers shared by the built-in platform plugins: activity, default curves, format constructors, text measures.

Nothing here is a plugin; each platform package imports what it needs. Keeping the helpers in one
place means the nine platforms describe their facts declaratively instead of repeating code.
"""
