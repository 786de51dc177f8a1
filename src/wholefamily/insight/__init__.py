"""Population insight: needs, engagement and demand by small area against the population, every published
count suppressed when small (``suppression``), read from the warehouse and the casework milestones."""
