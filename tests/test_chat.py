"""Chat: the offline answerer, conversations, and the agent path with fake and real-protocol models."""

from __future__ import annotations

import json
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from langchain_core.messages import AIMessage

from assistant.coach import Coach
from assistant.errors import NotFound
from assistant.llm.backends import allow_model_requests
from assistant.llm.fake import FakeChatModel, tool_call
from assistant.settings import Settings
from tests.helpers import FIXTURES, pair_doc, write_json

DAY = date(2026, 10, 20)
DOC = pair_doc(
    "p-chat",
    ("dana", "Dana Whitfield"),
    ("eli", "Eli Navarro"),
    notes=[
        {
            "id": "n1",
            "date": "2026-09-01",
            "text": "Agreed: Eli shadows on-call the week of Sep 7 and goes primary from Sep 21.",
        },
        {
            "id": "n2",
            "date": "2026-09-02",
            "author": "eli",
            "visibility": "private",
            "kind": "note",
            "text": "Thinking about the Thistlewood transfer, not ready to tell Dana.",
        },
        {
            "id": "n3",
            "date": "2026-09-14",
            "text": "Dana will raise the staging credentials at the staff meeting by Oct 1.\n"
            "Eli will write the handbook by Sep 30.",
        },
        {
            "id": "n4",
            "date": "2026-09-15",
            "author": "dana",
            "visibility": "private",
            "kind": "note",
            "text": "Promo budget frozen until the Larkspur reorg lands.",
        },
        {
            "id": "n5",
            "date": "2026-09-28",
            "text": "Handbook shared on Sep 27. Feedback for Eli: the incident review was "
            "blameless, but two items sat without an owner for three days.",
        },
    ],
)
OTHER = pair_doc(
    "p-other", ("dana", "Dana Whitfield"), ("cy", "Cy C"), notes=[{"text": "Cy plans the Orinoco launch budget."}]
)


@pytest.fixture
def chat(model_coach, tmp_path):
    model_coach.import_paths([write_json(tmp_path / "a.json", DOC), write_json(tmp_path / "b.json", OTHER)])
    return model_coach


def test_fact_answer_cites_the_note(chat):
    reply = chat.ask("p-chat", "eli", "What did we decide about the on-call rotation?", DAY)
    assert "n1" in reply.sources and "primary" in reply.answer
    assert reply.answer.rstrip().endswith(".") and "Notes used: n1" in reply.answer


def test_a_question_in_other_words_than_the_notes_is_still_answered(model_coach):
    """The pair's topic words ("QA device lab") are in most of its notes and weigh little;
    "budget" is in none of them. The notes on the lab still answer."""
    model_coach.import_paths([FIXTURES / "pair-grace-leo.json"])
    reply = model_coach.ask("p-grace-leo", "leo", "QA device lab budget?", date(2026, 11, 3))
    assert {"m1", "m2", "m4", "m6"} & set(reply.sources) and reply.grounded


def test_unknown_topic_says_so_instead_of_guessing(chat):
    reply = chat.ask("p-chat", "eli", "What did we agree about the conference travel budget?", DAY)
    assert reply.sources == [] and reply.grounded is False and "don't say" in reply.answer


def test_commitments_answer_both_ways(chat):
    reply = chat.ask("p-chat", "eli", "What does Dana still owe me?", DAY)
    assert "staging credentials" in reply.answer and "overdue" in reply.answer and reply.sources == ["n3"]
    mine = chat.ask("p-chat", "eli", "What do I owe Dana?", DAY)
    assert "staging" not in mine.answer


