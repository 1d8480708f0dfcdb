"""Adding up the activity log: totals and comparisons across unit sets, stocks and rates,
target evaluation and provenance. Works on the accepted log; knows nothing of files or outputs."""
