"""The evidence pages: the impact study's report and the risk model's reports, read from the workspace."""
