"""What is read out of a resume: contacts, skills with aliases, languages with levels, experience, education."""

import datetime as dt

import bm25s

from backoffice.core.text import fold
from backoffice.recruitment.extraction import profile, stem, terms
from backoffice.recruitment.screening import Requirements, SkillNeed, bm25_scores, rank

CZECH = """Jana Nováková
E-mail: Jana.Novakova@Seznam.cz, tel. +420 777 123 456
Pracovní zkušenosti
03/2015 – 06/2019 účetní, ABC s.r.o.: UCETNICTVI, DPH, MS Office
2019 – dosud hlavní účetní
Vzdělání
2010 – 2014 Ing., VŠE Praha
Jazyky: angličtina B2, němčina – základní znalost, JS
"""
ENGLISH = """John Smith
john@example.com
Experience
Jan 2016 - Dec 2020 Accountant: bookkeeping, VAT returns, Microsoft Excel
Education: Bachelor of Commerce
Languages: English (native), German fluent
"""
TODAY = dt.date(2026, 11, 27)


def test_czech_resume():
    p = profile(CZECH, today=TODAY)
    assert p["emails"] == ["jana.novakova@seznam.cz"]
    assert p["phones"] == ["+420777123456"]
    assert {"Accounting", "Taxes", "Microsoft Office", "JavaScript"} <= set(p["skills"])
    assert "UCETNICTVI" in p["skills"]["Accounting"]  # the evidence is the resume's own words
    assert p["languages"]["English"]["level"] == "B2"
    assert p["languages"]["German"]["level"] == "A2"
    assert p["education"] == "master"
    # 03/2015 to now, the overlapping ranges counted once; the study years 2010–2014 are not work.
    assert 11.5 <= p["years"] <= 11.9


def test_english_resume_and_aliases():
    p = profile(ENGLISH, today=TODAY)
    assert {"Accounting", "Taxes", "Excel"} <= set(p["skills"])
    assert p["languages"]["English"]["level"] == "C2"
    assert p["languages"]["German"]["level"] == "C1"
    assert p["years"] == 5.0
    assert p["education"] == "bachelor"


def test_matching_ignores_case_and_diacritics():
    assert "Accounting" in profile("Znalosti: ucetnictvi")["skills"]
    assert "Accounting" in profile("Znalosti: ÚČETNICTVÍ")["skills"]
    assert "Java" in profile("Java, Spring")["skills"] and "JavaScript" not in profile("Java, Spring")["skills"]


def test_our_bm25_gives_the_scores_of_bm25s():
    texts = ["účetní s praxí v účetnictví", "skladník VZV", "účetní, daně, DPH, účetní závěrky", "programátor Python"]
    profiles = [profile(t) for t in texts]
    query = list(terms("ucetni dph").elements())
    retriever = bm25s.BM25()
    retriever.index([list(terms(fold(t)).elements()) for t in texts], show_progress=False)
    expected = retriever.get_scores(query)
    ours = bm25_scores(query, profiles)
    assert [round(x, 4) for x in ours] == [round(float(x), 4) for x in expected]


def test_a_missing_must_have_is_flagged_not_hidden_and_every_score_is_explained():
    requirements = Requirements(title="Účetní", skills=[SkillNeed("Accounting", 5, True), SkillNeed("Pohoda", 2)])
    ranked = rank(requirements, [("a", profile(CZECH)), ("b", profile("Skladník, VZV, Pohoda, 2010 - 2020"))])
    by_key = {s.key: s for s in ranked}
    assert by_key["b"].missing_must_haves == ["Accounting"]
    assert len(ranked) == 2  # nothing is dropped
    accounting = next(f for f in by_key["a"].findings if f.name == "Accounting")
    assert accounting.matched and "UCETNICTVI" in accounting.evidence
    assert ranked[0].key == "a"


def test_czech_word_forms_meet_and_english_words_stay_as_written():
    assert terms(fold("Účetnictví, účetnictvím")) == {"ucetnictv": 2}
    assert stem("skladnika") == stem("skladnik") and stem("serveru") == stem("server")
    assert stem("designing") != stem("design") and stem("sql") == "sql"
    p = profile("Operátorka zákaznické podpory, vyřizování reklamací")
    assert "Customer service" in p["skills"] and "zákaznické podpory" in p["skills"]["Customer service"]
    assert "Sales" not in profile("Vzdělání: obchodní akademie, maturita")["skills"]  # a school, not sales
    assert profile("Nákupčí: poptávky, objednávky u dodavatelů")["skills"].keys() >= {"Purchasing"}
    assert profile("Customer service, customer service")["mentions"]["Customer service"] == 2  # counted once a place
