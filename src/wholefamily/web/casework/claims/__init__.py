"""Results claims in the site: the coordinator's review and sign-off, the auditor's sample and spot checks."""
