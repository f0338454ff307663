"""What the upload forms of both wings share: the checks of a file before it is sent
on, and the file kept after a refused upload.

Browsers cannot fill a file input again, so a form refused (a field left empty, the
service's refusal) would make the person choose the file again. Instead the file is
kept on the server for a while: in ``TRAINER_STAGING_DIR`` (``var/staging/``) under a
random name that only
the person's session knows (one file per form; a session keeps :data:`STAGED_MAX`),
offered on the form ("sent again unless you choose another"), and deleted once used,
replaced, refused for itself, or older than :data:`STAGED_SECONDS` (:func:`staged_sweep`,
run by beat and at each new staging). Only a file that passed the form's own checks is
kept, so it is no larger than the form's limit.
"""

from __future__ import annotations

import logging
import secrets
import shutil
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

STAGED_SECONDS = 30 * 60
STAGED_MAX = 3  # files kept per session; the oldest goes first
SESSION_KEY = "trainer_staged_uploads"


def file_within(file: UploadedFile, *, limit: int) -> UploadedFile:
    if file.size > limit:
        raise forms.ValidationError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(file.size), "limit": filesizeformat(limit)}
        )
    return file


# -- the file kept after a refusal --------------------------------------------------------


@dataclass(frozen=True)
class StagedUpload:
    """A kept file: its random ``token`` (its name in the staging folder), the name and
    size it was uploaded with, and when (a Unix time)."""

    token: str
    name: str
    size: int
    at: float

    @property
    def path(self) -> Path:
        return staging_dir() / self.token

    def open(self) -> File:
        """The file, as the forms' ``file`` (read from the start, with its own name)."""
        return File(self.path.open("rb"), name=self.name)


def staging_dir() -> Path:
    return Path(settings.TRAINER_STAGING_DIR)


def _kept(session: SessionBase) -> dict[str, dict]:
    return dict(session.get(SESSION_KEY, {}))


def staged_get(*, session: SessionBase, purpose: str) -> StagedUpload | None:
    """The file this session keeps for ``purpose`` (a form of one project), if it is
    still there and not too old."""
    entry = _kept(session).get(purpose)
    if entry is None:
        return None
    staged = StagedUpload(**entry)
    if time.time() - staged.at > STAGED_SECONDS or not staged.path.is_file():
        staged_forget(session=session, purpose=purpose)
        return None
    return staged


def staged_keep(*, session: SessionBase, purpose: str, file: UploadedFile) -> StagedUpload:
    """Keep ``file`` for ``purpose``, in place of the one kept before."""
    staged_forget(session=session, purpose=purpose)
    staged_sweep()
    staged = StagedUpload(
        token=secrets.token_urlsafe(24), name=file.name, size=file.size, at=time.time()
    )
    staging_dir().mkdir(parents=True, exist_ok=True)
    file.seek(0)
    with staged.path.open("xb") as target:
        shutil.copyfileobj(file, target)
    kept = _kept(session)
    kept[purpose] = asdict(staged)
    for oldest in sorted(kept, key=lambda key: kept[key]["at"])[:-STAGED_MAX]:
        StagedUpload(**kept.pop(oldest)).path.unlink(missing_ok=True)
    session[SESSION_KEY] = kept
    return staged


def staged_forget(*, session: SessionBase, purpose: str) -> None:
    """Delete the file kept for ``purpose``, if any."""
    kept = _kept(session)
    entry = kept.pop(purpose, None)
    if entry is not None:
        StagedUpload(**entry).path.unlink(missing_ok=True)
        session[SESSION_KEY] = kept


def staged_sweep() -> int:
    """Delete the kept files older than :data:`STAGED_SECONDS`; how many."""
    folder = staging_dir()
    if not folder.is_dir():
        return 0
    oldest = time.time() - STAGED_SECONDS
    swept = 0
    for path in folder.iterdir():
        if path.is_file() and path.stat().st_mtime < oldest:
            path.unlink(missing_ok=True)
            swept += 1
    if swept:
        logger.info("Deleted %d kept uploads", swept)
    return swept


class KeptFileForm(forms.Form):
    """A form with a ``file`` (a subclass's field) that need not be chosen again after
    a refusal: with ``staged``, a form sent without a file uses the kept one. A
    subclass checks a new file in :meth:`check_file`."""

    def __init__(self, *args, staged: StagedUpload | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.staged = staged
        if staged is not None:
            self.fields["file"].required = False

    def check_file(self, file: UploadedFile) -> UploadedFile:
        return file

    def clean_file(self) -> File:
        file = self.cleaned_data["file"]
        if not file:  # only with a kept file: the field is required otherwise
            return self.staged.open()
        return self.check_file(file)


def refused_file_keep(*, session: SessionBase, purpose: str, form: KeptFileForm) -> None:
    """After ``form`` was refused: keep a file newly chosen that passed the form's
    checks (the refusal was about something else), offered when the form is shown
    again; forget the kept file when the file itself was refused."""
    if form.has_error("file"):
        staged_forget(session=session, purpose=purpose)
        form.staged = None
        return
    file = form.cleaned_data.get("file")
    if isinstance(file, UploadedFile):
        form.staged = staged_keep(session=session, purpose=purpose, file=file)
