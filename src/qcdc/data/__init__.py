"""Embedded reference data of qcdc (read with importlib.resources; see MANIFEST.json)."""
