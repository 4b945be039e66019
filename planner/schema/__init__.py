"""The plan document's JSON Schema and its generated validator."""
