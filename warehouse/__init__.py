"""The DuckDB warehouse: building it with dbt and reading its marts."""
