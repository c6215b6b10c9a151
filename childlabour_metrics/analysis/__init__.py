"""Tables in, tables out: values, attainment, progress, completeness, owners and the report's data.

No files are read here but through :mod:`~childlabour_metrics.io`, and no word
is chosen: tables carry codes, the outputs choose the words.
"""
