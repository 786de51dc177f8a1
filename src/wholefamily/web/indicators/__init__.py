"""The population indicators as pages: each table `wholefamily insight indicators` wrote into the workspace's
``reports/insight/<date>/``, already suppressed, with its data dictionary and a CSV download."""
