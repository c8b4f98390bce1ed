"""Score applications against a position, and say why: what matched, what is missing, the evidence.

score (0–100) = weighted skills (15) + languages at the asked level (10) + years of experience (10)
+ education (5) + BM25 relevance of the resume to the position's text (60, relative to the best in the list),
minus 15 for every must-have that is missing. A missing must-have is flagged in the explanation; nothing is
ever rejected here — a person shortlists from the ranked list.

BM25 is the Lucene variant as the `bm25s` package scores it by default (k1 = 1.5, b = 0.75, no (k1 + 1)
factor), computed over the term counts stored with each resume when it was read (its ranking index), so ranking
ten thousand applications needs no re-tokenising; tests check it gives the same scores as `bm25s` on the same
corpus. Only the applications shown get their explanation (`Scoring.explain`); `Scoring.score` ranks them all.
The position's words are widened by pseudo-relevance feedback (the words that distinguish the best few matches).
"""

from __future__ import annotations

import functools
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from backoffice.core.text import fold
from backoffice.recruitment.choices import CEFR_RANK, EDUCATION_RANK
from backoffice.recruitment.extraction import canonical_language, canonical_skill, terms

K1 = 1.5
B = 0.75
POINTS = {"skills": 15.0, "languages": 10.0, "experience": 10.0, "education": 5.0, "relevance": 60.0}
MUST_HAVE_PENALTY = 15.0
SATURATION = 2  # mentions of a skill that earn its full points
TITLE_WEIGHT = 3  # chosen on half of the public evaluation set (see evaluation.py)
FEEDBACK_DOCS = 5
FEEDBACK_TERMS = 10
FEEDBACK_WEIGHT = 0.3
FEEDBACK_SAMPLE = 2000  # resumes whose words tell common words from telling ones


@dataclass(frozen=True)
class SkillNeed:
    name: str
    weight: int = 1
    must_have: bool = False


@dataclass(frozen=True)
class LanguageNeed:
    language: str
    level: str = ""
    must_have: bool = False


@dataclass
class Requirements:
    title: str
    description: str = ""
    skills: Sequence[SkillNeed] = ()
    languages: Sequence[LanguageNeed] = ()
    min_years: float = 0.0
    education: str = ""

    def query_terms(self) -> list[str]:
        """The words of the position's text: title (counted TITLE_WEIGHT times), description, names of the skills.

        The title is what a suitable resume's headline and past job titles say ("Business Analyst", "Účetní");
        the description adds many general words ("work", "team") that would otherwise outweigh it.
        """
        text = " ".join([self.description, *(s.name for s in self.skills)])
        return list(terms(fold(self.title)).elements()) * TITLE_WEIGHT + list(terms(fold(text)).elements())

    @classmethod
    def of_position(cls, position) -> Requirements:
        return cls(
            title=position.title,
            description=position.description,
            skills=[SkillNeed(s.name, s.weight, s.must_have) for s in position.skills.all()],
            languages=[LanguageNeed(lang.language, lang.level, lang.must_have) for lang in position.languages.all()],
            min_years=float(position.min_years),
            education=position.education,
        )


@dataclass
class Finding:
    kind: str  # skill, language, experience, education, relevance
    name: str
    matched: bool
    points: float
    of_points: float
    evidence: str = ""
    note: str = ""
    must_have: bool = False


@dataclass
class Scored:
    key: object
    score: float
    findings: list[Finding] = field(default_factory=list)
    missing_must_haves: list[str] = field(default_factory=list)

    @property
    def matched(self) -> list[Finding]:
        return [f for f in self.findings if f.matched]

    @property
    def missing(self) -> list[Finding]:
        return [f for f in self.findings if not f.matched]


@functools.lru_cache(maxsize=1024)
def _need_key(name: str) -> tuple[str, tuple[str, ...]]:
    return canonical_skill(name), tuple(terms(fold(name)))


