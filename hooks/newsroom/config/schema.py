"""What each data file in `data/` may hold: one pydantic model per file, and the checks across entries and files.

Every key has a type (strict: a string where a list belongs is an error, not a list of letters),
unknown keys are errors, regular expressions and CSS selectors are compiled here. Every problem
becomes one line naming the file, the entry, the key and the fix, e.g.

    sources.yml: sources[3] (name: 网易): key 'domains': expected a list of domains, got the string
    '163.com'; write domains: [163.com]

and all of them are raised together as one `RulesError`. A new key is a new field on its file's
model here (its description says what it is for), then read where `rules.py`, `taxonomy.py` or
`money.py` build the `Rules` from the models. Imported only when the rules are checked: a build
whose rules come from the cache imports neither this module nor pydantic.
"""
from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar, Literal, TypeVar, get_args, get_origin

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    StringConstraints,
    ValidationError,
    model_validator,
)
from pydantic.fields import FieldInfo
from pydantic_core import PydanticCustomError

from ..patterns import LazyPattern, lazy_compile
from .rules import RulesError, check_selector

Location = tuple[str | int, ...]
Problem = tuple[Location, str]  # where in the file's data, what is wrong there and how to fix it


def _error(message: str) -> PydanticCustomError:
    # the text goes in as a value: a regex's "{0,20}" in it is not a placeholder
    return PydanticCustomError("data_file", "{message}", {"message": message})


def _quoted(value: Any) -> str:
    """A value as YAML writes it: a string in single quotes, its backslashes as they are."""
    return "'" + value.replace("'", "''") + "'" if isinstance(value, str) else str(value)


def _text(value: Any) -> str:
    """A YAML value as the error names it."""
    if isinstance(value, str):
        return f"the string {_quoted(value)}"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return f"the number {value}"
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, list):
        return "a list"
    return "a mapping" if isinstance(value, dict) else type(value).__name__


# ---- values ----------------------------------------------------------------------------------

def _regex(flags: int) -> PlainValidator:
    def compiled(value: Any) -> LazyPattern:
        if not isinstance(value, str):
            raise _error(f"expected a regular expression string, got {_text(value)}")
        try:
            return lazy_compile(value, flags)
        except re.error as exc:
            raise _error(f"invalid regular expression {_quoted(value)}: {exc}") from exc
    return PlainValidator(compiled)


def _selector(value: Any) -> str:
    if not isinstance(value, str):
        raise _error(f"expected a CSS selector string, got {_text(value)}")
    try:
        check_selector(value)
    except ValueError as exc:
        raise _error(f"invalid CSS selector {_quoted(value)}: {exc}") from exc
    return value


def _matching(pattern: str, what: str) -> AfterValidator:
    compiled = re.compile(pattern)

    def matches(value: str) -> str:
        if not compiled.fullmatch(value):
            raise _error(f"{_quoted(value)} is not {what}")
        return value
    return AfterValidator(matches)


Regex = Annotated[LazyPattern, _regex(re.IGNORECASE)]
Fingerprint = Annotated[LazyPattern, _regex(re.IGNORECASE | re.MULTILINE)]
Selector = Annotated[str, PlainValidator(_selector)]
Text = Annotated[str, StringConstraints(min_length=1)]
Alias = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Slug = Annotated[str, _matching(r"[a-z0-9]+(?:-[a-z0-9]+)*", "a slug: lowercase letters and digits, words joined by "
                                                              "single hyphens, as sk-hynix")]
Domain = Annotated[str, _matching(r"[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?:/\S*)?",
                                  "a domain: write the host, optionally with a path, as example.com or example.com/news")]
Currency = Annotated[str, _matching(r"[A-Z]{3}", "a currency code: three capital letters (ISO 4217), as EUR")]
YEN_SIGN = "YEN_SIGN"  # "¥": the yen or the yuan, decided by the text's language (figures.py)
PrefixCurrency = Annotated[str, _matching(rf"[A-Z]{{3}}|{YEN_SIGN}", f"a currency code: three capital letters "
                                                                      f"(ISO 4217), as EUR, or {YEN_SIGN}")]
Positive = Annotated[float, Field(gt=0)]
Year = Annotated[int, Field(ge=1900, le=2200)]

