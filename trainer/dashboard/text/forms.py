"""Forms of the text wing: parse and check what a person typed; no writes here."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from pathlib import Path

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import RegexValidator
from django.db.models import QuerySet
from django.template.defaultfilters import filesizeformat
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from trainer.apiclient.deepopinion import BaseModel
from trainer.apiclient.errors import ApiError

from ..models import (
    LabelingSession,
    Language,
    ModelStatus,
    ModelType,
    TrainedModel,
    TrainingRequest,
)
from ..uploads import KeptFileForm, file_within
from .selectors import MODEL_ORDERINGS, SESSION_ORDERINGS

# Field names of the contract (POST /projects/{id}/models) → fields of TrainingForm,
# where they differ.
CONTRACT_FIELDS = {
    "base_id": "base_model",
    "annotation_ids": "pool_sessions",
    "trainset_annotation_ids": "train_sessions",
    "testset_annotation_ids": "test_sessions",
}
# What the training API's field names are about, for its errors shown above a form.
CONTRACT_FIELD_LABELS = {
    "display_name": _("Display name"),
    "name": _("Name"),
    "language": _("Language"),
    "type": _("Type"),
    "format": _("Format"),
    "file": _("File"),
    "documents": _("Documents in the file"),
    "texts": _("Texts"),
    "base_id": _("Base model"),
    "annotation_ids": _("Labeling sessions"),
    "trainset_annotation_ids": _("Train set"),
    "testset_annotation_ids": _("Test set"),
}


def _sort_choices(orderings: dict) -> list[tuple[str, str]]:
    return [(f"{sign}{key}", f"{sign}{key}") for key in orderings for sign in ("", "-")]


class ProjectTablesForm(forms.Form):
    """The project page's filters, sort orders and pages (a GET form; a value that
    is not valid is ignored)."""

    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any status")), *ModelStatus.choices], required=False
    )
    type = forms.ChoiceField(
        label=_("Type"), choices=[("", _("Any type")), *ModelType.choices], required=False
    )
    language = forms.ChoiceField(
        label=_("Language"), choices=[("", _("Any language")), *Language.choices], required=False
    )
    sort = forms.ChoiceField(choices=_sort_choices(MODEL_ORDERINGS), required=False)
    page = forms.IntegerField(min_value=1, required=False)
    sessions_sort = forms.ChoiceField(choices=_sort_choices(SESSION_ORDERINGS), required=False)
    sessions_page = forms.IntegerField(min_value=1, required=False)

    def value(self, name: str, default: str | int = "") -> str | int:
        """The cleaned value of ``name``; ``default`` when empty or not valid."""
        if not hasattr(self, "cleaned_data"):
            self.is_valid()
        return self.cleaned_data.get(name) or default


def isolated(name: str) -> str:
    """``name`` between FSI and PDI, so that an Arabic name in a label does not
    reorder the text around it (the ``dir="auto"`` of a plain-text option)."""
    return f"\u2068{name}\u2069"


class ModelChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: TrainedModel) -> str:
        return _("%(name)s (%(type)s, %(status)s, %(created)s)") % {
            "name": isolated(str(obj)),
            "type": obj.get_type_display(),
            "status": obj.get_status_display(),
            "created": date_format(obj.created, "SHORT_DATE_FORMAT") if obj.created else "—",
        }


class ModelCompareForm(forms.Form):
    """Which two models of a project to compare (a GET form)."""

    first = ModelChoiceField(label=_("First model"), queryset=TrainedModel.objects.none())
    second = ModelChoiceField(label=_("Second model"), queryset=TrainedModel.objects.none())

    def __init__(self, *args, models: QuerySet[TrainedModel], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["first"].queryset = models
        self.fields["second"].queryset = models

    def clean(self) -> dict:
        """Two models of one type: each type has figures of its own."""
        data = super().clean()
        first, second = data.get("first"), data.get("second")
        if first and second and first.type != second.type:
            raise forms.ValidationError(
                _(
                    "Compare two models of one type: “%(first)s” is %(first_type)s, "
                    "“%(second)s” is %(second_type)s."
                )
                % {
                    "first": isolated(str(first)),
                    "first_type": first.get_type_display(),
                    "second": isolated(str(second)),
                    "second_type": second.get_type_display(),
                }
            )
        return data


class SessionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: LabelingSession) -> str:
        return ngettext(
            "%(name)s (%(type)s, %(documents)s document)",
            "%(name)s (%(type)s, %(documents)s documents)",
            obj.documents,
        ) % {
            "name": isolated(obj.name),
            "type": obj.get_type_display(),
            "documents": number_format(obj.documents),
        }


def _base_label(base: BaseModel) -> str:
    return base.display_name or base.name


def base_model_choices(base_models: Sequence[BaseModel]) -> list:
    """The select's choices: "none" first, those that do not say their language, then
    the others grouped by language."""
    choices: list = [("", _("None — train from scratch"))]
    choices += [(str(base.id), _base_label(base)) for base in base_models if not base.language]
    for language, label in Language.choices:
        group = [
            (str(base.id), _base_label(base)) for base in base_models if base.language == language
        ]
        if group:
            choices.append((label, group))
    return choices


class ServiceErrorsForm(forms.Form):
    """A form whose input the service checks again: its refusal is shown on the form."""

    # The service's names of this form's fields where they differ from the form's.
    contract_fields: dict[str, str] = {}

    def form_field(self, contract_field: str) -> str | None:
        """The field of this form that the service's ``contract_field`` stands for."""
        field = self.contract_fields.get(contract_field, contract_field)
        return field if field in self.fields else None

    def add_api_errors(self, exc: ApiError) -> None:
        """Show the service's messages next to the fields they name; the others above
        the form, after the name of what they are about in the person's language."""
        for contract_field, messages in exc.field_errors.items():
            field = self.form_field(contract_field)
            about = CONTRACT_FIELD_LABELS.get(contract_field, contract_field)
            for message in messages:
                if field is None:
                    message = _("%(field)s: %(message)s") % {"field": about, "message": message}
                self.add_error(field, message)
        if not exc.field_errors:
            self.add_error(None, exc.message)


