"""Read a resume's text: contacts, skills, languages with CEFR levels, years of experience, education.

Matching folds case and diacritics ("Účetnictví" = "ucetnictvi"), knows the aliases in vocabulary.json
("MS Office" = "Microsoft Office", "JS" = "JavaScript") and ignores Czech word endings ("zákaznické podpoře" =
"zákaznická podpora"). Everything found keeps a snippet of the resume as evidence.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
import unicodedata
from collections import Counter
from pathlib import Path

from backoffice.core.contacts import normalize_phone
from backoffice.core.text import fold

VOCABULARY_FILE = Path(__file__).with_name("vocabulary.json")
SNIPPET = 60
_STOPWORD_TEXT = """a an and are as at be by for from has have in is it of on or the to with was were will
    this that our your you we i my me he she they their his her its not but all can also any per etc using used use new
    a i k o s u v z ze na se do od po za pro pri jako jsem jsou byl byla bylo mam mame je jeho jej
    ale nebo ani tak take tento tato toto ktery ktera ktere kde kdy jak nez aby bez"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())
TOKEN = re.compile(r"\w\w+")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"(?<![\w+])(?:\+|00)?\d[\d \u00a0\-/().]{7,16}\d(?!\w)")
CEFR = re.compile(r"(?<![a-z0-9])([abc][12])(?![a-z0-9])")

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10,
    "nov": 11, "dec": 12, "leden": 1, "ledna": 1, "unor": 2, "unora": 2, "brezen": 3, "brezna": 3, "duben": 4,
    "dubna": 4, "kveten": 5, "kvetna": 5, "cerven": 6, "cervna": 6, "cervenec": 7, "cervence": 7, "srpen": 8,
    "srpna": 8, "zari": 9, "rijen": 10, "rijna": 10, "listopad": 11, "listopadu": 11, "prosinec": 12,
    "prosince": 12,
}  # fmt: skip
_MONTH_WORD = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?|" + "|".join(
    sorted((m for m in MONTHS if len(m) > 3), key=len, reverse=True)
)
_DATE = rf"(?:(?P<@w>{_MONTH_WORD})\s+|(?P<@n>\d{{1,2}})\s*[/.\-]\s*)?(?P<@y>(?:19|20)\d\d)"
_NOW = r"(?P<now>present|now|current(?:ly)?|till date|to date|today|dosud|doposud|soucasnost|nyni|soucasne|trva)"
DATE_RANGE = re.compile(
    _DATE.replace("@", "a") + r"\s*(?:-|–|—|to|do|az|until)\s*(?:" + _DATE.replace("@", "b") + "|" + _NOW + ")"
)
STATED_YEARS = re.compile(
    r"(\d{1,2}(?:[.,]\d)?)\s*\+?\s*(?:years?|yrs?|let|roku|roky)\s+(?:of\s+)?(?:\w+\s+){0,2}?"
    r"(?:experience|exprience|praxe|praxi|zkusenost)"
)
STATED_MONTHS = re.compile(r"(?:experience|exprience)\s*[-:]?\s*(\d{1,3})\s*months")
WORK_HEADING = re.compile(
    r"^\W*(?:pracovni zkusenosti|zkusenosti|praxe|zamestnani|work experience|experience|exprience|"
    r"employment|work history|professional experience|career)\b"
)
SCHOOL_HEADING = re.compile(r"^\W*(?:vzdelani|education|studium|academic|qualification|kurzy|courses|training)\b")


@functools.cache
def vocabulary() -> dict:
    return json.loads(VOCABULARY_FILE.read_text(encoding="utf-8"))


def _alias_pattern(table: dict[str, list[str]]) -> tuple[re.Pattern, dict[str, str]]:
    """One regex over every alias (longest first) and the map from a folded alias to its canonical name."""
    canonical: dict[str, str] = {}
    for name, aliases in table.items():
        for alias in [name, *aliases]:
            canonical.setdefault(fold(alias), name)
    alternatives = "|".join(re.escape(alias) for alias in sorted(canonical, key=len, reverse=True))
    return re.compile(rf"(?<![a-z0-9])(?:{alternatives})(?![a-z0-9])"), canonical


@functools.cache
def skill_matcher() -> tuple[re.Pattern, dict[str, str]]:
    return _alias_pattern(vocabulary()["skills"])


@functools.cache
def language_matcher() -> tuple[re.Pattern, dict[str, str]]:
    return _alias_pattern(vocabulary()["languages"])


@functools.cache
def level_matcher() -> tuple[re.Pattern, dict[str, str]]:
    return _alias_pattern(vocabulary()["levels"])


@functools.cache
def education_matcher() -> tuple[re.Pattern, dict[str, str]]:
    # "ing." and "bc." end with a dot: the right boundary is the dot itself.
    return _alias_pattern(vocabulary()["education"])


def canonical_skill(name: str) -> str:
    """The vocabulary's name for a skill ("MS Office" -> "Microsoft Office"), or the name as given."""
    return skill_matcher()[1].get(fold(name), name.strip())


