"""Secrets kept in the database, encrypted at rest (Fernet: AES-128-CBC with an
HMAC-SHA256, from the ``cryptography`` package).

The key is ``settings.TRAINER_ENCRYPTION_KEY`` (any string: the Fernet key is its
SHA-256); values written under an older key still decrypt while that key is listed
in ``TRAINER_ENCRYPTION_KEYS_OLD``. A value that no key decrypts reads as empty and
is logged, so a lost key costs re-entering the secret, never a page that fails.
"""

from __future__ import annotations

import base64
import hashlib
import logging

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models

logger = logging.getLogger(__name__)


def _fernet(key: str) -> Fernet:
    return Fernet(base64.urlsafe_b64encode(hashlib.sha256(key.encode()).digest()))


def _keys() -> MultiFernet:
    keys = [settings.TRAINER_ENCRYPTION_KEY, *settings.TRAINER_ENCRYPTION_KEYS_OLD]
    return MultiFernet([_fernet(key) for key in keys])


def encrypt(value: str) -> str:
    return _keys().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _keys().decrypt(token.encode()).decode()
    except InvalidToken:
        logger.warning("a secret in the database cannot be decrypted with the keys set")
        return ""


class EncryptedTextField(models.TextField):
    """Text stored encrypted; read back as plain text. Empty stays empty (nothing
    to hide), so ``field=""`` lookups still work."""

    def from_db_value(self, value, expression, connection):
        return decrypt(value) if value else value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return encrypt(value) if value else value
