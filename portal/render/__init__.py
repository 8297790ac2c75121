"""Pages for MkDocs from the validated Portal: templates, paging, the search index."""
