"""The fast status poll, a wing of its own because it is the request the dashboard
answers most: while a model trains, each page that shows it asks for the model's
fragment every 2 s, per model and per viewer, and a project page of models in flight
multiplies that. So a poll reads only, and as little as it can: the access gate and
the model's state in one query written out (:mod:`.selectors`), or from the cache
that every process shares (:mod:`.cache`, with Redis) where each sync pass publishes
the states it read; 304 while what the fragment shows is unchanged (its ETag is a
digest of that); the fragment rendered once per state, role and language
(:mod:`.views`). The Celery sync does the writing (:mod:`trainer.dashboard.tasks`).
"""
