"""Loaders: policy documents in, typed records with evidence out."""
from .pipeline import extract_bytes, extract_file, extract_text

__all__ = ["extract_bytes", "extract_file", "extract_text"]
