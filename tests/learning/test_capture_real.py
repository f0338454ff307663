"""The capture on the real development invoices (../shared/data/capture, not in the
repository): skipped where that folder is absent. See tests/benchmarks/bench_capture.py."""

import pytest

from tests.benchmarks import bench_capture
from trainer.learning.capture import extract

pytestmark = pytest.mark.skipif(
    not bench_capture.DATA.is_dir(), reason="the development documents are absent"
)


def test_most_fields_of_text_layer_invoices_never_seen_are_found_out_of_the_box():
    documents = [
        document
        for folder in ("invoices-generic", "invoices-zugferd")
        for document in bench_capture.read_folder(folder)
    ]
    right = total = 0
    for document in documents:
        found = extract(None, document.pages, list(document.truth), document_type="invoices")
        for field, truth in document.truth.items():
            right += bench_capture.same(field, found[field].value, truth)
            total += 1

    assert right / total >= 0.6
