"""Official letters and reports as Word documents."""
