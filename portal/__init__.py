"""The public transparency portal: YAML files in data/ become a searchable Chinese website.

The data flows through the sub-packages in this order, and each one uses only those before it:

    data/*.yml
      │  load/      one strict YAML reader: data with the line and column of every value,
      │             errors in Chinese where the mistake is; scalars; the personal-data guard
      ▼
      │  model/     field types, one model per kind of record, the registry of kinds and of
      │             the references between records, the as-of date, the immutable Portal
      ▼
      │  checks/    validation of every file and across records: every problem at once, as
      │             file:line:column, field and what to write instead (Chinese)
      │  load/portal.py runs these three in order (load_portal): the one module of load/ that
      ▼             uses model/ and checks/, and the only way to a Portal
    Portal ──► render/   Markdown pages (Jinja2 templates), paging, the data dictionary, the
      │                  browser editor's configuration, Pagefind's search index
      ├──────► exports/  open data: CSV, JSON, Data Package, JSON Schemas, Atom feeds, iCalendar
      ▼
    MkDocs (hooks/ in the checkout hand these to MkDocs and Material) ──► site/
      │  publish/   build in a child process, check the release, switch it live atomically,
      ▼             roll back, republish on change, say what the public will see change
    what the public sees

`cli.py` is the `portal` command (validate, new, build, schema, links, publish, rollback, watch,
diff); `scaffold.py` beside it writes `portal new`'s stubs from scaffold_templates/. Nothing here imports MkDocs: everything MkDocs-specific sits in hooks/ and overrides/.
"""