def test_nothing_open_says_so_with_what_was_settled_not_an_unrelated_note(model_coach, tmp_path):
    """Eli's handbook was shared (s2): nothing open, and the answer shows that, citing the
    notes of the settled promise, not whichever note came last."""
    doc = pair_doc(
        "p-settled",
        ("dana", "Dana Whitfield"),
        ("eli", "Eli Navarro"),
        notes=[
            {"id": "s1", "date": "2026-09-14", "text": "Eli will write the handbook by Sep 30."},
            {"id": "s2", "date": "2026-09-28", "text": "Handbook shared on Sep 27."},
            {"id": "s3", "date": "2026-10-05", "text": "Talked about the offsite venue options."},
        ],
    )
    model_coach.import_paths([write_json(tmp_path / "settled.json", doc)])
    mine = model_coach.ask("p-settled", "eli", "What do I owe Dana?", DAY)
    assert mine.answer.startswith("You owe: nothing open"), mine.answer
    assert "write the handbook (done)" in mine.answer and set(mine.sources) == {"s1", "s2"}


def test_howto_comes_from_the_playbook(chat):
    reply = chat.ask("p-chat", "eli", "How do I give redirecting feedback?", DAY)
    assert reply.sources == [] and "sbi-feedback" in reply.playbook


def test_private_notes_reach_their_author_only(chat):
    for question in [
        "Is there anything else I should know before our next one-on-one?",
        "Thistlewood transfer?",
        "Larkspur reorg promo budget?",
        "What should I bring up tomorrow?",
    ]:
        as_dana = chat.ask("p-chat", "dana", question, DAY)
        as_eli = chat.ask("p-chat", "eli", question, DAY)
        assert "Thistlewood" not in as_dana.answer and "n2" not in as_dana.sources
        assert "Larkspur" not in as_eli.answer and "n4" not in as_eli.sources
        assert "Orinoco" not in as_dana.answer + as_eli.answer
    assert "n2" in chat.ask("p-chat", "eli", "Thistlewood transfer?", DAY).sources


def test_conversations_are_the_askers_own_and_follow_ups_use_them(chat):
    conv = chat.start_conversation("p-chat", "eli", "prep")
    chat.ask("p-chat", "eli", "What did we agree about the handbook?", DAY, conv)
    follow = chat.ask("p-chat", "eli", "and when was it shared?", DAY, conv)
    assert "n5" in follow.sources
    assert [role for role, _, _ in chat.conversation("p-chat", "eli", conv)] == ["user", "assistant"] * 2
    with pytest.raises(NotFound):  # Dana cannot read, continue or delete Eli's conversation
        chat.conversation("p-chat", "dana", conv)
    with pytest.raises(NotFound):
        chat.ask("p-chat", "dana", "hello?", DAY, conv)
    assert chat.conversations("p-chat", "dana") == []
    chat.delete_conversation("p-chat", "eli", conv)
    assert chat.conversations("p-chat", "eli") == []


# -- the agent, with the shipped fake chat model ----------------------------------------------


def scripted(*messages: AIMessage) -> FakeChatModel:
    return FakeChatModel(script=list(messages))


@pytest.fixture
def agent_coach(tmp_path, minilm):
    """Import without a model (its script is for the chat), then open with it."""
    with Coach.from_settings(Settings(home=tmp_path / "home"), embedder=minilm) as coach:
        coach.import_paths([write_json(tmp_path / "a.json", DOC), write_json(tmp_path / "b.json", OTHER)])

    def make(model):
        return Coach.from_settings(Settings(home=tmp_path / "home"), embedder=minilm, chat_model=model)

    return make


