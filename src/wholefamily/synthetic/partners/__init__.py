"""The partner agencies' extracts: one module per agency, each writing its files as that partner would."""