Format = Literal["html", "page", "markdown", "text"]
# The groups of the entities page (site/words: entity_kinds); "entity" is an entry without a kind.
EntityKind = Literal["company", "government", "person", "project", "organisation", "place", "entity"]
# What figures.py and the investments page know a figure as (site/words: figure_kinds, qualifiers);
# "range" and "vague" are qualifiers figures.py gives itself.
FigureKind = Literal["investment", "pledge", "acquisition", "funding round", "fund size", "government spending",
                     "loan or debt", "valuation", "not an investment"]
Qualifier = Literal["about", "over", "up to", "at least"]


class _Model(BaseModel):
    # strict: YAML gives every value its type, and a wrong one is a mistake to name, not to convert
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class DataFile(_Model):
    """One data file's model; `problems` checks what one entry cannot see alone (duplicates)."""

    FILE: ClassVar[str]

    def problems(self) -> Iterator[Problem]:
        return iter(())


def _duplicates(groups: Iterable[tuple[str, Iterable[tuple[Location, str]]]], what: str, fix: str) -> Iterator[Problem]:
    """A value in two groups (entries, currencies), each group a label and its values where they are:
    each after the first is a problem. Twice in one group is harmless."""
    first: dict[str, str] = {}
    for label, values in groups:
        for location, value in values:
            if value in first and first[value] != label:
                yield location, f"{_quoted(value)} is also {what} {first[value]}; {fix}"
            first.setdefault(value, label)


# ---- sources.yml -------------------------------------------------------------------------------

class Cleaning(_Model):
    """The cleaning keys: `defaults` and every source entry. Lists of an entry add to the defaults'."""

    remove_selectors: list[Selector] = Field(default=[], title="CSS selectors",
                                              description="elements to delete before anything else")
    unwrap_selectors: list[Selector] = Field(default=[], title="CSS selectors",
                                              description="elements to replace by their text (ticker links)")
    strip_text: list[Regex] = Field(default=[], title="regular expressions",
                                    description="cut out of the text itself (tickers, inline editor codes)")
    captions: list[Regex] = Field(default=[], title="regular expressions",
                                  description="a short paragraph right after an image that matches is its caption")
    cut_at_headings: list[Regex] = Field(default=[], title="regular expressions",
                                         description="a heading whose text matches ends the article")
    cut_at_text: list[Regex] = Field(default=[], title="regular expressions",
                                     description="any block whose text matches ends the article")
    drop_blocks: list[Regex] = Field(default=[], title="regular expressions",
                                     description="paragraphs, list items, quotes whose text matches go")
    list_labels: list[Regex] = Field(default=[], title="regular expressions",
                                     description="a label block that goes with the headlines listed after it")
    copyright: list[Regex] = Field(default=[], title="regular expressions",
                                   description="a short block near the end that matches is the copyright notice")
    byline_markers: list[Text] = Field(default=[], title="texts",
                                       description="a block equal to one, near the top, is followed by the author")
    cover_image_alts: list[Text] = Field(default=[], title="texts",
                                         description="images with this alt text are the cover, kept as metadata")
    not_an_article: list[Regex] = Field(default=[], title="regular expressions",
                                        description="what a page that holds no article says (an anti-bot check, "
                                                    "a deleted post's notice), matched when little text is left")
    citations: list[Regex] = Field(default=[], title="regular expressions",
                                   description="a line that cites the article's sources: it and the links "
                                               "listed right after it stay, wherever they stand")
    taxonomy_links: list[Regex] = Field(default=[], title="regular expressions",
                                        description="a link's address that points at the site's listing pages "
                                                    "(tags, categories, topics): a row of only such links goes")
    share_links: list[Regex] = Field(default=[], title="regular expressions",
                                     description="a link's address that shares the page on another site "
                                                 "(a share button): a row of only such links goes")
    about_labels: list[Regex] = Field(default=[], title="regular expressions",
                                      description="the label of an organisation's 'about' box after the article")
    about_descriptions: list[Regex] = Field(default=[], title="regular expressions",
                                            description="what the paragraph under such a label says of the "
                                                        "organisation: the box, and what follows it, ends the article")
    drop_trailing_images: bool = Field(default=False, description="true: image-only blocks at the very end go")


class _Applies(_Model):
    """Which articles a source entry is for."""

    name: Text | None = Field(default=None, description="the publication's name, used when the seed names none")
    domains: list[Domain] = Field(default=[], title="domains", description="the sites it is for, subdomains included")
    formats: list[Format] = Field(default=[], title="body formats", description="or the body formats it is for")
    fingerprints: list[Fingerprint] = Field(default=[], title="regular expressions",
                                            description="or text only its articles hold (used without a known URL)")


