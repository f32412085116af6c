"""The lexical side of search is built from the notes the viewer may see, and nothing else:
another member's private note counts in none of its statistics (its words' idf would tell
the viewer which words the other wrote in private)."""

from __future__ import annotations

from assistant.retrieval.lexical import query_terms


def test_a_private_note_never_counts_in_the_other_members_lexical_index(coach):
    coach.create_pair("p1", "maya", "lena")
    coach.add_note("p1", "maya", "Quarterly planning went well, roadmap agreed.", visibility="shared")
    private = coach.add_note("p1", "maya", "Worried about the zebrafish reorganisation.", visibility="private")
    mine = coach.searcher.lexical_index(coach.viewer("p1", "maya"))
    theirs = coach.searcher.lexical_index(coach.viewer("p1", "lena"))
    word = query_terms("zebrafish")
    assert mine.idf_of(word) and mine.scores("zebrafish")  # the author's own index holds it
    assert not theirs.idf_of(word) and not theirs.scores("zebrafish")
    assert private.id not in {n.id for n in coach.records.notes(coach.viewer("p1", "lena"))}
    assert len(theirs) == 1 and "zebrafish" not in str(theirs.idf)
