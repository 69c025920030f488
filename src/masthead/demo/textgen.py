"""Original, newspaper-like English for the demo newsroom and the benchmark corpus.

Everything here is invented: the people, organisations, clubs and companies are
fictional and every sentence template was written for Masthead. Real towns and
port cities are only settings; nothing that happens in them is real. Stories
are built from template sentences with slots (``{place}``, ``{group}``,
``{n}``...), filled from per-section vocabulary (vocabulary.py) by a seeded
``random.Random``, so the same seed always yields the same stories.

It has to be fast (the corpus asks for 100,000 bodies), so slots are filled with
``str.format_map`` over a dict whose ``__missing__`` draws fresh values, and
nothing here touches Django.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from math import gcd

from masthead.demo import vocabulary as vocab
from masthead.demo.vocabulary import Topic


@dataclass(frozen=True)
class Person:
    first: str
    last: str
    gender: str  # "f" or "m": picks pronouns and role words

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"

    @property
    def pronoun(self) -> str:
        return "she" if self.gender == "f" else "he"

    @property
    def possessive(self) -> str:
        return "her" if self.gender == "f" else "his"


@dataclass
class Story:
    """One generated article, ready to become an ArticlePage."""

    section: str
    headline: str
    standfirst: str
    place: str  # where it happened, e.g. "Cox's Bazar"
    dateline: str  # "COX'S BAZAR", or empty for opinion
    blocks: list[dict]  # StreamField JSON: paragraph, subheading, pull_quote
    tags: list[str]
    word_count: int


def ordinal(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


class _Slots(dict):
    """Slot values for one story: fixed ones are set, the rest drawn on use.

    ``{Name}`` (capital first letter) gives the value of ``{name}`` capitalised.
    """

    __slots__ = ("draw",)

    def __missing__(self, key: str) -> str:
        draw = self.draw.get(key)
        if draw is not None:
            return draw()
        return _capitalise(self[key[0].lower() + key[1:]])


class _Deck:
    """A pool of templates drawn in a shuffled order, repeating only once spent.

    Stepping through the pool from a random start by a random stride coprime
    with its length visits every item once, at the cost of two random numbers
    rather than a full shuffle.
    """

    __slots__ = ("i", "items", "n", "start", "step")

    def __init__(self, items: tuple[str, ...], random_float):
        n = len(items)
        steps = _STEPS.get(n)
        if steps is None:
            steps = _STEPS[n] = tuple(k for k in range(1, n) if gcd(k, n) == 1) or (1,)
        self.items = items
        self.n = n
        self.start = int(random_float() * n)
        self.step = steps[int(random_float() * len(steps))]
        self.i = 0

    @property
    def fresh(self) -> bool:
        return self.i < self.n

    def draw(self) -> str:
        i = self.i
        self.i = i + 1
        return self.items[(self.start + i * self.step) % self.n]


_STEPS: dict[int, tuple[int, ...]] = {}


@dataclass(frozen=True)
class _Pools:
    background: tuple[str, ...]
    numbers: tuple[str, ...]
    quotes: dict[str, tuple[str, ...]]  # voice -> quotations without their mark


def _pools(section: str, topic: Topic) -> _Pools:
    pools = _POOLS.get(topic.key)
    if pools is None:
        pools = _POOLS[topic.key] = _build_pools(section, topic)
    return pools


_POOLS: dict[str, _Pools] = {}


def _build_pools(section: str, topic: Topic) -> _Pools:
    background = vocab.BACKGROUND[section]
    if section in ("national", "world", "business"):
        background = background + vocab.NEWS_BACKGROUND
    by_voice: dict[str, list[str]] = {"person": [], "official": [], "expert": []}
    for quote in (*topic.quotes, *vocab.SECTION_QUOTES[section]):
        voice = {"@": "official", "%": "expert"}.get(quote[0], "person")
        by_voice[voice].append(quote.lstrip("@%"))
    return _Pools(
        background=background,
        numbers=vocab.NUMBERS[section],
        quotes={voice: tuple(q) for voice, q in by_voice.items() if q},
    )


class NewsWriter:
    """Writes stories, people and tags from one seed."""

    def __init__(self, seed: int = 0):
        self.rng = random.Random(seed)
        rng = self.rng
        r = rng.random
        choice = rng.choice

        def pct() -> str:
            return f"{r() * 30 + 1:.1f} percent"

        def money() -> str:
            return f"Tk {rng.randint(2, 900)} crore"

        def money_small() -> str:
            return f"Tk {rng.randint(2, 99) * 10}"

        def usd() -> str:
            return f"${rng.randint(2, 950)} million"

        def n_big() -> str:
            return f"{rng.randint(1, 95)},{rng.randint(0, 999):03d}"

        def score() -> str:
            a = rng.randint(1, 4)
            return f"{a}-{rng.randint(0, a - 1)}"

        # Each slot not fixed per story is a no-argument callable.
        self.draw = {
            "n": lambda: str(rng.randint(12, 950)),
            "N": lambda: str(rng.randint(12, 95)),  # a headline's first word
            "n_big": n_big,
            "small": lambda: choice(vocab.SMALL),
            "small_n": lambda: str(rng.randint(2, 9)),
            "pct": pct,
            "money": money,
            "money_small": money_small,
            "usd": usd,
            "day": lambda: choice(vocab.WEEKDAYS),
            "month": lambda: choice(vocab.MONTHS),
            "when": lambda: choice(vocab.WHEN),
            "when_future": lambda: choice(
                (
                    "next week",
                    "on Sunday",
                    "later this month",
                    "in the coming days",
                    "next month",
                    "on Thursday",
                )
            ),
            "when_future_day": lambda: choice(vocab.WEEKDAYS),
            "ago": lambda: choice(vocab.AGO),
            "since": lambda: choice(vocab.SINCE),
            "town": lambda: choice(vocab.BD_TOWNS),
            "city": lambda: choice(vocab.WORLD_CITIES),
            "village": self._village,
            "age": lambda: str(rng.randint(19, 78)),
            "n_runs": lambda: str(rng.randint(12, 98)),
            "n_total": lambda: str(rng.randint(110, 340)),
            "overs": lambda: choice(("20", "50")),
            "minute": lambda: ordinal(rng.randint(5, 89)),
            "nth": lambda: ordinal(rng.randint(2, 9)),
            "score": score,
            "company": lambda: choice(vocab.COMPANIES),
            "year": lambda: str(rng.randint(2008, 2022)),
        }

    # -- people ------------------------------------------------------------
    def _village(self) -> str:
        rng = self.rng
        return f"{rng.choice(vocab.VILLAGE_PREFIXES)} {rng.choice(vocab.VILLAGE_STEMS)}"

    def person(self, section: str = "national") -> Person:
        """A fictional person; foreign names are likelier in World stories."""
        rng = self.rng
        female = rng.random() < 0.5
        gender = "f" if female else "m"
        if section == "world" and rng.random() < 0.8:
            first = rng.choice(vocab.WORLD_FIRST_F if female else vocab.WORLD_FIRST_M)
            return Person(first, rng.choice(vocab.WORLD_SURNAMES), gender)
        if rng.random() < 0.2:
            first = rng.choice(vocab.BD_NAMES_F2 if female else vocab.BD_NAMES_M2)
            return Person(first, rng.choice(vocab.BD_SURNAMES2), gender)
        first = rng.choice(vocab.BD_NAMES_F if female else vocab.BD_NAMES_M)
        if female and rng.random() < 0.6:
            return Person(first, rng.choice(vocab.BD_SURNAMES_F), gender)
        return Person(first, rng.choice(vocab.BD_SURNAMES), gender)

    def author(self, section: str | None = None) -> tuple[Person, str, str]:
        """A staff writer: (person, role, plain-text bio)."""
        rng = self.rng
        section = section or rng.choice(vocab.SECTIONS)
        person = self.person("national")
        role = rng.choice(vocab.AUTHOR_ROLES[section])
        bio = rng.choice(vocab.BIO_TEMPLATES).format(
            first=person.first,
            beat=vocab.BEATS[section],
            paper=vocab.PAPER,
            pronoun=person.pronoun,
            Pronoun=_capitalise(person.pronoun),
            town=rng.choice(vocab.BD_TOWNS),
            small=rng.choice(vocab.SMALL[:6]),
            year=rng.randint(2006, 2021),
            school=rng.choice(vocab.SCHOOLS),
        )
        return person, role, bio

    # -- tags ----------------------------------------------------------------
    def tag_vocabulary(self) -> list[str]:
        """Every tag a story can carry, in a stable order (about 500)."""
        names: dict[str, None] = {}
        for section in vocab.SECTIONS:
            for topic in vocab.TOPICS[section]:
                for tag in topic.tags:
                    names.setdefault(tag, None)
        for town in vocab.BD_TOWNS:
            names.setdefault(town, None)
        for city in vocab.WORLD_CITIES:
            names.setdefault(city, None)
        for name in (*vocab.COMPANIES, *vocab.TEAMS):
            names.setdefault(name, None)
        for topic in vocab.NATIONAL_TOPICS:
            if topic.local_tag:
                for town in vocab.BD_TOWNS:
                    names.setdefault(topic.local_tag.format(place=town), None)
        return list(names)

    # -- stories -------------------------------------------------------------
    def story(
        self, section: str | None = None, min_words: int = 420, max_words: int = 1100
    ) -> Story:
        """A story whose body has min_words to max_words + ~100 words."""
        rng = self.rng
        choice = rng.choice
        r = rng.random
        section = section or choice(vocab.SECTIONS)
        topic = choice(vocab.TOPICS[section])
        pools = _pools(section, topic)
        world = section == "world"
        opinion = section == "opinion"
        place = choice(vocab.WORLD_CITIES) if world else choice(vocab.BD_TOWNS)
        team, team2 = rng.sample(vocab.TEAMS, 2)

        slots = _Slots(
            place=place,
            city=place if world else choice(vocab.WORLD_CITIES),
            issue=choice(topic.issue),
            subject=choice(topic.subject),
            team=team,
            team2=team2,
            expert=choice(vocab.EXPERTS[section]),
            company=choice(vocab.COMPANIES),
        )
        slots.draw = self.draw
        fmt = str.format_map
        slots["org"] = fmt(choice(topic.org), slots)
        slots["group"] = choice(topic.group)
        slots["action"] = choice(topic.action)

        headline = _capitalise(fmt(choice(topic.headlines), slots))
        standfirst = fmt(choice(topic.standfirsts), slots)
        dateline = "" if opinion else place.upper()

        facts = _Deck(topic.facts, r)
        background = _Deck(pools.background, r)
        numbers = _Deck(pools.numbers, r)
        subheads = _Deck(vocab.SUBHEADS[section], r)
        voices = {voice: _Deck(quotes, r) for voice, quotes in pools.quotes.items()}

        target = rng.randint(min_words, max_words)
        blocks: list[dict] = []
        quotes: list[tuple[str, str]] = []
        words = 0
        new_id = self._block_id

        def add(kind: str, value, text: str) -> None:
            nonlocal words
            blocks.append({"type": kind, "value": value, "id": new_id()})
            words += text.count(" ") + 1

        # The lede: a fact, then a line of background.
        lede = f"{fmt(facts.draw(), slots)} {fmt(background.draw(), slots)}"
        add("paragraph", f"<p>{lede}</p>", lede)

        with_subheads = r() < 0.55
        since_subhead = 1
        pull_quote_at = rng.randint(3, 6) if r() < 0.4 else -1
        paragraph_no = 1
        quote_share = 0.15 if opinion else 0.4
        while words < target:
            paragraph_no += 1
            if with_subheads and since_subhead >= 4 and r() < 0.45:
                heading = fmt(subheads.draw(), slots)
                add("subheading", heading, heading)
                since_subhead = 0
            roll = r()
            if roll < quote_share and any(d.fresh for d in voices.values()):
                text, quote = self._quote_paragraph(section, topic, slots, voices)
                quotes.append(quote)
            elif roll < 0.75 or not (facts.fresh or numbers.fresh):
                count = 2 if r() < 0.6 else 3
                text = " ".join(fmt(background.draw(), slots) for _ in range(count))
            elif facts.fresh:
                text = f"{fmt(facts.draw(), slots)} {fmt(numbers.draw(), slots)}"
            else:
                text = f"{fmt(numbers.draw(), slots)} {fmt(background.draw(), slots)}"
            add("paragraph", f"<p>{text}</p>", text)
            since_subhead += 1
            if paragraph_no == pull_quote_at and quotes:
                quote, who = quotes[-1]
                add("pull_quote", {"quote": quote, "attribution": who}, quote)
        closing = fmt(choice(vocab.NEXT[section]), slots)
        add("paragraph", f"<p>{closing}</p>", closing)

        tags = list(topic.tags[:2]) if r() < 0.7 else list(topic.tags)
        if section in ("national", "business", "sports") and r() < 0.5:
            tags.append(place)
        if world and r() < 0.4:
            tags.append(place)
        if topic.local_tag and r() < 0.4:
            tags.append(topic.local_tag.format(place=place))
        if section == "business" and r() < 0.3:
            tags.append(slots["company"])
        if section == "sports" and r() < 0.4:
            tags.append(team)
        return Story(
            section=section,
            headline=headline,
            standfirst=standfirst,
            place=place,
            dateline=dateline,
            blocks=blocks,
            tags=list(dict.fromkeys(tags)),
            word_count=words,
        )

    def _quote_paragraph(
        self, section: str, topic: Topic, slots: _Slots, voices: dict[str, _Deck]
    ) -> tuple[str, tuple[str, str]]:
        rng = self.rng
        fresh = [voice for voice, deck in voices.items() if deck.fresh]
        voice = rng.choice(fresh)
        quote = voices[voice].draw().format_map(slots)
        person = self.person(section)
        female = person.gender == "f"
        if voice == "official":
            f_role, m_role, link = rng.choice(vocab.OFFICIAL_ROLES)
            who = f"{f_role if female else m_role} {link} {slots['org']}"
        elif voice == "expert":
            f_role, m_role, link = rng.choice(vocab.EXPERT_ROLES)
            who = f"{f_role if female else m_role} {link} {slots['expert']}"
        else:
            roles = topic.roles or vocab.PEOPLE_ROLES[section]
            who = rng.choice(roles).format_map(slots)
        name = person.name
        form = rng.random()
        if section == "opinion":
            if form < 0.5:
                text = f'As {name}, {who}, put it to me: "{quote}."'
            else:
                text = f'"{quote}," {name}, {who}, told me.'
        elif form < 0.5:
            text = f'"{quote}," said {name}, {who}.'
        elif form < 0.75:
            text = f'{name}, {who}, said: "{quote}."'
        else:
            text = f'"{quote}," {name}, {who}, {rng.choice(vocab.SAID)}.'
        if section != "opinion" and rng.random() < 0.5:
            followups = vocab.FOLLOWUPS["sports" if section == "sports" else voice]
            text += " " + rng.choice(followups).format(
                Pronoun=_capitalise(person.pronoun),
                pronoun=person.pronoun,
                Possessive=_capitalise(person.possessive),
                possessive=person.possessive,
                org=slots["org"],
                group=slots["group"],
                issue=slots["issue"],
            )
        return text, (f"{quote}.", name)

    def _block_id(self) -> str:
        # A UUID-shaped id like Wagtail's, from the seeded generator (and cheaper
        # than uuid.uuid4()).
        h = f"{self.rng.getrandbits(128):032x}"
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:]}"


def body_text(blocks: list[dict]) -> str:
    """The words of a generated body as plain text (for counting and checks)."""
    parts = []
    for block in blocks:
        value = block["value"]
        if block["type"] == "paragraph":
            parts.append(value.removeprefix("<p>").removesuffix("</p>"))
        elif block["type"] == "subheading":
            parts.append(value)
        elif block["type"] == "pull_quote":
            parts.append(value["quote"])
    return " ".join(parts)
