"""Actual results of a running plan: import, storage access and the figures built from them."""
