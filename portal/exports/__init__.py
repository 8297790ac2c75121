"""Open data: the validated Portal as CSV, JSON, a Data Package, Atom feeds, an iCalendar file and
JSON Schemas, plus the page that lists them. Free of MkDocs: hooks/portal_opendata.py publishes them.

Every output depends only on the data and the as-of date, so two builds give the same bytes.
"""
