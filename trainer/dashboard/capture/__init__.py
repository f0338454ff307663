"""The capture wing of the dashboard: capture projects, their documents, the page viewer
(pages as the dashboard renders and reads them), training and verification."""
