"""``coach demo``: a guided tour on a sample organisation we wrote (``demo_data/``).

Maya Okafor manages Sam Rivera and Lena Hoffmann; Tomás Ribeiro manages Aisha Bello. Each
pair has months of one-on-one notes in mixed styles, with private notes on both sides.
The tour imports them into a fresh temporary home (or ``--home``) and shows each
capability with the command that does the same.
"""

from __future__ import annotations

import shutil
import tempfile
import textwrap
from collections.abc import Callable
from datetime import date
from pathlib import Path

from assistant.coach import Coach, Progress
from assistant.errors import CoachError
from assistant.settings import Settings

__all__ = ["AS_OF", "DEMO_DIR", "demo_files", "run_demo"]

DEMO_DIR = Path(__file__).resolve().parent / "demo_data"
AS_OF = date(2026, 11, 16)
"""The demo's notes run to mid-November 2026; judge them as of then."""


def demo_files() -> list[Path]:
    return sorted(DEMO_DIR.glob("pair-*.json"))


class _Tour:
    def __init__(self, coach: Coach, home: Path, echo: Callable[[str], None]):
        self.coach = coach
        self.home = home
        self.echo = echo
        self.step = 0

    def section(self, title: str, command: str | None = None) -> None:
        self.step += 1
        self.echo(f"\n== {self.step}. {title}")
        if command:
            self.echo(f"   $ coach --home {self.home} {command}")

    def say(self, text: str) -> None:
        self.echo(textwrap.fill(text, width=92, initial_indent="   ", subsequent_indent="   "))

    def block(self, text: str) -> None:
        self.echo(textwrap.indent(text.rstrip(), "   "))

    def hits(self, pair: str, person: str, query: str, k: int = 3) -> None:
        hits = self.coach.search(pair, person, query, k=k)
        if not hits:
            self.say("(no notes match)")
        for i, h in enumerate(hits, 1):
            snippet = " ".join(h.snippet.split())
            snippet = snippet if len(snippet) <= 150 else snippet[:147] + "..."
            self.echo(f"   {i}. [{h.note.id} {h.note.date}] {snippet}")


def run_demo(home: Path | None, keep: bool, progress: Progress, echo: Callable[[str], None]) -> None:
    temporary = home is None
    if home is None:
        home = Path(tempfile.mkdtemp(prefix="coach-demo-"))
    echo("Coach demo: one-on-ones for Maya Okafor (manager of Sam Rivera and Lena Hoffmann)")
    echo("and Tomás Ribeiro (manager of Aisha Bello). Everything stays on this machine.")
    echo(f"Data home: {home}{' (temporary)' if temporary else ''}")
    try:
        settings = Settings(home=home)
        with Coach.from_settings(settings, progress=progress) as coach:
            _tour(_Tour(coach, home, echo), progress)
    finally:
        if temporary and not keep:
            shutil.rmtree(home, ignore_errors=True)
        elif temporary:
            echo(f"\nKept the demo home: {home}")


