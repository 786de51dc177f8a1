"""Value for money: the cost of the work (keyworker time from contacts, interventions' unit costs) and the value
of the outcomes achieved, per cohort of closures, from a unit-cost table the council keeps as data."""
