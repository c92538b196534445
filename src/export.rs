//! The canonical normalised table: CSV, XLSX and JSON forms.
