"""Validation across records, and the problems it reports in Chinese."""