def index_of(profile: dict) -> dict:
    """What ranking needs of a resume's profile, without its evidence snippets, stored beside the profile.

    Ranking ten thousand applications then reads and decodes a few hundred bytes per resume and never
    re-tokenises its text; the snippets are read only for the applications whose explanation is shown.
    """
    mentions = profile.get("mentions", {})
    return {
        "terms": profile.get("terms", {}),
        "length": profile.get("length", 0) or 0,
        "skills": {name: mentions.get(name, 1) for name in profile.get("skills", {})},
        "languages": {name: stated.get("level", "") for name, stated in profile.get("languages", {}).items()},
        "years": float(profile.get("years") or 0),
        "education": profile.get("education", ""),
    }


@dataclass
class _Parts:
    """How one resume meets each requirement, as numbers: what both the score and its explanation are made of."""

    skills: list[float]  # strength 0–1 per skill asked
    languages: list[tuple[float, str] | None]  # (ratio, stated level) per language asked, None if not stated
    experience: float  # ratio of the years asked
    education: bool
    missing: list[str]


class Scoring:
    """The requirements of a position prepared once, then applied to every resume of the list."""

    def __init__(self, requirements: Requirements):
        self.requirements = requirements
        total = sum(s.weight for s in requirements.skills) or 1
        self.skills = [
            (need, *_need_key(need.name), POINTS["skills"] * need.weight / total) for need in requirements.skills
        ]
        self.languages = [
            (need, canonical_language(need.language), CEFR_RANK.get(need.level, 0)) for need in requirements.languages
        ]
        self.language_share = POINTS["languages"] / len(self.languages) if self.languages else 0.0
        self.education_rank = EDUCATION_RANK.get(requirements.education, 0)

    def parts(self, index: dict) -> _Parts:
        missing: list[str] = []
        strengths = []
        found, stored = index.get("skills", {}), index.get("terms", {})
        for need, name, words, _share in self.skills:
            strength = self._skill_strength(name, words, found, stored)
            if need.must_have and not strength:
                missing.append(need.name)
            strengths.append(strength)
        languages: list[tuple[float, str] | None] = []
        known = index.get("languages", {})
        for need, name, wanted in self.languages:
            stated = known.get(name)
            if stated is None:
                languages.append(None)
                if need.must_have:
                    missing.append(need.language)
                continue
            has = CEFR_RANK.get(stated, 0)
            ratio = 1.0 if not wanted or has >= wanted else 0.5 if has == 0 else has / wanted
            if need.must_have and ratio < 1.0 and has:
                missing.append(f"{need.language} {need.level}")
            languages.append((ratio, stated))
        years, wanted_years = index.get("years", 0.0), self.requirements.min_years
        experience = 1.0 if wanted_years <= 0 else min(years / wanted_years, 1.0)
        education = EDUCATION_RANK.get(index.get("education", ""), 0) >= self.education_rank
        return _Parts(strengths, languages, experience, education, missing)

    @staticmethod
    def _skill_strength(name: str, words: tuple[str, ...], found: dict, stored: dict) -> float:
        """How strongly the resume shows the skill (0–1: mentioned once counts less than used throughout)."""
        if name in found:
            return min(found[name], SATURATION) / SATURATION
        if words and all(word in stored for word in words):
            return min(min(stored[w] for w in words), SATURATION) / SATURATION
        return 0.0

    def score(self, index: dict, relevance: float) -> float:
        """The score (0–100, one decimal) of a resume whose BM25 is `relevance` of the best in the list.

        The same sums as `parts` (which the explanation shows), written out flat: it runs for every application.
        """
        found, stored = index.get("skills") or {}, index.get("terms") or {}
        points, missing = POINTS["relevance"] * relevance, 0
        for need, name, words, share in self.skills:
            if name in found:
                points += share * min(found[name], SATURATION) / SATURATION
            elif words and all(word in stored for word in words):
                points += share * min(min(stored[w] for w in words), SATURATION) / SATURATION
            elif need.must_have:
                missing += 1
        if self.languages:
            known = index.get("languages") or {}
            for need, name, wanted in self.languages:
                stated = known.get(name)
                if stated is None:
                    missing += need.must_have
                    continue
                has = CEFR_RANK.get(stated, 0)
                ratio = 1.0 if not wanted or has >= wanted else 0.5 if has == 0 else has / wanted
                missing += need.must_have and ratio < 1.0 and has > 0
                points += self.language_share * ratio
        else:
            points += POINTS["languages"]
        wanted_years = self.requirements.min_years
        years = index.get("years") or 0.0
        points += POINTS["experience"] * (1.0 if wanted_years <= 0 else min(years / wanted_years, 1.0))
        if EDUCATION_RANK.get(index.get("education", ""), 0) >= self.education_rank:
            points += POINTS["education"]
        return round(max(points - MUST_HAVE_PENALTY * missing, 0.0), 1)

    def explain(self, profile: dict, relevance: float, key: object, labels: Labels) -> Scored:
        """The score with what matched, what is missing and the evidence from the resume."""
        index = index_of(profile)
        parts = self.parts(index)
        findings = []
        snippets = profile.get("skills", {})
        for (need, name, _words, share), strength in zip(self.skills, parts.skills, strict=True):
            findings.append(
                Finding("skill", need.name, strength > 0, share * strength, share, snippets.get(name, ""), "",
                        need.must_have)
            )  # fmt: skip
        stated_languages = profile.get("languages", {})
        for (need, name, _wanted), found in zip(self.languages, parts.languages, strict=True):
            label = f"{need.language} {need.level}".strip()
            if found is None:
                findings.append(Finding("language", label, False, 0, self.language_share, "", "", need.must_have))
                continue
            ratio, level = found
            note = labels.level_not_stated if ratio == 0.5 and not CEFR_RANK.get(level, 0) else level
            findings.append(
                Finding("language", label, ratio >= 1.0, self.language_share * ratio, self.language_share,
                        stated_languages[name].get("evidence", ""), note, need.must_have)
            )  # fmt: skip
        years = labels.years_found % {"years": f"{float(profile.get('years') or 0):g}"}
        findings.append(
            Finding("experience", labels.experience, parts.experience >= 1.0, POINTS["experience"] * parts.experience,
                    POINTS["experience"], profile.get("years_evidence", ""), years)
        )  # fmt: skip
        has = profile.get("education", "")
        findings.append(
            Finding("education", labels.education, parts.education, POINTS["education"] if parts.education else 0.0,
                    POINTS["education"], profile.get("education_evidence", ""),
                    labels.levels.get(has, has) if has else labels.not_stated)
        )  # fmt: skip
        findings.append(
            Finding("relevance", labels.relevance, relevance > 0, POINTS["relevance"] * relevance,
                    POINTS["relevance"], "", f"{relevance:.0%}")
        )  # fmt: skip
        return Scored(key=key, score=self.score(index, relevance), findings=findings, missing_must_haves=parts.missing)


