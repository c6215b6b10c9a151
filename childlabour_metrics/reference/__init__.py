"""The givens: periods, the indicator catalogue, unit registries, plans, scope and crosswalks.

Loaded from bundled or user files and validated; imports only :mod:`~childlabour_metrics.language`.
"""
