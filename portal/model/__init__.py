"""The records: field types, one model per kind, the registry of kinds, the validated Portal."""
