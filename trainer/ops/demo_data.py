"""The project's own demo data: English customer-support messages, by topic.

Generated from hand-written phrases with a fixed seed, so every machine gets the
same few hundred documents. The topics share words on purpose (orders, accounts,
payments appear across topics), so a model has something to learn.
"""

import random

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
    ],
}


def support_messages(*, count: int, seed: int) -> list[dict]:
    """``count`` documents ``{"text", "classes", "spans"}``, cycling through the topics."""
    rng = random.Random(seed)  # noqa: S311 - reproducible demo text, not a secret
    topics = sorted(PHRASES)
    documents = []
    for index in range(count):
        topic = topics[index % len(topics)]
        sentence = rng.choice(PHRASES[topic]).format(
            item=rng.choice(ITEMS),
            month=rng.choice(MONTHS),
            device=rng.choice(DEVICES),
            amount=rng.randint(3, 250),
        )
        parts = [rng.choice(OPENERS), sentence, rng.choice(CLOSERS)]
        documents.append({"text": " ".join(p for p in parts if p), "classes": [topic], "spans": []})
    rng.shuffle(documents)
    return documents


DEMO_SESSIONS = [
    ("Support inbox — week 1", 120, 1),
    ("Support inbox — week 2", 100, 2),
    ("Support inbox — week 3", 80, 3),
]
DEMO_BASE = ("support-topics-base", "Support topics (base)", 160, 99)
