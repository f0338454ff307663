"""The web UI: projects, labeling sessions and models, mirrored from a training API."""
