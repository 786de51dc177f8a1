"""Step-up to children's social care, step-down to early help, closure and re-referral."""