class TrainingForm(ServiceErrorsForm):
    contract_fields = CONTRACT_FIELDS

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
    # A fresh key per form shown: sending the same form twice starts one training.
    idempotency_key = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4, required=False)

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

    def sessions_ticked(self) -> dict[str, list[LabelingSession]]:
        """The sessions ticked in each list, read even while the form is not valid
        (the live summary); a list that cannot be read counts as empty."""
        ticked = {}
        for name in ("pool_sessions", "train_sessions", "test_sessions"):
            try:
                ticked[name] = list(self.fields[name].clean(self[name].value()))
            except forms.ValidationError:
                ticked[name] = []
        return ticked

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
        if len({session.type for session in sessions}) > 1:
            self.add_error(None, _("The chosen labeling sessions must all be of one type."))
        base = self.base_models.get(data.get("base_model"))
        # Only a base model that says its language is checked here: the service refuses
        # any other mismatch, and its 400 is shown on this field too.
        if base and base.language and language and base.language != language:
            self.add_error("base_model", _("This base model is for another language."))
        return data

    def form_field(self, contract_field: str) -> str | None:
        field = super().form_field(contract_field)
        if field == "pool_sessions" and self.cleaned_data.get("mode") == "split":
            return "train_sessions"
        return field


# File name endings of the formats the training API reads (CoNLL and CSV often come as .txt).
UPLOAD_EXTENSIONS = (
    ".jsonl",
    ".ndjson",
    ".json",
    ".csv",
    ".tsv",
    ".txt",
    ".conll",
    ".conll03",
    ".bio",
    ".iob",
    ".iob2",
    ".xml",
)
SNIFF_BYTES = 8 * 1024


