"""The whole-family assessment, the wellbeing tool and the family plan."""
