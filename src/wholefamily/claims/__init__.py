"""Results claims: which families worked with can be claimed for a period, why the others cannot yet, the
evidence pack of each claim, and the quarterly returns."""