@dataclass(frozen=True)
class Labels:
    """The translated words of an explanation, looked up once per ranking rather than once per resume."""

    years_found: str
    experience: str
    education: str
    not_stated: str
    level_not_stated: str
    relevance: str
    levels: dict

    @classmethod
    def current(cls, requirements: Requirements) -> Labels:
        from backoffice.recruitment.choices import Education

        wanted = requirements.min_years
        return cls(
            years_found=_("%(years)s years found"),
            experience=_("at least %(years)s years of experience") % {"years": f"{wanted:g}"}
            if wanted
            else _("experience"),
            education=str(Education(requirements.education).label) if requirements.education else _("education"),
            not_stated=_("not stated"),
            level_not_stated=_("level not stated"),
            relevance=_("relevance to the position's description"),
            levels={value: str(label) for value, label in Education.choices},
        )


def bm25_scores(query: Iterable[str], profiles: Sequence[dict]) -> list[float]:
    """BM25 (Lucene variant) of each stored resume (profile or index) for the query words, with statistics of
    this corpus. Only the query's words are looked at in each resume, in the query's order (stable sums)."""
    count = len(profiles)
    if not count:
        return []
    wanted = Counter(query)
    position = {word: n for n, word in enumerate(wanted)}
    lengths = [p.get("length", 0) or 0 for p in profiles]
    average = (sum(lengths) / count) or 1.0
    frequency: Counter = Counter()
    hits: list[tuple[int, list[str]]] = []
    for index, p in enumerate(profiles):
        stored = p.get("terms") or {}
        common = stored.keys() & wanted.keys()
        if common:
            words = sorted(common, key=position.__getitem__)
            frequency.update(words)
            hits.append((index, words))
    idf = {word: math.log(1 + (count - df + 0.5) / (df + 0.5)) for word, df in frequency.items()}
    scores = [0.0] * count
    for index, words in hits:
        stored = profiles[index]["terms"]
        norm = K1 * (1 - B + B * lengths[index] / average)
        total = 0.0
        for word in words:
            tf = stored[word]
            total += wanted[word] * idf[word] * tf / (tf + norm)
        scores[index] = total
    return scores


