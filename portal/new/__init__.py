"""`portal new`: the stubs of new records (scaffold.py) and their templates (templates/)."""
