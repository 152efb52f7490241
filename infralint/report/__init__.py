"""Output formats for findings and diagnostics."""
