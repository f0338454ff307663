"""Forms: parse and check what a person typed; no writes here."""

from __future__ import annotations

from collections.abc import Sequence

from django import forms
from django.core.validators import RegexValidator
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from trainer.apiclient.errors import ApiValidationError
from trainer.apiclient.text import BaseModel

from .models import LabelingSession, Language, TrainingRequest

# Field names of the contract (POST /projects/{id}/models) → fields of TrainingForm.
CONTRACT_FIELDS = {
    "display_name": "display_name",
    "name": "name",
    "language": "language",
    "base_id": "base_model",
    "annotation_ids": "pool_sessions",
    "trainset_annotation_ids": "train_sessions",
    "testset_annotation_ids": "test_sessions",
}


class SessionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: LabelingSession) -> str:
        # The name is isolated (FSI … PDI) so an Arabic name does not reorder the rest.
        return _("\u2068%(name)s\u2069 (%(type)s, %(language)s, %(documents)s documents)") % {
            "name": obj.name,
            "type": obj.type,
            "language": obj.language,
            "documents": obj.documents,
        }


def base_model_choices(base_models: Sequence[BaseModel]) -> list:
    """The select's choices: "none" first, then the base models grouped by language."""
    choices: list = [("", _("None — train from scratch"))]
    labels = dict(Language.choices)
    for language, label in labels.items():
        group = [
            (str(base.id), f"{base.display_name or base.name} ({base.type})")
            for base in base_models
            if base.language == language
        ]
        if group:
            choices.append((label, group))
    return choices


class TrainingForm(forms.Form):
    display_name = forms.CharField(
        label=_("Display name"),
        max_length=200,
        help_text=_("The friendly name people see."),
    )
    name = forms.CharField(
        label=_("Internal name"),
        max_length=100,
        required=False,
        validators=[
            RegexValidator(
                r"^[-a-zA-Z0-9_.]+$",
                _("Use letters, digits, dots, hyphens and underscores only."),
            )
        ],
        help_text=_("Unique in the workspace. Leave empty to use one made from the display name."),
    )
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices, initial=Language.EN)
    base_model = forms.TypedChoiceField(
        label=_("Base model"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("Optional: a model to start from. It must match the language and type."),
    )
    mode = forms.ChoiceField(
        label=_("Train and test data"),
        choices=[
            (TrainingRequest.Mode.POOL, _("Split automatically into train and test sets")),
            (TrainingRequest.Mode.SPLIT, _("Choose the train set and the test set")),
        ],
        initial=TrainingRequest.Mode.POOL,
        widget=forms.RadioSelect,
    )
    pool_sessions = SessionChoiceField(
        label=_("Labeling sessions to split automatically"),
        queryset=LabelingSession.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    train_sessions = SessionChoiceField(
        label=_("Train set"),
        queryset=LabelingSession.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    test_sessions = SessionChoiceField(
        label=_("Test set"),
        queryset=LabelingSession.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Optional: without a test set the service holds one out of the train set."),
    )

    def __init__(
        self,
        *args,
        sessions: QuerySet[LabelingSession],
        base_models: Sequence[BaseModel],
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        for name in ("pool_sessions", "train_sessions", "test_sessions"):
            self.fields[name].queryset = sessions
        self.base_models = {base.id: base for base in base_models}
        self.fields["base_model"].choices = base_model_choices(base_models)

    def chosen_sessions(self) -> list[LabelingSession]:
        data = self.cleaned_data
        if data.get("mode") == TrainingRequest.Mode.SPLIT:
            return [*data.get("train_sessions", []), *data.get("test_sessions", [])]
        return list(data.get("pool_sessions", []))

    def clean(self) -> dict:
        data = super().clean()
        mode = data.get("mode")
        if mode == TrainingRequest.Mode.POOL and not data.get("pool_sessions"):
            self.add_error("pool_sessions", _("Choose at least one labeling session."))
        if mode == TrainingRequest.Mode.SPLIT:
            train = set(data.get("train_sessions") or [])
            test = set(data.get("test_sessions") or [])
            if not train:
                self.add_error("train_sessions", _("Choose at least one labeling session."))
            if both := train & test:
                self.add_error(
                    "test_sessions",
                    _("A session cannot be in the train set and the test set: %(names)s.")
                    % {"names": ", ".join(sorted(session.name for session in both))},
                )
        language = data.get("language")
        sessions = self.chosen_sessions() if mode else []
        if language and any(session.language != language for session in sessions):
            self.add_error(None, _("Every chosen labeling session must be in the chosen language."))
        if len({session.type for session in sessions}) > 1:
            self.add_error(None, _("The chosen labeling sessions must all be of one type."))
        base = self.base_models.get(data.get("base_model"))
        if base and language and base.language != language:
            self.add_error("base_model", _("This base model is for another language."))
        if base and sessions and base.type != sessions[0].type:
            self.add_error("base_model", _("This base model is for another type of labels."))
        return data

    def add_api_errors(self, exc: ApiValidationError) -> None:
        """Show the service's 400 next to the fields it names (others above the form)."""
        for contract_field, messages in exc.field_errors.items():
            field = CONTRACT_FIELDS.get(contract_field)
            if field == "pool_sessions" and self.cleaned_data.get("mode") == "split":
                field = "train_sessions"
            for message in messages:
                self.add_error(field, message)
        if not exc.field_errors:
            self.add_error(None, exc.message)
