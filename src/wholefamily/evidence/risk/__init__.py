"""An escalation-risk model for decision support, off by default (``evaluate risk``, docs/evidence.md)."""