class SessionUploadForm(KeptFileForm, ServiceErrorsForm):
    """A file of labeled data, all the vendor's upload takes: the service reads its
    format from its content, makes it a session of the project's type and names the
    session after the file."""

    file = forms.FileField(
        label=_("File"),
        widget=forms.FileInput(attrs={"accept": ",".join(UPLOAD_EXTENSIONS)}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "UTF-8 text, at most %(limit)s: JSON Lines, CSV or TSV, SemEval-2014 or -2016 "
            "XML, GermEval 2017 XML, or a Label Studio JSON export. The labeling session is "
            "named after the file."
        ) % {"limit": filesizeformat(settings.TRAINER_MAX_UPLOAD_BYTES)}

    def check_file(self, file: UploadedFile) -> UploadedFile:
        """Refuse what the service would refuse anyway before sending it: too large, a
        name ending that is no labeled-data format, or binary content."""
        file = file_within(file, limit=settings.TRAINER_MAX_UPLOAD_BYTES)
        if Path(file.name).suffix.lower() not in UPLOAD_EXTENSIONS:
            raise forms.ValidationError(
                _("Choose a file ending in one of %(extensions)s.")
                % {"extensions": " ".join(UPLOAD_EXTENSIONS)}
            )
        file.seek(0)
        head = file.read(SNIFF_BYTES)
        file.seek(0)
        if b"\x00" in head:
            raise forms.ValidationError(_("This is not a text file. Labeled data is UTF-8 text."))
        return file


class ModelTryForm(ServiceErrorsForm):
    """A few texts to try a model on, one a line (``texts`` cleans to the list of
    the lines that are not blank)."""

    MAX_TEXTS = 20
    MAX_CHARACTERS = 5000
    # POST /analyze names the texts "documents".
    contract_fields = {"documents": "texts"}

    texts = forms.CharField(
        label=_("Texts, one a line"),
        max_length=MAX_CHARACTERS,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto", "spellcheck": "false"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["texts"].help_text = _(
            "Up to %(texts)d lines and %(characters)d characters in all."
        ) % {"texts": self.MAX_TEXTS, "characters": self.MAX_CHARACTERS}

    def clean_texts(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["texts"].splitlines()]
        lines = [line for line in lines if line]
        if len(lines) > self.MAX_TEXTS:
            raise forms.ValidationError(
                _("That is %(count)d lines; try at most %(max)d at once.")
                % {"count": len(lines), "max": self.MAX_TEXTS}
            )
        return lines


class CorrectionForm(ServiceErrorsForm):
    """A correction session of a model: its name and how many documents the model
    pre-labels (the vendor's CorrectionCreate; empty, the service chooses)."""

    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    sample_size = forms.IntegerField(
        label=_("Documents to correct"),
        min_value=1,
        required=False,
        help_text=_(
            "How many of the project's documents the model labels for people to check; "
            "those it is least sure of come first. Left empty, the service chooses."
        ),
    )


TAG_NAME_MAX_LENGTH = 200  # the embedded service's; the vendor does not say


class NamesField(forms.CharField):
    """Names typed one a line, cleaned to the list of the lines that are not blank, in
    their order; a name too long, or one typed twice, is refused by name."""

    def __init__(self, **kwargs) -> None:
        attrs = {"rows": 5, "dir": "auto", "spellcheck": "false"}
        super().__init__(required=False, widget=forms.Textarea(attrs=attrs), **kwargs)

    def clean(self, value: str) -> list[str]:
        lines = [line.strip() for line in super().clean(value).splitlines()]
        names = [line for line in lines if line]
        if long := [name for name in names if len(name) > TAG_NAME_MAX_LENGTH]:
            raise forms.ValidationError(
                _("A name has at most %(max)d characters: %(name)s")
                % {"max": TAG_NAME_MAX_LENGTH, "name": isolated(long[0][:40] + "…")}
            )
        seen: set[str] = set()
        twice = []
        for name in names:
            if name.casefold() in seen:
                twice.append(name)
            seen.add(name.casefold())
        if twice:
            raise forms.ValidationError(
                _("Each name once, please: %(names)s") % {"names": ", ".join(map(isolated, twice))}
            )
        return names


def names_initial(names: Sequence[str]) -> str:
    """The names as :class:`NamesField` shows them."""
    return "\n".join(names)


class ProjectSettingsForm(ServiceErrorsForm):
    """A text project's name and its classes and labels (the type is the project's)."""

    name = forms.CharField(label=_("Name"), max_length=200)
    classes = NamesField(
        label=_("Classes, one a line"),
        help_text=_("What a document or a segment is about, e.g. Staff, Room, Breakfast."),
    )
    labels = NamesField(
        label=_("Labels, one a line"),
        help_text=_("What is said of it, e.g. positive, negative, neutral."),
    )

    def __init__(self, *args, project_type: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.project_type = project_type
        if project_type == ModelType.ABSA:
            self.fields["labels"].widget.attrs["readonly"] = True
            self.fields["labels"].help_text = _(
                "An aspect-based sentiment project's labels are its polarities; the "
                "training service sets them and refuses any change."
            )

    def chosen_type(self) -> ModelType | None:
        return ModelType(self.project_type) if self.project_type in ModelType.values else None

    def clean(self) -> dict:
        data = super().clean()
        kind = self.chosen_type()
        if kind is not None and not kind.has_classes and data.get("classes"):
            self.add_error(
                "classes",
                _("A project of type “%(type)s” has no classes: leave this empty.")
                % {"type": kind.label},
            )
        if kind == ModelType.CLASS and data.get("labels"):
            self.add_error(
                "labels",
                _("A project of type “%(type)s” has no labels: leave this empty.")
                % {"type": kind.label},
            )
        return data


class ProjectForm(ProjectSettingsForm):
    """A new text project: its name, its type, and its first classes and labels."""

    field_order = ["name", "type", "classes", "labels"]

    type = forms.ChoiceField(
        label=_("Type"),
        # The vendor's types, simplest first, each said with an example.
        choices=[
            (ModelType.LABEL, _("One label per document, e.g. its sentiment")),
            (ModelType.CLASS, _("Classes per document: none, one or more topics")),
            (ModelType.CLASSLABEL, _("Classes with their labels: each topic with its sentiment")),
            (
                ModelType.ABSA,
                _(
                    "Aspect-based sentiment: segments of the text, each with a topic "
                    "and its polarity"
                ),
            ),
        ],
        widget=forms.RadioSelect,
        help_text=_("The type cannot change later."),
    )

    def chosen_type(self) -> ModelType | None:
        self.project_type = self.cleaned_data.get("type", "")
        return super().chosen_type()

    def clean(self) -> dict:
        data = super().clean()
        if self.chosen_type() == ModelType.ABSA and data.get("labels"):
            self.add_error(
                "labels",
                _(
                    "An aspect-based sentiment project's labels are its polarities, which "
                    "the training service sets: leave this empty."
                ),
            )
        return data
