"""Person linkage: Splink over every person mention, clustering with the data manager's decisions, and
stable person ids across runs."""
