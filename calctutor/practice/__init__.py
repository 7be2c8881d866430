"""Practice: the drill state machine (no I/O), the progress store, FSRS scheduling, statistics."""
