"""The workforce: supervision of keyworkers, case audits and training records (seed 001 §3.2: a programme of
induction, training and supervision, and a system for quality assuring practice)."""