def skill_words(name: str) -> list[str]:
    """The words of a skill and of all its aliases: what a resume may say instead of the skill's name."""
    canonical = canonical_skill(name)
    aliases = vocabulary()["skills"].get(canonical, [])
    return [word for alias in [name, canonical, *aliases] for word in terms(fold(alias))]


def canonical_language(name: str) -> str:
    return language_matcher()[1].get(fold(name), name.strip())


def snippet(text: str, start: int, end: int) -> str:
    """The words around a match, within its line."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    left = max(line_start, start - SNIPPET)
    right = min(len(text) if line_end < 0 else line_end, end + SNIPPET)
    return " ".join(text[left:right].split())


def fold_text(text: str) -> str:
    """core.text.fold without trimming, so offsets in the folded text are offsets in the original."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


# Endings of Czech cases, numbers and adjective forms, longest first. Light stemming (one inflectional ending
# stripped, no derivation, no full morphology) conflates the forms an advert and a resume use for one thing
# ("účetnictví", "účetnictvím"; "skladník", "skladníka"; "zákaznické", "zákaznická"). English endings are left alone:
# there "-ing", "-er", "-s" often carry the meaning of a job ("designing" is not "design", "sales" not "sale").
_ENDING_TEXT = """nimi nich niho nim ni atech atum etem ovy ove ovi ova emu ymu imu eho iho ymi ima
    ami emi ach ech ich ych ata aty ou em ym im om ho mi a e i o u y"""