class Source(Cleaning, _Applies):
    """An entry under `sources`: which articles it is for (its keys come first), and its cleaning."""

    @model_validator(mode="after")
    def _applies_somewhere(self) -> Source:
        if not self.domains and not self.formats and not self.fingerprints:
            raise _error("needs `domains`, `formats` or `fingerprints`: otherwise it applies to no article")
        return self


class SharedSite(_Model):
    """A site that hosts many publications, each with its own template (WeChat's accounts): the
    articles of one publication are told apart by the name the seed gives, else by a part of the URL."""

    domain: Domain = Field(description="the site, subdomains included")
    query: Text | None = Field(default=None, description="the URL's query parameter that names the publication")
    path_segments: int | None = Field(default=None, ge=1, description="or how many leading path segments name it")


class SourcesFile(DataFile):
    FILE = "sources.yml"
    defaults: Cleaning = Field(default_factory=Cleaning, description="cleaning for every article")
    sources: list[Source] = Field(default=[], title="source entries", description="cleaning and names per source")
    shared_sites: list[SharedSite] = Field(default=[], title="shared sites",
                                           description="sites whose publications each have their own template")


# ---- fields.yml ----------------------------------------------------------------------------------

KeyNames = list[Text]


class FieldsFile(DataFile):
    """The front matter key names of each field the reader looks up (seed/article.py), first match wins."""

    FILE = "fields.yml"
    title: KeyNames = Field(default=[], title="key names")
    date: KeyNames = Field(default=[], title="key names")
    saved_date: KeyNames = Field(default=[], title="key names", description="when the page was saved: a date's last resort")
    original_url: KeyNames = Field(default=[], title="key names")
    source: KeyNames = Field(default=[], title="key names")
    author: KeyNames = Field(default=[], title="key names")
    summary: KeyNames = Field(default=[], title="key names")
    language: KeyNames = Field(default=[], title="key names")
    image: KeyNames = Field(default=[], title="key names")
    slug: KeyNames = Field(default=[], title="key names")
    source_lists: KeyNames = Field(default=[], title="key names", description="lists whose first item names the publication")


# ---- topics.yml and entities.yml -------------------------------------------------------------

class Names(_Model):
    zh: Text
    en: Text


class TopicAliases(_Model):
    zh: list[Alias] = Field(default=[], title="aliases")
    en: list[Alias] = Field(default=[], title="aliases")


class Topic(_Model):
    slug: Slug = Field(description="the name of its page")
    name: Names
    aliases: TopicAliases

    @model_validator(mode="after")
    def _has_an_alias(self) -> Topic:
        if not self.aliases.zh and not self.aliases.en:
            raise _error("key 'aliases': needs at least one alias, under zh or en")
        return self


class Entity(_Model):
    slug: Slug = Field(description="the name of its page")
    kind: EntityKind = "entity"
    name: Names
    aliases: list[Alias] = Field(title="aliases", min_length=1)


def _term_problems(key: str, terms: Sequence[Topic | Entity],
                   aliases: Iterable[Iterable[tuple[Location, str]]]) -> Iterator[Problem]:
    """Slugs are pages and an alias finds one term: neither may be used twice."""
    yield from _duplicates([(f"{key}[{i}]", [((key, i, "slug"), t.slug)]) for i, t in enumerate(terms)],
                           "the slug of", "every slug must be different")
    yield from _duplicates([(f"{key}[{i}] (slug: {t.slug})", a) for i, (t, a) in enumerate(zip(terms, aliases, strict=True))],
                           "an alias of", "an alias can find only one of them: keep it in one")


class TopicsFile(DataFile):
    FILE = "topics.yml"
    threshold: Positive = Field(default=2.0, description="the score at which an article joins a topic")
    title_weight: Positive = Field(default=3.0, description="a mention in the title counts this many times")
    topics: list[Topic] = Field(title="topics")

    def problems(self) -> Iterator[Problem]:
        return _term_problems("topics", self.topics, [
            [(("topics", i, "aliases", language, j), alias) for language in ("zh", "en")
             for j, alias in enumerate(getattr(topic.aliases, language))] for i, topic in enumerate(self.topics)])


class EntitiesFile(DataFile):
    FILE = "entities.yml"
    entities: list[Entity] = Field(default=[], title="entities")

    def problems(self) -> Iterator[Problem]:
        return _term_problems("entities", self.entities, [
            [(("entities", i, "aliases", j), alias) for j, alias in enumerate(entity.aliases)]
            for i, entity in enumerate(self.entities)])


