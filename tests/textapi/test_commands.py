from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from trainer.textapi.models import ApiToken

from .helpers import url


def test_textapi_token_prints_a_working_token(make_user):
    user = make_user("alice")
    out = StringIO()

    call_command("textapi_token", "alice", "--name", "laptop", stdout=out)

    raw = out.getvalue().strip()
    response = Client(headers={"Authorization": f"Bearer {raw}"}).get(url("projects"))
    assert response.status_code == 200
    assert ApiToken.objects.get().name == "laptop"
    assert ApiToken.objects.get().user == user


def test_textapi_token_refuses_an_unknown_user(db):
    with pytest.raises(CommandError, match="nobody"):
        call_command("textapi_token", "nobody", stdout=StringIO())