_ENDINGS = sorted(_ENDING_TEXT.split(), key=len, reverse=True)
MIN_STEM = 3


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A folded word without its Czech ending ("zakaznicke" -> "zakaznick", "skladnika" -> "skladnik").

    Words with digits and words of at most three letters are kept whole: "sql", "c2", "b2b" are names.
    """
    if len(word) <= MIN_STEM or not word.isalpha():
        return word
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            return word[: -len(ending)]
    return word


def terms(folded: str) -> Counter:
    """Words for BM25: folded, stemmed, at least two characters, without the commonest Czech and English words."""
    return Counter(stem(word) for word in TOKEN.findall(folded) if word not in STOPWORDS)


@functools.cache
def skill_stems() -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """Every alias of several plain words as its stems, by its first stem: (stems, canonical name), longest first.

    One-word aliases are matched as written (the vocabulary lists their inflected forms): a lone stem too often
    meets a word of another meaning or language ("personal" and "personální", "taxi" and "tax").
    """
    table: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for alias, name in skill_matcher()[1].items():
        words = TOKEN.findall(alias)
        if len(words) > 1 and " ".join(words) == alias:
            stems = tuple(stem(word) for word in words)
            table.setdefault(stems[0], []).append((stems, name))
    for entries in table.values():
        entries.sort(key=lambda entry: -len(entry[0]))
    return table


def find_skills(folded: str, original: str) -> tuple[dict[str, str], dict[str, int]]:
    """Each known skill with the first place it is mentioned, and how many times it is.

    An alias is found as written ("ci/cd", "c#") or, when it is a phrase, in other forms of its words
    ("zákaznickou podporu" for "zákaznická podpora"); a place in the text counts once.
    """
    pattern, canonical = skill_matcher()
    found: dict[str, tuple[int, str]] = {}
    counts: Counter = Counter()
    covered: set[int] = set()

    def note(name: str, start: int, end: int) -> None:
        if name not in found or start < found[name][0]:
            found[name] = (start, snippet(original, start, end))
        counts[name] += 1

    for match in pattern.finditer(folded):
        note(canonical[match.group(0)], match.start(), match.end())
        covered.update(range(match.start(), match.end()))
    table = skill_stems()
    words = [(m.start(), m.end(), stem(m.group(0))) for m in TOKEN.finditer(folded)]
    position = 0
    while position < len(words):
        start, _end, first = words[position]
        step = 1
        for stems, name in table.get(first, ()):
            size = len(stems)
            if tuple(w[2] for w in words[position : position + size]) == stems:
                end = words[position + size - 1][1]
                if start not in covered:
                    note(name, start, end)
                step = size
                break
        position += step
    return {name: evidence for name, (_start, evidence) in found.items()}, dict(counts)


def find_languages(folded: str, original: str) -> dict[str, dict[str, str]]:
    """Languages named in the resume with the level stated next to them (CEFR, or words like "fluent")."""
    pattern, canonical = language_matcher()
    levels, level_names = level_matcher()
    found: dict[str, dict[str, str]] = {}
    for match in pattern.finditer(folded):
        name = canonical[match.group(0)]
        # The level is stated in the same item of the list: up to the next comma, semicolon or line end.
        window = re.split(r"[,;\n]", folded[match.end() : match.end() + 50], maxsplit=1)[0]
        before = re.split(r"[,;\n:]", folded[max(0, match.start() - 25) : match.start()])[-1]
        level = ""
        explicit = CEFR.search(window) or CEFR.search(before)
        if explicit:
            level = explicit.group(1).upper()
        else:
            word = levels.search(window) or levels.search(before)
            if word:
                level = level_names[word.group(0)]
        known = found.get(name)
        if known is None or (level and level > known["level"]):
            found[name] = {"level": level, "evidence": snippet(original, match.start(), match.end())}
    return found


def _month(word: str | None, number: str | None) -> int:
    if number:
        return min(max(int(number), 1), 12)
    if word:
        return MONTHS.get(word.rstrip(".")[:3] if word[:3] in MONTHS else word.rstrip("."), 1) or 1
    return 1


def _work_lines(folded: str) -> list[tuple[int, str]]:
    """Lines with their offsets, without the education section (its date ranges are studies, not work)."""
    lines, offset, section, saw_work = [], 0, "", False
    for line in folded.split("\n"):
        if WORK_HEADING.match(line):
            section, saw_work = "work", True
        elif SCHOOL_HEADING.match(line):
            section = "school"
        if section != "school":
            lines.append((offset, line))
        offset += len(line) + 1
    return lines if saw_work or lines else []


def years_of_experience(folded: str, original: str, today: dt.date | None = None) -> tuple[float, str]:
    """Years worked, from date ranges (overlaps counted once) or a stated "5 years of experience"."""
    today = today or dt.date.today()
    now = today.year * 12 + today.month - 1
    spans: list[tuple[int, int]] = []
    evidence = ""
    for offset, line in _work_lines(folded):
        for match in DATE_RANGE.finditer(line):
            start = int(match["ay"]) * 12 + _month(match["aw"], match["an"]) - 1
            end = now if match["now"] else int(match["by"]) * 12 + _month(match["bw"], match["bn"]) - 1
            if match["bn"] is None and match["bw"] is None and not match["now"]:
                end += 11 if match["an"] is None and match["aw"] is None else 0  # "2015–2018": to the end of 2018
            if start <= end <= now + 1 and end - start < 50 * 12:
                spans.append((start, end + 1))
                evidence = evidence or snippet(original, offset + match.start(), offset + match.end())
    months = 0
    last_end = None
    for start, end in sorted(spans):
        if last_end is not None and start < last_end:
            start = last_end
        if end > start:
            months += end - start
            last_end = end if last_end is None else max(last_end, end)
    from_ranges = round(months / 12, 1)
    stated, stated_evidence = 0.0, ""
    for match in STATED_YEARS.finditer(folded):
        value = float(match.group(1).replace(",", "."))
        if value <= 50 and value > stated:
            stated, stated_evidence = value, snippet(original, match.start(), match.end())
    for match in STATED_MONTHS.finditer(folded):
        value = round(int(match.group(1)) / 12, 1)
        if value > stated:
            stated, stated_evidence = value, snippet(original, match.start(), match.end())
    if stated > from_ranges:
        return stated, stated_evidence
    return from_ranges, evidence


def highest_education(folded: str, original: str) -> tuple[str, str]:
    from backoffice.recruitment.choices import EDUCATION_RANK

    pattern, canonical = education_matcher()
    best, evidence = "", ""
    for match in pattern.finditer(folded):
        level = canonical[match.group(0)]
        if EDUCATION_RANK.get(level, 0) > EDUCATION_RANK.get(best, 0):
            best, evidence = level, snippet(original, match.start(), match.end())
    return best, evidence


def contacts(original: str) -> tuple[list[str], list[str]]:
    emails = list(dict.fromkeys(m.group(0).strip(".").lower() for m in EMAIL.finditer(original)))
    phones: list[str] = []
    for match in PHONE.finditer(original):
        raw = match.group(0)
        if re.fullmatch(r"(?:19|20)\d\d\s*[-–/]\s*(?:19|20)\d\d", raw.strip()):
            continue  # a date range, not a number
        number = normalize_phone(raw)
        if number and number not in phones:
            phones.append(number)
    return emails[:3], phones[:3]


def guess_name(original: str) -> str:
    """The first short line made only of capitalised words: where a resume puts the person's name."""
    for line in original.splitlines()[:8]:
        words = line.strip().split()
        if 2 <= len(words) <= 4 and all(w[:1].isupper() and w.replace("-", "").isalpha() for w in words):
            return " ".join(words)[:160]
    return ""


def profile(text: str, today: dt.date | None = None) -> dict:
    """Everything read out of a resume's text, JSON-ready (stored with the resume, used by screening)."""
    original = text or ""
    folded = fold_text(original)
    if len(folded) != len(original):
        # Folding changed the length (ligatures, "ß"); snippets are then cut from the folded text.
        original = folded
    emails, phones = contacts(original)
    years, years_evidence = years_of_experience(folded, original, today)
    education, education_evidence = highest_education(folded, original)
    words = terms(folded)
    skills, mentions = find_skills(folded, original)
    return {
        "name": guess_name(text or ""),
        "emails": emails,
        "phones": phones,
        "skills": skills,
        "mentions": mentions,
        "languages": find_languages(folded, original),
        "years": years,
        "years_evidence": years_evidence,
        "education": education,
        "education_evidence": education_evidence,
        "terms": dict(words),
        "length": sum(words.values()),
    }
