"""Operations: the process runner and the demo data.

The only package that may touch both the dashboard and the embedded service
directly: it seeds them side by side for a newcomer's first run.
"""
