"""Helpers the test suite shares: a throw-away PostgreSQL server, sample plans, worker processes."""
