"""Ingest of SKP export files (format v1) into the warehouse's raw schema."""
