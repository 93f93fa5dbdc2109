"""Scenario files: schema, loading with precise errors, and compilation into world blueprints."""
