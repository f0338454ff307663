"""The capture wing of the dashboard: documents' pages as the dashboard renders and reads them."""
