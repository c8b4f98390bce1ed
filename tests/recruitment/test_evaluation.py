"""The screening beats a plain BM25 baseline on our labelled Czech set (what `make eval-screening` prints)."""

import io

from backoffice.recruitment import evaluation


def test_our_ranking_beats_bm25_on_the_czech_set():
    result = evaluation.evaluate(evaluation.load_czech())
    ours_ndcg, base_ndcg, ours_recall, base_recall = result.averages()
    assert len(result.rows) == 10
    assert ours_ndcg > base_ndcg + 0.025
    assert ours_recall > base_recall + 0.03
    out = io.StringIO()
    evaluation.print_result(result, out)
    assert "average" in out.getvalue() and "Skladník" in out.getvalue()


def test_metrics():
    grades = {"a": 2, "b": 1, "c": 0}
    assert evaluation.ndcg_at(["a", "b", "c"], grades) == 1.0
    assert evaluation.ndcg_at(["c", "b", "a"], grades) < 0.7
    assert evaluation.recall_at(["c", "a"], grades, k=1) == 0.0
    assert evaluation.recall_at(["c", "a"], grades, k=2) == 1.0


def test_the_czech_set_is_labelled_for_every_position_with_fitting_and_near_miss_resumes():
    dataset = evaluation.load_czech()
    assert len(dataset.resumes) >= 60
    for case in dataset.cases:
        grades = list(case.grades.values())
        assert grades.count(2) >= 3 and grades.count(1) >= 1, case.name