def test_scripted_model_cannot_reach_other_pairs_or_private_notes(agent_coach):
    model = scripted(
        tool_call("search_notes", query="Thistlewood transfer"),
        tool_call("search_notes", query="Orinoco launch budget", pair="p-other", person="cy"),
        tool_call("list_commitments", whose="theirs", status="all"),
        AIMessage(
            content="Eli is weighing the Thistlewood transfer [n2]. Cy plans the Orinoco launch [n1]. "
            "Dana will raise the staging credentials at the staff meeting [n3]. "
            "The promo budget is frozen until the reorg lands. Anything else?"
        ),
    )
    with agent_coach(model) as coach:
        reply = coach.ask("p-chat", "dana", "What is Eli up to?", DAY)
    tool_outputs = " ".join(m.content for call in model.seen for m in call if m.type == "tool")
    assert "Thistlewood" not in tool_outputs and "Orinoco" not in tool_outputs
    assert "Larkspur" not in tool_outputs  # Dana's own private note stays away from the model too
    assert "staging credentials" in tool_outputs
    assert "Thistlewood" not in reply.answer and "Orinoco" not in reply.answer
    assert "promo budget" not in reply.answer  # a fact from the notes, cited nowhere: removed
    assert "staging credentials" in reply.answer and reply.sources == ["n3"]
    assert "Anything else?" in reply.answer


def test_fabricated_citations_are_removed(agent_coach):
    model = scripted(AIMessage(content="The handbook was shared on Sep 27 [n5, n42]. You promised a raise [n99]."))
    with agent_coach(model) as coach:
        reply = coach.ask("p-chat", "eli", "When was the handbook shared?", DAY)
    assert reply.sources == ["n5"] and "n42" not in reply.answer and "raise" not in reply.answer


def test_a_failing_model_falls_back_to_the_offline_answer(agent_coach):
    with agent_coach(FakeChatModel(fail=True)) as coach:
        reply = coach.ask("p-chat", "eli", "What did we decide about the on-call rotation?", DAY)
    assert "n1" in reply.sources and "did not answer" in reply.answer


# -- the real client path, against a small OpenAI-compatible server on loopback ---------------


class FakeOpenAI(BaseHTTPRequestHandler):
    requests: list[dict] = []

    def do_POST(self):  # noqa: N802 - the http.server interface
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        FakeOpenAI.requests.append(body)
        has_tool_result = any(m.get("role") == "tool" for m in body["messages"])
        if not has_tool_result:
            message = {
                "role": "assistant",
                "content": None,
                "tool_calls": [
                    {
                        "id": "call_1",
                        "type": "function",
                        "function": {"name": "search_notes", "arguments": json.dumps({"query": "handbook"})},
                    }
                ],
            }
            finish = "tool_calls"
        else:
            message = {"role": "assistant", "content": "The handbook was shared on Sep 27 [n5]. It cost nothing [n77]."}
            finish = "stop"
        payload = {
            "id": "chatcmpl-1",
            "object": "chat.completion",
            "created": 0,
            "model": body["model"],
            "choices": [{"index": 0, "message": message, "finish_reason": finish}],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
        }
        data = json.dumps(payload).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


def test_openai_compatible_server_end_to_end(tmp_path, minilm):
    server = HTTPServer(("127.0.0.1", 0), FakeOpenAI)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    FakeOpenAI.requests = []
    try:
        with Coach.from_settings(Settings(home=tmp_path / "home"), embedder=minilm) as coach:
            coach.import_paths([write_json(tmp_path / "a.json", DOC)])
        settings = Settings(
            home=tmp_path / "home", llm="openai:local-model", llm_base_url=f"http://127.0.0.1:{server.server_port}/v1"
        )
        with allow_model_requests(), Coach.from_settings(settings, embedder=minilm) as coach:
            reply = coach.ask("p-chat", "eli", "When was the handbook shared?", DAY)
    finally:
        server.shutdown()
    assert reply.sources == ["n5"] and "n77" not in reply.answer
    assert any(
        m.get("role") == "tool" and "Handbook shared" in m.get("content", "")
        for r in FakeOpenAI.requests
        for m in r["messages"]
    )
    sent = json.dumps(FakeOpenAI.requests)
    assert "Thistlewood" not in sent  # Eli's private note never went to the model


