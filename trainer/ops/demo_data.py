"""The project's own demo data, and the data of the embedded service's base models.

Generated from hand-written phrases with a fixed seed, so every machine gets the
same documents:

- English customer-support messages by topic (classes), with the products,
  months, devices and amounts in them marked as spans. Like a real inbox they
  are not all easy (see ``KINDS``): short and vague messages, messages in
  another topic's words, and messages with a second, smaller ask on another
  topic (the class is the main ask). A model trained on the demo sessions
  scores about 0.8 to 0.95 on its test set, not a suspicious 1.0.
- English and German product reviews whose aspects ("the delivery", "der
  Akku") carry a polarity.

The base models (``BASE_MODELS``, a base per type) learn from these as the
vendor's documents of their type, read as the JSON Lines importer reads them. The
Arabic hotel reviews of the Arabic ABSA base model ("Hotel Pre-Trained") are not
generated: they are a subset of the MIT-licensed SemEval-2016 hotel set, shipped in
``trainer/textapi/base_corpora/`` (see its README for the source and licence).
"""

import json
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from trainer.learning import corpora
from trainer.learning.documents import Document

OPENERS = [
    "",
    "Hi,",
    "Hello support,",
    "Good morning.",
    "Hey team,",
    "Dear customer service,",
    "Quick question:",
    "Sorry to bother you again.",
]
CLOSERS = [
    "",
    "Thanks.",
    "Thank you in advance.",
    "Please help.",
    "Regards, Sam",
    "This is urgent.",
    "Any update would be appreciated.",
    "Cheers",
]
ITEMS = ["order", "subscription", "parcel", "invoice", "plan", "package", "account", "purchase"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August"]
DEVICES = ["iPhone", "Android phone", "laptop", "tablet", "work computer", "Chromebook"]

PHRASES = {
    "billing": [
        "I was charged twice for my {item} this month.",
        "My invoice for {month} shows the wrong amount.",
        "Why did the price of my {item} go up without notice?",
        "I need a refund for the {item} I cancelled last week.",
        "The payment for my {item} failed but the money left my bank.",
        "Can you send me a VAT invoice for my {item}?",
        "You billed my credit card after I cancelled the {item}.",
        "The discount code was not applied to my {item}.",
        "I want to change the card you charge for my {item}.",
        "There is an unknown charge of {amount} euros on my statement.",
        "Please explain the fee of {amount} dollars on my {month} invoice.",
        "I paid {amount} but the receipt says something else.",
        "The app charged me twice when I ordered the {item}.",
        "My account shows a payment of {amount} euros I never made.",
    ],
    "delivery": [
        "My {item} has not arrived and the tracking stopped in {month}.",
        "The courier left my {item} at the wrong address.",
        "The {item} arrived damaged, the box was crushed.",
        "Tracking says delivered but I never got the {item}.",
        "Can I change the delivery address of my {item}?",
        "My {item} is stuck at customs for {amount} days.",
        "The delivery window was missed twice this week.",
        "Half of my {item} is missing from the box.",
        "When will my {item} be shipped? It says processing since {month}.",
        "The driver did not ring, there is just a note on the door.",
        "Please deliver the {item} to the pickup point instead.",
        "I received someone else's {item} today.",
        "The app says my {item} was delivered, but it was not.",
        "I paid for express shipping and the {item} is still not here.",
    ],
    "technical": [
        "The app crashes on my {device} when I open the settings.",
        "I get an error 500 when I try to upload a file.",
        "The page keeps loading forever on my {device}.",
        "Sync between my {device} and the website stopped working.",
        "Notifications do not show up on my {device} any more.",
        "The export button produces an empty file.",
        "After the update the app is very slow on my {device}.",
        "I cannot connect the app to my printer.",
        "The search returns nothing even for words I can see on screen.",
        "Video playback stutters on my {device}.",
        "The dashboard shows a blank screen since the {month} release.",
        "Two factor codes never arrive on my {device}.",
        "The invoice page does not open on my {device}.",
        "The tracking page shows an error for my {item}.",
    ],
    "account": [
        "I forgot my password and the reset email never comes.",
        "Please delete my account and all my data.",
        "How do I change the email address of my account?",
        "My account was locked after too many login attempts.",
        "I want to merge my two accounts into one.",
        "Someone logged into my account from another country.",
        "Can I transfer my {item} to my colleague's account?",
        "How do I add a second user to our company account?",
        "I cannot change my username in the profile page.",
        "Please update the name on my account, I got married in {month}.",
        "I did not sign up but I receive emails for an account.",
        "How can I download a copy of my personal data?",
        "I cannot see my orders since I changed my email in {month}.",
        "The {month} invoices go to my old email address.",
    ],
}


# Short messages, as people type them on a phone: few words, fewer cues.
SHORT_PHRASES = {
    "billing": [
        "Refund for the {item} please.",
        "Charged twice?!",
        "Wrong amount on the {month} invoice.",
        "Where is my refund?",
        "Why {amount} euros?",
        "Price went up again?",
    ],
    "delivery": [
        "Where is my parcel?",
        "Still no package.",
        "Parcel missing.",
        "Wrong address!",
        "Box arrived empty.",
        "Tracking stuck since {month}.",
    ],
    "technical": [
        "App crashes on my {device}.",
        "Error 500 again.",
        "Blank screen on my {device}.",
        "Nothing loads on my {device}.",
        "Sync not working.",
        "Login page crashes.",
    ],
    "account": [
        "Can't log in.",
        "Locked out since {month}.",
        "Still no reset email.",
        "Delete my account and the {item}.",
        "Wrong email address.",
        "Password not working.",
    ],
}

# Vague messages: the topic shows only in a word or two.
VAGUE_PHRASES = {
    "billing": [
        "The amount is still not right, see my last email.",
        "I think you took too much money again.",
        "Something about the last payment for my {item} looks off.",
        "The numbers do not add up, I expected less.",
    ],
    "delivery": [
        "I am still waiting, it was sent in {month}.",
        "Nothing has come yet and nobody answers.",
        "It was supposed to be here on Monday.",
        "The {item} is somewhere, but not with me.",
    ],
    "technical": [
        "It still does not work, even after restarting.",
        "Same problem as last week on my {device}, nothing happens.",
        "It just stops halfway every time on the {device}.",
        "Something broke after the last update.",
    ],
    "account": [
        "I still cannot get in since {month}.",
        "It keeps saying my details are wrong.",
        "I need someone else to have access too.",
        "My details are out of date, how do I fix that?",
    ],
}

# Borderline messages: in another topic's words; the ask decides the topic.
BORDERLINE_PHRASES = {
    "billing": [
        "The {item} never arrived, so I want my money back.",
        "I sent the {item} back in {month}, when do I get the money?",
        "The app crashed on my {device} at checkout and I was charged anyway.",
        "I closed my account but you still charge me every month.",
    ],
    "delivery": [
        "I paid for the {item} in {month} and it has not been sent.",
        "The app shows my {item} as shipped, but nothing came.",
        "I moved, please send the {item} to my new address, not the one on my account.",
        "You took the money, so where is the {item}?",
    ],
    "technical": [
        "I try to pay for my {item} but the button does nothing.",
        "I cannot log in on my {device}, the page freezes after the password.",
        "The app does not show where my {item} is.",
        "The account page shows an error when I open my invoices.",
    ],
    "account": [
        "The app logs me out on my {device} every few minutes.",
        "Send the invoices to my colleague instead, she manages the account now.",
        "I was charged {amount} euros on an account I do not know.",
        "Please cancel my account, I will not need the {item} any more.",
    ],
}

# A second, smaller ask on another topic (one of its short messages) comes
# before the main ask after one of these, or after it after "P.S.".
ASIDE_LEADS = ["Two things.", "First a small thing:", "Unrelated, but:"]
MAIN_LEADS = ["More importantly:", "But my real problem:", "And the main thing:"]

# The kinds of support message and how often each comes: a clear ask; a short,
# vague or borderline one; a clear ask after, or before, a short one on another topic.
KINDS = {"clear": 30, "short": 15, "vague": 15, "borderline": 20, "aside": 12, "postscript": 8}


# The slots of the support phrases that are marked as spans, and their labels.
ENTITY_LABELS = {"item": "PRODUCT", "month": "DATE", "device": "DEVICE", "amount": "AMOUNT"}
_SLOT = re.compile(r"\{(\w+)\}")


def _fill(template: str, values: dict[str, str], labels: dict[str, str]) -> tuple[str, list[dict]]:
    """``template`` with its ``{slot}`` s filled in, and a span for each labelled slot."""
    text, spans, position = "", [], 0
    for match in _SLOT.finditer(template):
        text += template[position : match.start()]
        value = values[match.group(1)]
        if match.group(1) in labels:
            spans.append(
                {"start": len(text), "end": len(text) + len(value), "label": labels[match.group(1)]}
            )
        text += value
        position = match.end()
    return text + template[position:], spans


def _shifted(spans: list[dict], by: int) -> list[dict]:
    return [{**span, "start": span["start"] + by, "end": span["end"] + by} for span in spans]


def _joined(parts: list[tuple[str, list[dict]]]) -> tuple[str, list[dict]]:
    """The non-empty texts of ``parts`` joined by spaces, with their spans shifted."""
    text, spans = "", []
    for part, part_spans in parts:
        if part:
            text += " " if text else ""
            spans.extend(_shifted(part_spans, len(text)))
            text += part
    return text, spans


def _support_message(rng: random.Random, topic: str, labels: dict) -> tuple[str, list[dict]]:
    """One message whose main ask is ``topic`` (see ``KINDS``)."""
    values = {
        "item": rng.choice(ITEMS),
        "month": rng.choice(MONTHS),
        "device": rng.choice(DEVICES),
        "amount": str(rng.randint(3, 250)),
    }
    kind = rng.choices(list(KINDS), weights=list(KINDS.values()))[0]
    other = rng.choice([name for name in sorted(PHRASES) if name != topic])
    asks = {"short": SHORT_PHRASES, "vague": VAGUE_PHRASES, "borderline": BORDERLINE_PHRASES}.get(
        kind, PHRASES
    )
    parts = [_fill(rng.choice(asks[topic]), values, labels)]
    if kind in ("aside", "postscript"):
        second = _fill(rng.choice(SHORT_PHRASES[other]), values, labels)
        if kind == "aside":
            parts = [(rng.choice(ASIDE_LEADS), []), second, (rng.choice(MAIN_LEADS), []), *parts]
        else:
            parts = [*parts, ("P.S.", []), second]
    if kind != "short":
        parts = [(rng.choice(OPENERS), []), *parts, (rng.choice(CLOSERS), [])]
    return _joined(parts)


def support_messages(*, count: int, seed: int, with_spans: bool = False) -> list[dict]:
    """``count`` documents ``{"text", "classes", "spans"}``, cycling through the topics;
    with ``with_spans``, the products, months, devices and amounts are spans."""
    rng = random.Random(seed)  # noqa: S311 - reproducible demo text, not a secret
    topics = sorted(PHRASES)
    labels = ENTITY_LABELS if with_spans else {}
    documents = []
    for index in range(count):
        topic = topics[index % len(topics)]
        text, spans = _support_message(rng, topic, labels)
        documents.append({"text": text, "classes": [topic], "spans": spans})
    rng.shuffle(documents)
    return documents


# -- product reviews with aspects and polarities -------------------------------

REVIEWS = {
    "en": {
        # (article, aspect); the English templates say "the" themselves
        "aspects": [
            ("the", a)
            for a in (
                "delivery", "price", "customer service", "battery life", "screen", "app",
                "packaging", "refund process", "sound quality", "camera", "website", "staff",
            )
        ],
        "positive": ["great", "excellent", "fast", "friendly", "reliable", "superb", "fantastic"],
        "negative": ["terrible", "slow", "rude", "awful", "disappointing", "useless", "poor"],
        "positive_templates": [
            "The {aspect} was {adjective}.",
            "I really liked the {aspect}, it is {adjective}.",
            "Honestly the {aspect} is {adjective}!",
            "The {aspect} was not bad at all.",
        ],
        "negative_templates": [
            "The {aspect} was {adjective}.",
            "Sadly the {aspect} is {adjective}.",
            "The {aspect} was not {positive} at all.",
            "I hated the {aspect}, so {adjective}.",
        ],
        "neutral_templates": [
            "I asked about the {aspect} yesterday.",
            "The {aspect} is the same as last year.",
            "They told me the {aspect} will change in May.",
        ],
    },
    "de": {
        "aspects": [
            ("die", "Lieferung"), ("der", "Preis"), ("der", "Kundendienst"), ("der", "Akku"),
            ("das", "Display"), ("die", "App"), ("die", "Verpackung"), ("die", "Rückerstattung"),
            ("der", "Klang"), ("die", "Kamera"), ("die", "Webseite"), ("das", "Personal"),
        ],
        "positive": ["super", "schnell", "freundlich", "zuverlässig", "hervorragend", "toll"],
        "negative": ["schrecklich", "langsam", "unfreundlich", "enttäuschend", "nutzlos", "mies"],
        "positive_templates": [
            "{article} {aspect} war wirklich {adjective}.",
            "Ehrlich gesagt ist {article} {aspect} {adjective}!",
            "{article} {aspect} war gar nicht schlecht.",
            "Mir hat {article} {aspect} gefallen, einfach {adjective}.",
        ],
        "negative_templates": [
            "{article} {aspect} war leider {adjective}.",
            "Leider ist {article} {aspect} {adjective}.",
            "{article} {aspect} war nicht {positive}.",
            "{article} {aspect} ist einfach {adjective}.",
        ],
        "neutral_templates": [
            "{article} {aspect} wurde gestern geändert.",
            "{article} {aspect} ist wie im letzten Jahr.",
            "Man sagte mir, {article} {aspect} ändert sich im Mai.",
        ],
    },
}  # fmt: skip


def _sentence(rng: random.Random, phrases: dict, polarity: str) -> tuple[str, dict]:
    template = rng.choice(phrases[f"{polarity}_templates"])
    article, aspect = rng.choice(phrases["aspects"])
    text, spans = _fill(
        template,
        {
            "article": article,
            "aspect": aspect,
            "adjective": rng.choice(phrases["negative" if polarity == "negative" else "positive"]),
            "positive": rng.choice(phrases["positive"]),
        },
        {"aspect": "ASPECT"},
    )
    return text[:1].upper() + text[1:], {**spans[0], "polarity": polarity}


def product_reviews(*, count: int, seed: int, language: str) -> list[dict]:
    """``count`` reviews ``{"text", "classes", "spans"}`` of one or two sentences,
    each sentence with one aspect span and its polarity (English or German)."""
    rng = random.Random(seed)  # noqa: S311 - reproducible demo text, not a secret
    phrases = REVIEWS[language]
    polarities = ["positive", "positive", "negative", "negative", "neutral"]
    documents = []
    for _index in range(count):
        text, aspect = _sentence(rng, phrases, rng.choice(polarities))
        spans = [aspect]
        if rng.random() < 0.4:
            second, other = _sentence(rng, phrases, rng.choice(polarities))
            spans.extend(_shifted([other], len(text) + 1))
            text = f"{text} {second}"
        documents.append({"text": text, "classes": [], "spans": spans})
    return documents


# -- the base models of the embedded service ----------------------------------

BASE_CORPORA = Path(__file__).resolve().parent.parent / "textapi" / "base_corpora"
ARABIC_HOTELS = BASE_CORPORA / "ar_hotels_absa.jsonl"


def _typed(documents: list[dict], model_type: str) -> list[Document]:
    """Documents ``{"text", "classes", "spans"}`` as the vendor's documents of
    ``model_type``, read as the JSON Lines importer reads them (``docs/text-types.md``)."""
    lines = "".join(json.dumps(document, ensure_ascii=False) + "\n" for document in documents)
    return corpora.parse_typed(lines.encode(), model_type=model_type, format="jsonl")


def arabic_hotel_reviews() -> list[Document]:
    """The shipped Arabic hotel-review sentences (MIT, see the corpus README) as ABSA
    documents: each target a segment tagged with its category and polarity."""
    with ARABIC_HOTELS.open("rb") as stream:
        return list(corpora.read_typed(stream, model_type="ABSA", format="jsonl"))


def _aspects_as_classes(review: dict) -> dict:
    """A review whose aspects ("battery life", "Akku") are its classes."""
    spans = [
        {**span, "label": review["text"][span["start"] : span["end"]]} for span in review["spans"]
    ]
    return {**review, "classes": sorted({span["label"] for span in spans}), "spans": spans}


def review_aspects(*, count: int, seed: int, language: str, model_type: str) -> list[Document]:
    """Product reviews (:func:`product_reviews`) as CLASSLABEL or ABSA documents: each
    aspect a class with its polarity as the label."""
    reviews = product_reviews(count=count, seed=seed, language=language)
    return _typed([_aspects_as_classes(review) for review in reviews], model_type)


def review_sentiment(*, count: int, seed: int) -> list[Document]:
    """English reviews (:func:`product_reviews`) of one polarity, as LABEL documents
    labelled with it."""
    reviews = product_reviews(count=count, seed=seed, language="en")
    return _typed(
        [
            {"text": review["text"], "classes": list(polarities)}
            for review in reviews
            if len(polarities := {span["polarity"] for span in review["spans"]}) == 1
        ],
        "LABEL",
    )


def support_topics(*, count: int, seed: int) -> list[Document]:
    """Support messages (:func:`support_messages`) as CLASS documents: their topic."""
    return _typed(support_messages(count=count, seed=seed), "CLASS")


def unlabeled(make: Callable[..., list[Document]], *, count: int, seed: int) -> list[Document]:
    """Plain texts, without tags, from the generator ``make`` (``count`` and ``seed`` as
    it takes them): what people label, or correct a model's labels of."""
    return [Document(document.text) for document in make(count=count, seed=seed)]


# name, display name, type, language, the function that makes its documents. The
# Arabic hotels are the vendor's example base, "Hotel Pre-Trained".
BASE_MODELS = [
    (
        "review-sentiment-base",
        "Review sentiment (base)",
        "LABEL",
        "en",
        partial(review_sentiment, count=300, seed=94),
    ),
    (
        "support-topics-base",
        "Support topics (base)",
        "CLASS",
        "en",
        partial(support_topics, count=160, seed=99),
    ),
    (
        "review-aspects-sentiment-base",
        "Review aspects with sentiment (base)",
        "CLASSLABEL",
        "en",
        partial(review_aspects, count=300, seed=97, language="en", model_type="CLASSLABEL"),
    ),
    (
        "product-reviews-en-base",
        "Product reviews (base)",
        "ABSA",
        "en",
        partial(review_aspects, count=300, seed=96, language="en", model_type="ABSA"),
    ),
    (
        "product-reviews-de-base",
        "Produktbewertungen (base)",
        "ABSA",
        "de",
        partial(review_aspects, count=300, seed=95, language="de", model_type="ABSA"),
    ),
    ("hotel-reviews-ar-base", "Hotel Pre-Trained", "ABSA", "ar", arabic_hotel_reviews),
]


# -- the demo projects: one per model type -------------------------------------


@dataclass(frozen=True)
class DemoProject:
    """A project of the demo: its name, type and description, its labeling sessions
    (name, the function that makes its documents), and the display name of a model the
    demo trains on its first two sessions (none if empty). Its last session holds
    unlabeled texts: a correction session's model pre-labels them."""

    name: str
    type: str
    description: str
    sessions: list[tuple[str, Callable[[], list[Document]]]]
    first_model: str = ""


# The first is the project a newcomer opens (README).
DEMO_PROJECTS = [
    DemoProject(
        name="Customer support",
        type="CLASS",
        description=_("Sort incoming support messages by topic."),
        sessions=[
            ("Support inbox — week 1", partial(support_topics, count=120, seed=1)),
            ("Support inbox — week 2", partial(support_topics, count=100, seed=2)),
            ("Support inbox — week 3", partial(support_topics, count=80, seed=3)),
            ("Support inbox — unlabeled", partial(unlabeled, support_topics, count=50, seed=4)),
        ],
        first_model=_("Support topics (weeks 1–2)"),
    ),
    DemoProject(
        name="Review sentiment",
        type="LABEL",
        description=_("Tell the sentiment of each product review: one label per review."),
        sessions=[
            ("Reviews — March", partial(review_sentiment, count=200, seed=11)),
            ("Reviews — April", partial(review_sentiment, count=150, seed=12)),
            ("Reviews — unlabeled", partial(unlabeled, review_sentiment, count=60, seed=13)),
        ],
    ),
    DemoProject(
        name="Review aspects",
        type="CLASSLABEL",
        description=_("Find what each product review speaks of, each with its sentiment."),
        sessions=[
            (
                "Reviews — March",
                partial(review_aspects, count=200, seed=21, language="en", model_type="CLASSLABEL"),
            ),
            (
                "Reviews — April",
                partial(review_aspects, count=150, seed=22, language="en", model_type="CLASSLABEL"),
            ),
            (
                "Reviews — unlabeled",
                partial(
                    unlabeled,
                    partial(review_aspects, language="en", model_type="CLASSLABEL"),
                    count=40,
                    seed=23,
                ),
            ),
        ],
    ),
    DemoProject(
        name="Review opinions",
        type="ABSA",
        description=_("Mark where a product review gives an opinion, its aspect and polarity."),
        sessions=[
            (
                "Reviews — March",
                partial(review_aspects, count=200, seed=31, language="en", model_type="ABSA"),
            ),
            (
                "Reviews — April",
                partial(review_aspects, count=150, seed=32, language="en", model_type="ABSA"),
            ),
            (
                "Reviews — unlabeled",
                partial(
                    unlabeled,
                    partial(review_aspects, language="en", model_type="ABSA"),
                    count=40,
                    seed=33,
                ),
            ),
        ],
    ),
]
