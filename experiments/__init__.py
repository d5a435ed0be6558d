"""Experiments: YAML configs, the runner (`python -m experiments`), metrics and run folders."""
from __future__ import annotations