# ---- money.yml and rates.yml -----------------------------------------------------------------

Words = list[Text]


class MoneyFile(DataFile):
    """The grammar of amounts of money, read by figures.py."""

    FILE = "money.yml"
    currency_prefixes: dict[PrefixCurrency, Words] = Field(description="per currency, words written before the number")
    currency_suffixes: dict[Currency, Words] = Field(description="per currency, words written after the number")
    # "1.0e12" is a string to YAML 1.1 (no sign in the exponent): a number written as a string is accepted
    scales: dict[Text, Annotated[float, Field(gt=0, strict=False)]] = Field(description="scale words: multiply by this")
    qualifiers_before: dict[Qualifier, Words] = Field(description="words before (or right after) the amount")
    qualifiers_after: dict[Qualifier, Words] = Field(description="words after the amount")
    kinds: dict[FigureKind, Words] = Field(description="keywords that give the nearest figure its kind, in order")
    not_kind_words: Words = Field(default=[], title="words", description="words holding a keyword that are none")
    copula_words: Words = Field(default=[], title="words", description="before an amount: its clause's subject names it")
    pledge_words: Words = Field(default=[], title="words", description="in an investment's clause: a promise to invest")
    rate_words: Words = Field(default=[], title="words", description="an amount without a scale near these is a rate")
    bare_yuan_means: dict[Currency, Words] = Field(default={}, description="near one of the words, a bare 元 is this")
    yen_sign_means: dict[Currency, Words] = Field(default={}, description="near one of the words, a ¥ is this")
    bare_yuan_places: dict[Currency, Words] = Field(
        default={}, description="places whose 元 is this: the one an article names most decides when its currencies tie")
    place_currency: dict[Annotated[str, _matching(r"[a-z]{2}", "a country code: two small letters, as tw")], Currency] = \
        Field(default={}, description="the currency of a site's country, by its domain's country code")
    money_before_bare_amount: Words = Field(default=[], title="words",
                                            description="before a number with a Chinese scale word: it is money")
    needs_scale: Words = Field(default=[], title="currency_suffixes words",
                               description="suffixes that are money only with a scale word")
    target_markers: Words = Field(title="words", min_length=1, description="words before the receiver")
    actor_markers: Words = Field(title="words", min_length=1, description="words before the payer")
    buyer_markers: Words = Field(default=[], title="words", description="words before the buyer of what is sold")
    deal_price_words: Words = Field(default=[], title="words",
                                    description="price keywords that yield to an acquisition keyword in their clause")
    not_paying_words: Words = Field(default=[], title="words",
                                    description="after a clause's subject: it receives, sells or only speaks of the money")
    investing_words: Words = Field(default=[], title="words",
                                   description="after a funding round's subject: it invests in the round, not raises it")
    receiving_words: Words = Field(default=[], title="words",
                                   description="after a clause's subject: it receives the money (then shown as receiver)")
    selling_or_helping_words: Words = Field(default=[], title="words",
                                            description="between a known name and the amount: it sells or helps, not pays")
    borrowing_words: Words = Field(default=[], title="words",
                                   description="after a clause's subject: it borrows or owes (a loan's receiver)")
    government_debt_words: Words = Field(default=[], title="words",
                                         description="a government's bonds: a funding round beside them is a loan or debt")
    compared_words: Words = Field(default=[], title="words",
                                  description="opening a clause: its amount compares with the one before, of one deal")
    cut_words: Words = Field(default=[], title="words",
                             description="right before an amount: it is cut, money not spent")

    def currencies(self) -> dict[str, Location]:
        """Every currency a figure can have, but the US dollar, and where money.yml first gives it."""
        found: dict[str, Location] = {}
        for key in ("currency_prefixes", "currency_suffixes", "bare_yuan_means", "yen_sign_means"):
            for currency in getattr(self, key):
                for code in ("CNY", "JPY") if currency == YEN_SIGN else (currency,):
                    found.setdefault(code, (key, currency))
        found.pop("USD", None)
        return found

    def problems(self) -> Iterator[Problem]:
        for key in ("currency_prefixes", "currency_suffixes", "qualifiers_before", "qualifiers_after", "kinds"):
            groups = getattr(self, key)
            yield from _duplicates([(label, [((key, label, i), word) for i, word in enumerate(words)])
                                    for label, words in groups.items()],
                                   "listed under", "a word can mean only one of them")
        suffixes = {word for words in self.currency_suffixes.values() for word in words}
        for index, word in enumerate(self.needs_scale):
            if word not in suffixes:
                yield ("needs_scale", index), f"{_quoted(word)} is not one of the words under currency_suffixes"


