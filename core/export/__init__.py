"""Export formats of a plan (JSON, CSV, iCalendar); the built-in exporters are registered by `builtin`."""