def _tour(t: _Tour, progress: Progress) -> None:
    files = demo_files()
    t.section("Import three pairs' histories", "import " + " ".join(f.name for f in files))
    t.say("Each pair gets its own retrieval index. Loading the local embedding model and embedding the notes:")
    progress("loading the embedding model", 0, 1)
    t.coach.indexer.embedder.encode(["warm up"])
    progress("loading the embedding model", 1, 1)
    stats = t.coach.import_paths(files, progress=progress)
    t.say(f"Imported {len(stats.pairs)} pairs, {stats.notes} notes and {stats.goals} goals.")

    t.section(
        "Search a pair's notes, as one of its members",
        'search "what did we decide about the rollback plan" --pair p-maya-sam --as sam',
    )
    t.hits("p-maya-sam", "sam", "what did we decide about the rollback plan")

    t.section("Private notes stay with their author", 'search "recruiter" --pair p-maya-sam --as maya')
    t.say("Sam keeps a private note about a recruiter. Maya, searching for it, gets only shared notes:")
    t.hits("p-maya-sam", "maya", "recruiter")
    t.say("Sam, searching the same words, finds his own private note:")
    t.hits("p-maya-sam", "sam", "recruiter", k=1)

    t.section("Pairs never mix", 'search "churn model monitoring" --pair p-maya-sam --as maya')
    t.say("Maya manages both Sam and Lena. Acting in her pair with Sam, Lena's notes never appear:")
    t.hits("p-maya-sam", "maya", "churn model monitoring")

    t.section("Outsiders are refused", 'search "travel budget" --pair p-maya-sam --as lena')
    try:
        t.coach.search("p-maya-sam", "lena", "travel budget")
    except CoachError as refused:
        t.say(f"Refused (exit code {refused.exit_code}): {refused.message}")

    t.section(
        "Commitments both ways: what each of you promised",
        f"commitments --pair p-maya-sam --as sam --as-of {AS_OF}",
    )
    t.say(
        'Coach reads promises from the notes (action items, "I\'ll ...", "Maya to ...") and follows '
        "them through later notes: done, moved to a new date, or not mentioned for a while. "
        "Maya's promises count exactly like Sam's."
    )
    items = t.coach.commitments("p-maya-sam", "sam", AS_OF)
    t.block(t.coach.commitments_markdown("p-maya-sam", "sam", AS_OF))
    done = [c for c in items if c.status == "done" and c.due_original and c.due_original != c.due]
    if done:
        c = done[0]
        t.say(
            f'Follow-ups are linked with their evidence: "{c.text}" was due {c.due_original}, moved to '
            f"{c.due}, and done in {c.followup_note_id}. Correct anything with `coach commitments done|reopen|"
            "assign|due ID`; corrections survive every re-import."
        )

    t.section(
        "The agenda for Maya and Sam's next one-on-one",
        f"agenda --pair p-maya-sam --as maya --minutes 30 --as-of {AS_OF}",
    )
    t.say(
        "Employee-led: Sam's own topics first, then follow-ups both ways (Maya's overdue promise opens them), "
        "goals, feedback and growth, time-boxed, each with why it is there and the notes it comes from."
    )
    t.block(t.coach.agenda("p-maya-sam", "maya", AS_OF, 30).markdown)

    t.section(
        "Two-way feedback, in Situation-Behavior-Impact form",
        f"feedback --pair p-tomas-aisha --as aisha --as-of {AS_OF}",
    )
    t.say(
        "Aisha's view: what she could tell Tomás, and what he might tell her. Balanced, grounded in dated "
        "notes, each ending with a question."
    )
    t.block(t.coach.feedback("p-tomas-aisha", "aisha", AS_OF).markdown)

    t.section("A development plan (GROW, 70-20-10)", f"plan --pair p-maya-lena --as lena --as-of {AS_OF}")
    t.block(t.coach.plan("p-maya-lena", "lena", AS_OF).markdown)

    t.section("Ask, in your own words", 'chat --pair p-maya-sam --as sam   (or: ask "QUESTION" ...)')
    t.say(
        "Offline, no model: Coach recognises what is asked and answers from the notes, citing them. "
        "Set COACH_LLM to use a local or hosted chat model for more fluent answers; it gets the same "
        "tools, bound to this pair and person, and its answers are checked against the notes."
    )
    conversation = t.coach.start_conversation("p-maya-sam", "sam", "demo")
    for question in (
        "What did we agree about the travel budget?",
        "What does Maya still owe me?",
        "How do I ask my manager for feedback?",
    ):
        t.echo(f"\n   sam> {question}")
        reply = t.coach.ask("p-maya-sam", "sam", question, AS_OF, conversation)
        t.block(textwrap.indent(reply.answer, "  "))

    t.section("What next")
    t.say(
        "Try your own pairs: `coach import my-pair.json`, or a folder of Markdown notes with "
        "front matter (`coach import notes/ --pair ID`). `coach --help` lists every command."
    )