def test_a_reworded_draft_keeps_only_grounded_sentences(agent_coach):
    with agent_coach(None) as coach:
        plain = coach.feedback("p-chat", "dana", DAY)
    reworded = (
        "# Feedback for Dana and Eli, both ways\n\n"
        "## What you could tell Eli\n"
        "- Eli ran a blameless incident review, nicely done [n5].\n"
        "- Two items sat without an owner for three days, worth raising with Eli [n5].\n"
        "- Eli was promoted last week [n99].\n"
        "- Eli is also weighing the Thistlewood transfer [n2].\n\n"
        "## What Eli might tell you\n"
        "- You promised to raise the staging credentials at the staff meeting by Oct 1, and it is still open [n3].\n"
        "- The staging credentials slipped on Oct 1 again and again and again.\n"
        "Ask what would help, and listen first [playbook:sbi-feedback]."
    )
    with agent_coach(FakeChatModel(keyed={"Rewrite this draft": reworded})) as coach:
        draft = coach.feedback("p-chat", "dana", DAY)
    assert "nicely done [n5]" in draft.markdown and "promoted" not in draft.markdown
    assert "Thistlewood" not in draft.markdown and "again and again" not in draft.markdown
    assert "[playbook:sbi-feedback]" in draft.markdown
    assert [s.model_dump() for s in draft.suggestions] == [s.model_dump() for s in plain.suggestions]


# -- the shipped fake backend, the switch, and the agent's tool arguments ------------------------


def test_coach_llm_fake_is_a_real_backend_and_stays_grounded(tmp_path, minilm):
    """``COACH_LLM=fake``: built from the settings, it answers through the agent, citing a note."""
    with Coach.from_settings(Settings(home=tmp_path / "home"), embedder=minilm) as coach:
        coach.import_paths([write_json(tmp_path / "a.json", DOC)])
    with Coach.from_settings(Settings(home=tmp_path / "home", llm="fake"), embedder=minilm) as coach:
        assert isinstance(coach.chat_model, FakeChatModel)
        reply = coach.ask("p-chat", "dana", "When was the handbook shared?", DAY)
        again = coach.ask("p-chat", "dana", "When was the handbook shared?", DAY)
        sent = json.dumps([[m.content for m in call] for call in coach.chat_model.seen])
    assert reply.intent == "llm" and reply.sources == ["n5"] and "Handbook shared" in reply.answer
    assert again.answer == reply.answer  # deterministic
    assert "Thistlewood" not in sent and "Larkspur" not in sent  # private notes never reached it


def test_real_chat_models_are_refused_under_tests(tmp_path):
    from assistant.errors import BackendUnavailable
    from assistant.llm.backends import make_chat_model

    with pytest.raises(BackendUnavailable):
        make_chat_model(Settings(home=tmp_path, llm="openai:gpt-x", llm_base_url="http://127.0.0.1:9/v1"))
    assert make_chat_model(Settings(home=tmp_path, llm="none")) is None


def test_agent_tools_use_their_arguments(agent_coach):
    """``draft_agenda(minutes)`` drafts for that length; ``suggest_feedback(topic)`` keeps to the topic."""
    model = FakeChatModel(
        script=[
            tool_call("draft_agenda", minutes=15),
            tool_call("suggest_feedback", topic="incident review"),
            AIMessage(content="Done."),
        ],
        keyed={"Rewrite this draft": ""},  # drafts are reworded by the same model: keep them as they are
    )
    with agent_coach(model) as coach:
        coach.ask("p-chat", "dana", "Plan a short 1:1 and help with feedback on the incident review", DAY)
    tools = [m.content for call in model.seen for m in call if m.type == "tool"]
    agenda, feedback = tools[-2], tools[-1]
    assert "(15 min)" in agenda.splitlines()[0]
    assert "incident review" in feedback.lower() and "staging credentials" not in feedback


def test_conversations_come_back_as_named_models(chat):
    conv = chat.start_conversation("p-chat", "eli", "prep")
    chat.ask("p-chat", "eli", "What did we agree about the handbook?", DAY, conv)
    [listed] = chat.conversations("p-chat", "eli")
    assert (listed.id, listed.title) == (conv, "prep")
    first, second = chat.conversation("p-chat", "eli", conv)
    assert (first.role, second.role) == ("user", "assistant") and "n5" in second.sources


