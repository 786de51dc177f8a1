"""The family's journey from referral to closure: the rules of when each step may happen, and the steps."""
