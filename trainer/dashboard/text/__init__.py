"""The text wing of the dashboard: projects, their members and labeling sessions, and
models: training, trying and comparing them, and their lifecycle."""
