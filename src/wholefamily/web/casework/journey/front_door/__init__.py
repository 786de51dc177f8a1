"""The front door: referrals made by hand, triage, allocation, caseloads and the team manager's dashboard."""
