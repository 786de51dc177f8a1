"""The REST API: families and people, with the access rules of the web pages."""
