"""The work with a family: team around the family meetings, reviews, the intervention catalogue and referrals
to interventions, contacts and case notes."""
