"""Score applications against a position, and say why: what matched, what is missing, the evidence.

score (0–100) = weighted skills (45) + languages at the asked level (15) + years of experience (15)
+ education (5) + BM25 relevance of the resume to the position's text (20, relative to the best in the list),
minus 15 for every must-have that is missing. A missing must-have is flagged in the explanation; nothing is
ever rejected here — a person shortlists from the ranked list.

BM25 is the Lucene variant as the `bm25s` package scores it by default (k1 = 1.5, b = 0.75, no (k1 + 1)
factor), computed over the term counts stored with each resume when it was read, so ranking ten thousand
applications needs no re-tokenising; tests check it gives the same scores as `bm25s` on the same corpus.
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
SATURATION = 2
FEEDBACK_DOCS = 5
FEEDBACK_TERMS = 10
FEEDBACK_WEIGHT = 0.3
FEEDBACK_SAMPLE = 2000  # mentions of a skill that earn its full points


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
        """The words of the position's text: title, description and the names of the skills."""
        text = " ".join([self.title, self.description, *(s.name for s in self.skills)])
        return list(terms(fold(text)).elements())

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


def _skill_match(need: SkillNeed, profile: dict) -> tuple[float, str]:
    """How strongly the resume shows the skill (0–1: mentioned once counts less than used throughout)."""
    name, words = _need_key(need.name)
    found = profile.get("skills", {})
    if name in found:
        return min(profile.get("mentions", {}).get(name, 1), SATURATION) / SATURATION, found[name]
    stored = profile.get("terms", {})
    if words and all(word in stored for word in words):
        return min(min(stored[w] for w in words), SATURATION) / SATURATION, ""
    return 0.0, ""


def _skills(requirements: Requirements, profile: dict) -> tuple[list[Finding], float, list[str]]:
    findings, earned, missing = [], 0.0, []
    total = sum(s.weight for s in requirements.skills) or 1
    for need in requirements.skills:
        strength, evidence = _skill_match(need, profile)
        matched = strength > 0
        points = POINTS["skills"] * need.weight / total * strength
        earned += points
        if need.must_have and not matched:
            missing.append(need.name)
        findings.append(
            Finding(
                "skill",
                need.name,
                matched,
                points,
                POINTS["skills"] * need.weight / total,
                evidence,
                "",
                need.must_have,
            )
        )
    return findings, earned, missing


def _languages(requirements: Requirements, profile: dict, labels: Labels) -> tuple[list[Finding], float, list[str]]:
    if not requirements.languages:
        return [], POINTS["languages"], []
    findings, earned, missing = [], 0.0, []
    share = POINTS["languages"] / len(requirements.languages)
    known = profile.get("languages", {})
    for need in requirements.languages:
        stated = known.get(canonical_language(need.language))
        wanted = CEFR_RANK.get(need.level, 0)
        if stated is None:
            findings.append(
                Finding("language", f"{need.language} {need.level}".strip(), False, 0, share, "", "", need.must_have)
            )
            if need.must_have:
                missing.append(need.language)
            continue
        has = CEFR_RANK.get(stated["level"], 0)
        if not wanted or has >= wanted:
            ratio, note = 1.0, stated["level"]
        elif has == 0:
            ratio, note = 0.5, labels.level_not_stated
        else:
            ratio, note = has / wanted, stated["level"]
        points = share * ratio
        earned += points
        matched = ratio >= 1.0
        if need.must_have and not matched and has:
            missing.append(f"{need.language} {need.level}")
        findings.append(
            Finding(
                "language",
                f"{need.language} {need.level}".strip(),
                matched,
                points,
                share,
                stated["evidence"],
                note,
                need.must_have,
            )
        )
    return findings, earned, missing


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


def _experience(requirements: Requirements, profile: dict, labels: Labels) -> Finding:
    years = float(profile.get("years") or 0)
    wanted = requirements.min_years
    ratio = 1.0 if wanted <= 0 else min(years / wanted, 1.0)
    note = labels.years_found % {"years": f"{years:g}"}
    name = labels.experience
    return Finding(
        "experience", name, ratio >= 1.0, POINTS["experience"] * ratio, POINTS["experience"],
        profile.get("years_evidence", ""), note,
    )  # fmt: skip


def _education(requirements: Requirements, profile: dict, labels: Labels) -> Finding:
    has = profile.get("education", "")
    ok = EDUCATION_RANK.get(has, 0) >= EDUCATION_RANK.get(requirements.education, 0)
    return Finding(
        "education", labels.education, ok, POINTS["education"] if ok else 0.0, POINTS["education"],
        profile.get("education_evidence", ""), labels.levels.get(has, has) if has else labels.not_stated,
    )  # fmt: skip


def bm25_scores(query: Iterable[str], profiles: Sequence[dict]) -> list[float]:
    """BM25 (Lucene variant) of each stored resume for the query words, with statistics of this corpus."""
    count = len(profiles)
    if not count:
        return []
    lengths = [p.get("length", 0) or 0 for p in profiles]
    average = (sum(lengths) / count) or 1.0
    norms = [K1 * (1 - B + B * length / average) for length in lengths]
    scores = [0.0] * count
    for word, repeats in Counter(query).items():
        counts = [p.get("terms", {}).get(word, 0) for p in profiles]
        frequency = sum(1 for c in counts if c)
        if not frequency:
            continue
        idf = math.log(1 + (count - frequency + 0.5) / (frequency + 0.5))
        for index, tf in enumerate(counts):
            if tf:
                scores[index] += repeats * idf * tf / (tf + norms[index])
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


def score_one(
    requirements: Requirements, profile: dict, relevance: float, key: object = None, labels: Labels | None = None
) -> Scored:
    """The score of one resume; `relevance` is its BM25 relative to the best in the list (0–1)."""
    labels = labels or Labels.current(requirements)
    skill_findings, skill_points, missing = _skills(requirements, profile)
    language_findings, language_points, missing_languages = _languages(requirements, profile, labels)
    experience = _experience(requirements, profile, labels)
    education = _education(requirements, profile, labels)
    relevance_points = POINTS["relevance"] * relevance
    relevance_finding = Finding(
        "relevance", labels.relevance, relevance > 0, relevance_points,
        POINTS["relevance"], "", f"{relevance:.0%}",
    )  # fmt: skip
    missing = missing + missing_languages
    total = skill_points + language_points + experience.points + education.points + relevance_points
    total = max(total - MUST_HAVE_PENALTY * len(missing), 0.0)
    findings = [*skill_findings, *language_findings, experience, education, relevance_finding]
    return Scored(key=key, score=round(total, 1), findings=findings, missing_must_haves=missing)


def rank(requirements: Requirements, profiles: Sequence[tuple[object, dict]]) -> list[Scored]:
    """Every (key, profile) scored and explained, best first; ties keep the given order."""
    only = [p for _, p in profiles]
    query = requirements.query_terms()
    relevance = bm25_scores(query, only)
    extra = feedback_terms(query, only, relevance)
    if extra:
        expanded = bm25_scores(extra, only)
        relevance = [r + FEEDBACK_WEIGHT * e for r, e in zip(relevance, expanded, strict=True)]
    best = max(relevance, default=0.0) or 1.0
    labels = Labels.current(requirements)
    scored = [
        score_one(requirements, profile, relevance[i] / best, key, labels) for i, (key, profile) in enumerate(profiles)
    ]
    return sorted(scored, key=lambda s: -s.score)
