"""Trainer: a dashboard to train machine-learning models through training APIs."""

from .celery import app as celery_app

__all__ = ["celery_app"]
