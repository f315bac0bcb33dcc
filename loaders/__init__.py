"""Loaders: files in, validated, into the database."""