# -- issue 13: answers that say when the notes don't hold one, and read people's intent ----------

FELIX = pair_doc(
    "p-felix",
    ("ingrid", "Ingrid Berg"),
    ("felix", "Felix Ahn"),
    notes=[
        {
            "id": "f1",
            "date": "2026-08-04",
            "text": "Ingrid will send Felix the tech lead doc by Aug 14. We talked about how performance "
            "reviews work here in general. Felix asked about the Droidcon budget; Ingrid will check with finance.",
        },
        {
            "id": "f2",
            "date": "2026-09-01",
            "text": "The tech lead doc is late again; Ingrid still owes it. Feedback for Felix: the incident "
            "write-up was clear and landed well with the platform team.",
        },
    ],
)
FELIX_DAY = date(2026, 9, 20)


@pytest.fixture
def felix(model_coach, tmp_path):
    model_coach.import_paths([write_json(tmp_path / "felix.json", FELIX)])
    return model_coach


def test_a_question_the_notes_do_not_answer_is_said_to_be_so(felix):
    reply = felix.ask("p-felix", "felix", "When is my next performance review?", FELIX_DAY)
    assert reply.grounded is False and reply.sources == [] and "don't say" in reply.answer
    budget = felix.ask("p-felix", "felix", "How much Droidcon budget do I have?", FELIX_DAY)
    assert budget.grounded is False and budget.sources == []
    assert "about much" not in budget.answer  # nothing restated out of grammar


def test_small_talk_gets_a_short_human_reply(felix):
    reply = felix.ask("p-felix", "felix", "Thanks!", FELIX_DAY)
    assert reply.answer == "You're welcome." and reply.sources == [] and reply.intent == "smalltalk"


def test_feedback_help_follows_the_askers_direction(felix):
    reply = felix.ask(
        "p-felix", "felix", "How should I give Ingrid feedback about the tech lead doc being late?", FELIX_DAY
    )
    assert "tech lead doc" in reply.answer and "incident write-up" not in reply.answer


def test_a_follow_up_is_read_against_the_conversation(felix):
    conv = felix.start_conversation("p-felix", "felix", "prep")
    felix.ask("p-felix", "felix", "Is the tech lead doc from Ingrid late?", FELIX_DAY, conv)
    follow = felix.ask("p-felix", "felix", "and when was that first promised?", FELIX_DAY, conv)
    assert "Aug 4" in follow.answer and "f1" in follow.sources


def test_a_question_in_the_askers_words_is_answered_with_the_note(felix):
    reply = felix.ask("p-felix", "felix", "what did Ingrid think of my incident write-up?", FELIX_DAY)
    assert reply.grounded and "f2" in reply.sources


def test_a_question_about_feedback_already_given_is_answered_with_it_not_with_advice(felix):
    """ "What feedback has Ingrid given me?" asks what the notes record, not how to phrase some."""
    reply = felix.ask("p-felix", "felix", "What feedback has Ingrid given me?", FELIX_DAY)
    assert reply.intent == "fact" and "f2" in reply.sources and "incident write-up" in reply.answer, reply


def test_what_did_they_promise_me_is_theirs_alone(chat):
    # "promise me", not only "owe me"; and what Eli promised is not in it
    reply = chat.ask("p-chat", "eli", "What has Whitfield promised me?", DAY)
    mine = chat.ask("p-chat", "eli", "What do I owe Dana?", DAY)
    assert reply.answer.startswith("Dana owes you") and "staging credentials" in reply.answer, reply.answer
    assert not any(line[2:].split(":")[0] == "Eli" for line in reply.answer.splitlines() if line.startswith("- "))
    assert mine.answer.startswith("You owe") or "nothing open" in mine.answer