class RatesFile(DataFile):
    """Units of each currency for one US dollar, a year's average."""

    FILE = "rates.yml"
    source: Text = Field(description="where the rates come from, shown with the US-dollar values")
    per_usd: dict[Currency, Annotated[dict[Year, Positive], Field(min_length=1)]] = Field(
        description="per currency, per year: units for one US dollar")
    without_rate: list[Currency] = Field(default=[], title="currency codes",
                                         description="currencies money.yml knows that deliberately have no rate: "
                                                     "their amounts get no US-dollar value")

    def problems(self) -> Iterator[Problem]:
        if "USD" in self.per_usd:
            yield ("per_usd", "USD"), "amounts in US dollars need no rate: remove it"
        for index, currency in enumerate(self.without_rate):
            if currency in self.per_usd:
                yield ("without_rate", index), f"{currency} has a rate under per_usd: remove one of the two"


def _rates_problems(money: MoneyFile, rates: RatesFile) -> Iterator[Problem]:
    """A currency money.yml can give a figure but rates.yml has no rate for: its amounts would get no
    US-dollar value without anyone having decided so."""
    for currency, location in money.currencies().items():
        if currency not in rates.per_usd and currency not in rates.without_rate:
            yield location, (f"{currency} has no rate in rates.yml: add {currency} under per_usd there, or list "
                             f"it under without_rate to give its amounts no US-dollar value")


# ---- checking ------------------------------------------------------------------------------

@dataclass(frozen=True)
class DataFiles:
    """Every data file, checked."""

    sources: SourcesFile
    fields: FieldsFile
    topics: TopicsFile
    entities: EntitiesFile
    money: MoneyFile
    rates: RatesFile


F = TypeVar("F", bound=DataFile)


def check_file(model: type[F], data: Any) -> F:
    """One file's parsed YAML, checked; RulesError lists every problem."""
    problems: list[str] = []
    checked = _checked(model, data, problems)
    if checked is None or problems:
        raise RulesError("\n".join(problems))
    return checked


def check_data_files(data: Mapping[str, Any]) -> DataFiles:
    """Every file's parsed YAML (by file name) and the checks across files; RulesError lists every problem."""
    problems: list[str] = []
    sources = _checked(SourcesFile, data[SourcesFile.FILE], problems)
    fields = _checked(FieldsFile, data[FieldsFile.FILE], problems)
    topics = _checked(TopicsFile, data[TopicsFile.FILE], problems)
    entities = _checked(EntitiesFile, data[EntitiesFile.FILE], problems)
    money = _checked(MoneyFile, data[MoneyFile.FILE], problems)
    rates = _checked(RatesFile, data[RatesFile.FILE], problems)
    if money is not None and rates is not None:
        problems += [f"{_where(money.FILE, location, data[money.FILE])}: {message}"
                     for location, message in _rates_problems(money, rates)]
    if problems:
        raise RulesError("\n".join(problems))
    # no problem: every file was checked
    assert sources is not None and fields is not None and topics is not None and entities is not None
    assert money is not None and rates is not None
    return DataFiles(sources, fields, topics, entities, money, rates)


def _checked(model: type[F], data: Any, problems: list[str]) -> F | None:
    try:
        checked = model.model_validate(data)
    except ValidationError as exc:
        problems += [_message(model, error, data) for error in exc.errors(include_url=False)]
        return None
    problems += [f"{_where(model.FILE, location, data)}: {message}" for location, message in checked.problems()]
    return checked


# ---- error messages ------------------------------------------------------------------------

