"""Interoperability: Fides (fideslang) manifests and Art. 30 spreadsheets (ROPA), in and out.

- :mod:`pia.interop.fides`: ``import_fides`` / ``export_fides``;
- :mod:`pia.interop.ropa`: ``import_ropa`` / ``export_ropa`` (CSV or Excel);
- :mod:`pia.interop.common`: ids, readable YAML, atomic writes, the import summary.

Heavy packages (fideslang, pandas, openpyxl) load only when a function runs.
"""
