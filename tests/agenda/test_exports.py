import csv
import io

import pytest
from django.urls import reverse

from agenda.enums import ProposalState


def _rows(response):
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_topics_csv_lists_the_agencys_topics_with_the_state_filter(client, make_proposal, proposer):
    make_proposal(title="Submitted one", state=ProposalState.SUBMITTED)
    make_proposal(title="Still a draft")
    client.force_login(proposer)

    rows = _rows(client.get(reverse("agenda:proposal_csv"), {"state": ProposalState.SUBMITTED}))

    assert [r[1] for r in rows[1:]] == ["Submitted one"]


def test_topics_csv_keeps_drafts_with_their_agency(client, make_proposal, secretariat):
    make_proposal(title="Still a draft")
    client.force_login(secretariat)

    rows = _rows(client.get(reverse("agenda:proposal_csv")))

    assert rows[1:] == []


@pytest.mark.parametrize("count", [1, 30])
def test_topics_csv_queries_do_not_grow(
    client, make_proposal, proposer, count, django_assert_max_num_queries
):
    for number in range(count):
        make_proposal(title=f"Topic {number}", state=ProposalState.SUBMITTED)
    client.force_login(proposer)

    with django_assert_max_num_queries(8):
        rows = _rows(client.get(reverse("agenda:proposal_csv")))

    assert len(rows) == count + 1