def _where(file: str, location: Location, data: Any) -> str:
    """`sources.yml: sources[3] (name: 网易): key 'domains'[0]`: the file, the entry and the key."""
    parts = [part for part in location if part != "[key]"]
    if not parts:
        return file
    head, rest = parts[0], parts[1:]
    if not rest:
        return f"{file}: key '{head}'"
    node = data.get(head) if isinstance(data, dict) else None
    section = ""
    if isinstance(node, list) and isinstance(rest[0], int) and rest[0] < len(node) and isinstance(node[rest[0]], dict):
        index, rest = rest[0], rest[1:]  # an entry of a list (a source, a topic): named by its slug or name
        node = node[index]
        label = next((f" ({key}: {node[key]})" for key in ("slug", "name") if isinstance(node.get(key), str)), "")
        section = f"{head}[{index}]{label}"
        if not rest:
            return f"{file}: {section}"
    elif isinstance(node, dict):  # a mapping of its own (defaults, currencies): its keys are keys
        section = str(head)
    else:  # a list of values, or no such key
        node, rest = data, parts
    path = ""
    for part in rest:
        if isinstance(node, list) and isinstance(part, int):
            path += f"[{part}]"
            node = node[part] if part < len(node) else None
        else:
            path += ("." if path else "") + str(part)
            node = node.get(part) if isinstance(node, dict) else None
    key, bracket, indexes = path.partition("[")
    return f"{file}: {section + ': ' if section else ''}key '{key}'{bracket}{indexes}"


def _unwrapped(annotation: Any) -> Any:
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    return annotation


def _field(model: type[BaseModel], location: Location) -> tuple[type[BaseModel] | None, FieldInfo | None]:
    """The model that holds the location's last key, and that key's field, where the location is in `model`."""
    holder: Any = model
    for part in location[:-1]:
        holder = _unwrapped(holder)
        if isinstance(holder, type) and issubclass(holder, BaseModel) and isinstance(part, str):
            field = holder.model_fields.get(part)
            holder = field.annotation if field else None
        elif get_origin(holder) is list and isinstance(part, int):
            holder = get_args(holder)[0]
        elif get_origin(holder) is dict:
            holder = get_args(holder)[1]
        else:
            return None, None
    holder = _unwrapped(holder)
    if not (isinstance(holder, type) and issubclass(holder, BaseModel)):
        return None, None
    return holder, holder.model_fields.get(str(location[-1]))


def _message(model: type[DataFile], error: Mapping[str, Any], data: Any) -> str:
    """One pydantic error as a line that names the place and says what to write."""
    location: Location = tuple(error["loc"])
    kind, value = error["type"], error["input"]
    holder, field = _field(model, location) if location else (model, None)
    key = next((str(part) for part in reversed(location) if isinstance(part, str) and part != "[key]"), "")
    expected = {"string_type": "a string", "int_type": "a whole number", "float_type": "a number",
                "float_parsing": "a number", "bool_type": "true or false", "dict_type": "a mapping",
                "list_type": "a list"}
    if kind == "extra_forbidden" and holder is not None:
        allowed = list(holder.model_fields)
        close = difflib.get_close_matches(key, allowed, n=1)
        message = ("unknown key" + (f" (did you mean '{close[0]}'?)" if close else "")
                   + f"; the keys allowed here are {', '.join(allowed)}")
    elif kind == "missing":
        message = "missing: this key is required"
    elif kind in ("model_type", "model_attributes_type"):
        inner = _field(model, (*location, ""))[0]
        keys = f" with the keys {', '.join(inner.model_fields)}" if inner is not None else ""
        message = f"expected a mapping{keys}, got {_text(value)}"
    elif kind == "list_type":
        title = field.title if field is not None and field.title else ""
        message = f"expected a list{' of ' + title if title else ''}, got {_text(value)}"
        if isinstance(value, str):
            flow = yaml.safe_dump([value], default_flow_style=True, allow_unicode=True, width=1_000_000).strip()
            message += f"; write {key}: {flow}"
    elif kind in expected:
        message = f"expected {expected[kind]}, got {_text(value)}"
        if kind == "string_type" and isinstance(value, bool):
            message += " (YAML reads an unquoted yes, no, on, off as true or false): put the word in quotes"
        elif kind == "string_type" and isinstance(value, int | float):
            message += f": put it in quotes, '{value}'"
    elif kind == "literal_error":
        options = re.findall(r"'([^']*)'", error["ctx"]["expected"])
        message = f"{_quoted(value)} is not one of {', '.join(options)}"
    elif kind == "too_short":
        message = "is empty: it needs at least one entry"
    elif kind == "string_too_short":
        message = "is empty: write something or remove it"
    elif kind in ("greater_than", "greater_than_equal", "less_than_equal"):
        bound = {"greater_than": "more than {gt:g}", "greater_than_equal": "at least {ge:g}",
                 "less_than_equal": "at most {le:g}"}[kind].format(**error["ctx"])
        message = f"{_quoted(value)} must be {bound}"
    else:  # ours (data_file: the message says it all) and any other pydantic error
        message = error["msg"]
    return f"{_where(model.FILE, location, data)}: {message}"
