"""One module per sheet group; each ``write(ctx)`` adds its sheet(s) or nothing when the
report lacks the tables."""
