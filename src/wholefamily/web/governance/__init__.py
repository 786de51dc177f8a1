"""Information governance in the site: the legal basis of each use of data (every member of staff), the sharing
agreements due for review (the coordinator and the data manager), and subject access (the coordinator)."""
