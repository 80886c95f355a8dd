"""Demo data for this floor (filled in below)."""
