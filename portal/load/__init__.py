"""Reading data files: the one YAML reader, positions, scalars, the personal-data guard."""
