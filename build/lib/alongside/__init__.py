"""Alongside: a private, shared companion for the people around someone with an opioid addiction."""

__version__ = "0.1.0"
