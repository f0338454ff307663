from trainer.textapi.models import Status, TextModel

from .helpers import url


def test_base_model_list_shows_ready_base_models(reader, make_user):
    base = TextModel.objects.create(
        is_base=True,
        name="news-base",
        display_name="News",
        type="CLASS",
        language="de",
        status=Status.READY,
    )

    response = reader.get(url("base-models"))

    assert response.status_code == 200
    assert response.json() == [
        {
            "id": base.pk,
            "name": "news-base",
            "display_name": "News",
            "type": "CLASS",
            "language": "de",
        }
    ]


def test_base_model_list_leaves_out_base_models_that_are_not_ready(reader):
    TextModel.objects.create(
        is_base=True, name="broken-base", type="CLASS", language="en", status=Status.FAILED
    )

    assert reader.get(url("base-models")).json() == []


def test_base_model_list_leaves_out_project_models(reader, model_factory):
    model_factory(status=Status.READY)

    assert reader.get(url("base-models")).json() == []
