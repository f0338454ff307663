"""A usable model whose file is gone (deleted from the folder or the bucket) is a
conflict the caller can act on, not a 500."""

from trainer.textapi.models import Status

from .helpers import assert_error, post_json


def test_analyzing_with_a_model_whose_file_is_gone_is_a_409(reader, model_factory):
    model = model_factory(status=Status.READY, artifact="gone.joblib")

    response = post_json(
        reader, "analyze", {"model": model.name, "documents": [{"text": "Rain today."}]}
    )

    body = assert_error(response, 409)
    assert "train it again" in body["detail"]
