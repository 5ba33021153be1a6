"""Data-integrity checks that use the IR's references (orphaned records)."""