def feedback_terms(query: list[str], profiles: Sequence[dict], scores: list[float]) -> list[str]:
    """Pseudo-relevance feedback: the words that most distinguish the best-matching resumes, added to the query.

    Resumes for the same kind of job share a vocabulary the advert does not use ("SDLC", "regression suite");
    the best few BM25 matches reveal it. Each chosen word counts half as much as a word of the advert.
    """
    count = len(profiles)
    if count < FEEDBACK_DOCS * 2:
        return []
    best = sorted(range(count), key=lambda i: -scores[i])[:FEEDBACK_DOCS]
    if not scores[best[0]]:
        return []
    # Document frequencies from an even sample of at most FEEDBACK_SAMPLE resumes: enough to tell common words
    # from telling ones, and ranking 10,000 resumes does not count every word of every resume.
    step = max(1, count // FEEDBACK_SAMPLE)
    sample = profiles[::step]
    document_frequency: Counter = Counter()
    for p in sample:
        document_frequency.update(p.get("terms", {}).keys())
    weights: Counter = Counter()
    for index in best:
        stored = profiles[index].get("terms", {})
        length = profiles[index].get("length", 0) or 1
        for word, tf in stored.items():
            if len(word) > 2 and not word.isdigit():
                weights[word] += tf / length * math.log((len(sample) + 1) / (document_frequency[word] + 1))
    asked = set(query)
    chosen = [word for word, _ in weights.most_common(FEEDBACK_TERMS + len(asked)) if word not in asked]
    return chosen[:FEEDBACK_TERMS]


@dataclass(frozen=True)
class Placed:
    """One resume's place in a ranking: its score and its relevance (BM25 of the best in the list, 0–1)."""

    key: object
    score: float
    relevance: float


def relevance_of(requirements: Requirements, indexes: Sequence[dict]) -> list[float]:
    """BM25 of each resume for the position's words (widened by feedback), relative to the best in the list."""
    query = requirements.query_terms()
    relevance = bm25_scores(query, indexes)
    extra = feedback_terms(query, indexes, relevance)
    if extra:
        expanded = bm25_scores(extra, indexes)
        relevance = [r + FEEDBACK_WEIGHT * e for r, e in zip(relevance, expanded, strict=True)]
    best = max(relevance, default=0.0) or 1.0
    return [r / best for r in relevance]


def order(requirements: Requirements, indexes: Sequence[tuple[object, dict]]) -> list[Placed]:
    """Every (key, index) scored, best first (ties keep the given order), without the explanations."""
    scoring = Scoring(requirements)
    relevance = relevance_of(requirements, [index for _, index in indexes])
    placed = [Placed(key, scoring.score(index, relevance[n]), relevance[n]) for n, (key, index) in enumerate(indexes)]
    placed.sort(key=lambda p: -p.score)
    return placed


def rank(requirements: Requirements, profiles: Sequence[tuple[object, dict]]) -> list[Scored]:
    """Every (key, profile) scored and explained, best first; ties keep the given order."""
    scoring = Scoring(requirements)
    labels = Labels.current(requirements)
    placed = order(requirements, [(n, index_of(profile)) for n, (_, profile) in enumerate(profiles)])
    return [scoring.explain(profiles[p.key][1], p.relevance, profiles[p.key][0], labels) for p in placed]
