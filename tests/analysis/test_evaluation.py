"""Clustering metrics on known examples, and the labelled TSV reader."""

import pytest

from analysis.evaluation import clustering_scores, hungarian_accuracy, read_labelled_tsv


def test_a_permuted_labelling_is_perfect():
    truth = ["a", "a", "b", "b", "c", "c"]
    predicted = [2, 2, 0, 0, 1, 1]
    assert hungarian_accuracy(truth, predicted) == 1.0
    scores = clustering_scores(truth, predicted)
    assert scores == {"nmi": pytest.approx(1.0), "ari": pytest.approx(1.0), "acc": 1.0}


def test_accuracy_matches_clusters_one_to_one():
    # Cluster 0 holds two "a" and one "b"; cluster 1 holds two "b": 4 of 5 right.
    assert hungarian_accuracy(["a", "a", "b", "b", "b"], [0, 0, 0, 1, 1]) == pytest.approx(0.8)
    # One cluster for everything can only be matched to one label.
    assert hungarian_accuracy(["a", "a", "b", "b"], [0, 0, 0, 0]) == pytest.approx(0.5)
    # More clusters than labels: the unmatched cluster counts as wrong.
    assert hungarian_accuracy(["a", "a", "a", "b"], [0, 0, 1, 2]) == pytest.approx(0.75)


def test_the_other_group_is_a_cluster_of_its_own():
    truth = ["a", "a", "b", "b"]
    assert hungarian_accuracy(truth, [0, 0, 1, 1]) == 1.0
    assert hungarian_accuracy(truth, [0, 0, 1, -1]) == pytest.approx(0.75)


def test_independent_labelling_scores_near_zero():
    truth = [0, 0, 1, 1] * 50
    predicted = [0, 1] * 100
    scores = clustering_scores(truth, predicted)
    assert scores["nmi"] == pytest.approx(0.0, abs=1e-9)
    assert scores["ari"] < 0.01
    assert scores["acc"] == pytest.approx(0.5)


def test_lengths_must_agree():
    with pytest.raises(ValueError):
        hungarian_accuracy([1, 2], [1])


def test_reading_a_tsv_keeps_quotes_and_skips_lines_without_a_tab(tmp_path):
    path = tmp_path / "set.tsv"
    path.write_text(
        'label\ttext\n1\tsaid "hello" to them\n2\tno tab here\t but a second one\n'
        "broken line without a tab\n3\t\n",
        encoding="utf-8",
    )
    labels, texts = read_labelled_tsv(path)
    assert labels == ["1", "2", "3"]
    assert texts == ['said "hello" to them', "no tab here\t but a second one", ""]


def test_a_file_without_the_header_is_refused(tmp_path):
    path = tmp_path / "set.tsv"
    path.write_text("1\tsome text\n", encoding="utf-8")
    with pytest.raises(ValueError, match="header"):
        read_labelled_tsv(path)
