"""One conversation turn by stages: understand → plan → phrase → check (speaking lives in the turn)."""
