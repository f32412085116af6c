"""The words notes use to promise, report and move commitments: every phrasing in one place.

Reading a note (:mod:`assistant.commitments.reading`) and linking its clauses to earlier
commitments (:mod:`assistant.commitments.linking`) both draw on these; a new way of saying
"done" is added here once. Note *structure* (headings, checkboxes, labels) lives in
:mod:`assistant.commitments.structure`.
"""

from __future__ import annotations

import re

from assistant.retrieval.lexical import terms

__all__ = [
    "AGAIN",
    "MADE_AGAIN",
    "CONDITION",
    "DID",
    "DONE",
    "DROPPED",
    "FILLER",
    "GENERIC",
    "HANDED_OVER",
    "HEDGE",
    "LABELLED_PROMISE",
    "MODAL",
    "MOVED",
    "NEGATED",
    "NEVER",
    "NOT_AN_ACTION",
    "NOT_AN_ACT_VERB",
    "NOT_A_PROMISE_BEFORE",
    "NOT_DONE",
    "OBJECT_HER",
    "PARTIAL",
    "PAST_FORMS",
    "PROMISE",
    "PROMISE_BEFORE",
    "PROMISE_THEN_DONE",
    "PRONOUN_ACTION",
    "PRONOUN_SUBJECT",
    "QUESTION_START",
    "RECURRING",
    "REFERENCE",
    "RESPONSE_WORDS",
    "RESTATING",
    "SECOND_ACT",
    "SECOND_PROMISE",
    "SECOND_SUBJECT",
    "STILL_OWED",
    "STRONG_NOT_DONE",
    "THIRD_PARTY_DATE",
    "VERB_GROUPS",
    "WHETHER_IF",
    "WILL_DO_IT",
    "completion_words",
    "past_forms",
]

# -- promising -----------------------------------------------------------------------------

MODAL = r"(?:'ll|\s+will|\s+shall|\s+(?:am|is|are)\s+going\s+to|'m\s+going\s+to|'s\s+going\s+to|'re\s+going\s+to)"
PROMISE = r"(?:has\s+|have\s+|had\s+)?(?:agreed|committed|promised|offered|volunteered|pledged|signed\s+up)\s+to"

NOT_A_PROMISE_BEFORE = re.compile(
    r"\b(?:if|whether|unless|maybe|perhaps|possibly|might|could|would\s+like|'d\s+like|hope[sd]?|hoping|wish(?:es)?|"
    r"wants?|wanted|plans?\s+to|planning|thinking\s+(?:about|of)|considering|not\s+sure|wonder(?:ing)?|ask(?:ed|s)?\s+\w+\s+to|"
    r"suggest(?:ed|s)?|idea|should\s+we|can\s+we|could\s+we|whoever|hopefully|expect(?:s|ed)?)\b",
    re.IGNORECASE,
)
HEDGE = re.compile(
    r"\b(?:if|whether|unless|maybe|perhaps|possibly|might|could|would\s+like|'d\s+like)\b", re.IGNORECASE
)
NOT_AN_ACTION = re.compile(
    r"^(?:not\b|never\b|be\b|been\b|have\s+been\b|need\b|want\b|like\b|probably\b|likely\b|also\s+be\b|"
    r"still\s+be\b|see\b|wait\b|know\b|be\s+(?:out|away|off|on\s+leave)\b|"
    # feelings and outcomes, not things one does: "she'll love the format", "he'll feel better"
    r"(?:love|enjoy|hate|feel|admit|think|remember|appreciate|understand|believe|miss|hear|turn)\b)",
    re.IGNORECASE,
)
RECURRING = re.compile(
    r"\b(?:going\s+forward|from\s+now\s+on|every\s+(?:other\s+|second\s+)?(?:day|week|month|sprint|time|monday|tuesday|wednesday|"
    r"thursday|friday|saturday|sunday|morning|evening|night|afternoon|weekday)|"
    r"each\s+(?:week|sprint|month|time|day|morning|evening|night)|weekly|biweekly|daily|monthly|regularly|always|"
    r"(?:on\s+)?(?:mon|tues|wednes|thurs|fri)days|until\s+further\s+notice|"
    # a habit from a point on ("from next Mon", "starting with this week's crit"), not a span or a part of the work
    r"starting\s+(?:with|from|on|in)\s+(?:this|next|today|tomorrow|(?:mon|tues|wednes|thurs|fri)day)|from\s+(?:next|this)\s+"
    r"(?:week|sprint|month|mon|tue|wed|thu|fri|(?:mon|tues|wednes|thurs|fri)day)\b(?!\s*(?:to|until|till|through|[-–])))\b",
    re.IGNORECASE,
)
DONE_WORDS = (
    r"done|finished|completed?|shipped|sent|shared|delivered|merged|published|submitted|happened|took\s+place|"
    r"landed|launched|resolved|fixed|closed|approved|signed\s+off|wrapped\s+up|handed\s+(?:over|off)|went\s+live|"
    r"is\s+live|as\s+planned|as\s+agreed|as\s+promised|said\s+yes|ticked\s+off|sorted|went\s+out|"
    r"arrived|came\s+through|received|got\s+it|attended|(?:just|already|and)\s+did|did\s+(?:it|that|so)|"
    r"^did|thanks?\s+(?:you\s+)?for\s+(?:the|sending|sharing|your|setting)|thanks?,?\s+[a-z]+(?=\s*!*\s*$)|"
    r"went\s+(?:well|fine|smoothly|great|ok|okay|badly)|"
    r"(?:is|are|'s|was|were|been)\s+(?:all\s+|now\s+)?(?:handled|taken\s+care\s+of)|"
    r"(?:is|are)\s+(?:now\s+)?(?:in|on|up\s+on)\s+(?:the|our)\s+(?:[\w-]+\s+){0,3}"
    r"(?:doc|document|folder|drive|repo|wiki|page|tracker|board|channel)|"
    # a result stated, not an act: "the PR is up", "schedule is pinned", "plan is ready", "made it through"
    r"(?:is|are|'s)\s+(?:now\s+)?(?:up(?!\s+(?:to|next|for|in\s+the\s+air))|pinned|posted|ready(?!\s+(?:to|for)\b)|out(?=\s*(?:[,.;!]|$)))|"
    r"(?:is|are|'s)\s+(?:now\s+)?(?:up|out)\s+for\s+(?:review|comments?|feedback|sign-?off)|"  # "up for review"
    r"made\s+it\s+(?:through|into|onto)|"
    # a thing and its link: "abstract → https://docs/...", "promo timeline: https://..."
    r"\s*(?:→|->|=>|:)\s*<?https?://|"
    # emphatic: "I did at least write up the case", "she did finally send it"
    r"(?<=\s)did\s+(?:at\s+least\s+|finally\s+|actually\s+|eventually\s+|in\s+the\s+end\s+)?"
    r"(?!not\b|you\b|we\b|they\b|he\b|she\b|I\b)[a-z]{3,}(?!\s+you\b)"
)
DONE = re.compile(rf"\b(?:re-?)?(?:{DONE_WORDS})\b", re.IGNORECASE)
DROPPED = re.compile(
    r"\b(?:cancel+ed|called\s+off|dropped|scrapped|abandoned|shelved|descoped|de-?prioriti[sz]ed|parked|"
    r"(?:no\s+longer|not)\s+(?:needed|necessary|required|relevant|happening)|won't\s+(?:do|happen)|"
    r"off\s+the\s+table|off\s+(?:her|his|my|our|their|your)\s+(?:plate|list)|moot|wontfix|"
    # let go in plain words: "we agreed to drop it", "the skip-level is off", "I won't chase
    # the license", "so you can skip asking him", "so Sam doesn't need to", "we don't do it this year"
    r"drop(?:ping)?\s+(?:it|that|this|them|the|yours|mine|his|hers|ours|theirs)|"
    # "the feedback isn't going to happen" (not "let it go": a feeling let go as often as an act)
    r"(?:isn't|is\s+not|aren't|are\s+not|not)\s+going\s+to\s+happen|let(?:'s|\s+us)\s+drop|(?:is|are|'s)\s+off(?=\s*(?:[;,.!]|$|now\b))|"
    r"won't\s+(?:chase|pursue|need|bother)|(?:can|could)\s+skip|no\s+need\s+(?:to|for)|no\s+longer\s+needs?\s+to|"
    r"(?:doesn't|don't|do\s+not|does\s+not|won't)\s+need\s+to|(?:don't|won't|do\s+not)\s+do\b|"
    # "Marco moved to payments, so no pairing": the act itself called off
    r"(?:so|then|hence)\s+no\s+\w+ing|"
    r"stop(?:s|ping|ped)?\s+(?:hers|his|theirs|mine|ours|it|that|work\s+on))\b",
    re.IGNORECASE,
)
"""The pair let it go: cancelled, no longer needed (handed to someone outside the pair:
:data:`HANDED_OVER`)."""
HANDED_OVER = re.compile(
    r"\b(?:himself|herself|themselves|directly|(?:has|have|had)\s+taken\s+over|tak(?:es|ing)\s+over|took\s+over|"
    r"goes\s+to\s+(?:them|him|her)|and\s+not\s+(?:me|us|him|her))\b",
    re.IGNORECASE,
)
"""Someone outside the pair does it now ("Jorge is giving the teams access himself", "Priya's
team has taken over the findings", "he calls them now and not me"): the pair's promise is let go."""
NEGATED = re.compile(
    r"(?:\bnot|n't|\bnever|\byet\s+to|\bno|\bhalf|\bpartly|\bpartially|\balmost|\bnearly|\bbe)\s+(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)
STRONG_NOT_DONE = re.compile(
    r"\b(?:not\s+(?:yet|done|finished|started|happened)|haven't|hasn't|hadn't|didn't|isn't|aren't|wasn't|weren't|"
    r"yet\s+to|no\s+news|so\s+far|\d+\s+(?:of|out\s+of)\s+\d+)\b",
    re.IGNORECASE,
)
NOT_DONE = re.compile(
    r"\b(?:not\s+(?:yet|done|finished|started|happened)|haven't|hasn't|hadn't|didn't|isn't|aren't|wasn't|weren't|"
    r"still(?!\s+(?:ahead|before|within|in\s+time))|pending|waiting|no\s+news|any\s+news|yet\s+to|behind|blocked|"
    r"slipp(?:ed|ing)|delayed|postponed|half\s+done|in\s+progress|needs?\s+(?:\w+\s+){0,2}more|few\s+more\s+days|more\s+time|stuck|"
    r"first\s+version|forg[eo]t(?:ten)?|at\s+risk|on\s+hold)\b",
    re.IGNORECASE,
)
MOVED = re.compile(
    r"\b(?:(?:push|mov|postpon|delay|reschedul|slip|shift|defer|bump)\w*\b[^.;]{0,30}?\b(?:to|until|till|before)\b"
    r"|(?:new|revised|updated|later)\s+(?:date|deadline|target|due\s+date|eta)\b|aim(?:s|ing)?\s+(?:for|at|to)\b"
    r"|target(?:ing)?\s+(?:is\s+)?\b"
    # "I'll need until July 10", "I'll need another week for the summary, so Aug 28"
    r"|need(?:s|ed)?\s+(?:\w+\s+){0,3}?(?:until|till|through)\b"
    r"|need(?:s|ed)?\s+(?:another|more|an\s+extra|one\s+more|a\s+few\s+more|a\s+couple\s+more)\s+(?:\w+\s+)?"
    r"(?:days?|weeks?|time)\b"
    r"|(?:new\s+)?deadline\s+(?:is|of)\b|(?:due\s+date|deadline)\s+(?:to|until|till)\b"
    r"|(?:will|'ll)\s+do\s+it\b|now\s+due\b|due\s+(?:date\s+)?(?:is\s+)?now\b|extend(?:ed)?\s+(?:it\s+)?to\b"
    # "→ now (by 3/6)", "now by Friday", "Thu 4/9 instead of 4/3", "I asked for Sept 11"
    r"|\b(?:ask(?:ed|s|ing)?|request(?:ed|s|ing)?)\s+for\b"
    r"|\b(?:instead\s+of|rather\s+than)\s+(?:the\s+)?(?=\d|(?:mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b)"
    r"|(?:→|->)\s*(?:now\s+)?\(?(?:by|due)\b|\bnow\s+\(?(?:by|due)\b)",
    re.IGNORECASE,
)
PRONOUN_ACTION = re.compile(
    r"^(?:do|did|finish|send|share|confirm|get|have|take|raise|handle|sort|chase|fix|deliver|look\s+at|follow\s+up\s+on)\s+"
    r"(?:it|this|that|them|one)\b",
    re.IGNORECASE,
)
AGAIN = re.compile(r"\b(?:again|still|remaining|the\s+rest\s+of)\b", re.IGNORECASE)
MADE_AGAIN = re.compile(AGAIN.pattern + r"|^\w+\s+(?:it|them)\b", re.IGNORECASE)
"""A promise made again after its line named the work: "again", or only "it" ("finish it")."""
PARTIAL = re.compile(
    r"\b(?:first|rough|initial|early)\s+(?P<what>draft|version|pass|cut|prototype)\b"
    # a part of the work reported done: "draft done", "outline done, stuck on the intro"
    r"|\b(?P<part>draft|outline|skeleton|first\s+(?:part|half|section)|v1|part\s+one)\s+(?:is\s+)?"
    r"(?:done|ready|finished|written|complete)\b",
    re.IGNORECASE,
)
REFERENCE = re.compile(r"\b(?:it|them|this|that|these|those|both|one)\b(?![-‐])|\(\d\)", re.IGNORECASE)
THIRD_PARTY_DATE = re.compile(
    r"^\s*(?:and\s+|but\s+)?(?:the\s+)?(?P<who>[Tt]hey|[A-Z][\w-]+|\w+\s+team)\s+(?:\w+\s+)?"
    r"(?:promised|said|say|says|expects?|expected|committed|will|'ll|plans?|hopes?|estimated?)\b"
)
LABELLED_PROMISE = re.compile(
    r"^(?:will|'ll|(?:is\s+|am\s+)?going\s+to|to|(?:promised|committed|agreed|offered)\s+to)\s+(?P<action>[a-z].+)"
)
OBJECT_HER = re.compile(
    r"\bher\b(?=\s*(?:$|[.,;:)]|(?:a|an|the|to|on|for|with|about|by|in|at|before|after|this|next|\d)\b))"
)
WILL_DO_IT = re.compile(
    r"[,;]?\s*(?:and\s+)?(?:will|'ll|going\s+to)\s+(?:do|get\s+to|send|finish)\s+(?:it|that|this)\b.*$", re.I
)
PRONOUN_SUBJECT = re.compile(r"^(?:she|he|they|it)\b", re.IGNORECASE)
NEVER = re.compile(r"^(?:to\s+)?(?:not|never)\s+(?:to\s+)?", re.IGNORECASE)
QUESTION_START = re.compile(
    r"^(?:can|could|should|shall|would|will|do|does|did|is|are|any|what|when|who|how|why)\b", re.IGNORECASE
)


NOT_AN_ACT_VERB = frozenset(
    "am is are was were be been have has had do does did don't doesn't didn't can can't could would should "
    "must may might will shall think feel need want like know hope guess believe mean see look seem agree say "
    "said tell told asked wonder prefer love hate get got go come aim expect plan intend try wish also just "
    "still really only already never always not often usually sometimes probably maybe".split()
)
"""Words after a subject that make no present-tense act of it: states, auxiliaries, adverbs."""
# a second subject with a present-tense act of its own: "I write the doc by May 15, and Hollis
# finds someone to run it", "the vendor has delivered, I install it next week"
_NOT_ACT = "|".join(sorted(NOT_AN_ACT_VERB))
SECOND_ACT = re.compile(
    rf",\s+(?:and\s+)?(?=(?:I\s+(?!(?:{_NOT_ACT})\b)[a-z]+|[A-Z][a-z]+\s+(?!(?:{_NOT_ACT})s?\b)[a-z]+[^s\W]s)\s)"
)

# a second subject with its own promise: "Lena will take the course, and I'll cover her reports"
SECOND_PROMISE = re.compile(
    r",?\s+(?:and|but|while|so)\s+(?=(?:that\s+)?(?:I|we|he|she|they|[A-Z][a-z]+)"
    r"(?:'ll|'d|'s\s+going\s+to|'m\s+going\s+to|\s+(?:also\s+|then\s+)?(?:will|would|said|told|is\s+going\s+to|"
    r"am\s+going\s+to|are\s+going\s+to|agreed|promised|offered|committed))\b)"
)
"""Where a second subject makes its own promise, reported or not: "she'll pull the data, and I
told her I would find out ...", "I said I'd put in the request, and she's going to write ..."."""
# "Wren said she'd share the write-up, and posted it before we'd finished": a promise, then done
PROMISE_THEN_DONE = re.compile(
    r"(?<=\S),?\s+and\s+(?=(?:then\s+|already\s+|actually\s+)?(?:did|sent|wrote|made|gave|went|got|put|told|"
    r"\w{3,}ed)\b(?!\s+to\b))"
)
PROMISE_BEFORE = re.compile(r"(?:'d|'ll)\b|\b(?:would|will|going\s+to|agreed\s+to|promised\s+to)\b", re.IGNORECASE)
# "I'll be out next week, Diego will cover standup": two subjects, two promises
SECOND_SUBJECT = re.compile(
    r",\s+(?=(?:I'll|I\s+will|we'll|we\s+will|he'll|she'll|[A-Z][a-z]+(?:'ll|\s+will|\s+is\s+going\s+to))\b)"
)
# "If Diego can't make it, I'll run the retro" stays whole: a condition
CONDITION = re.compile(r"^(?:if|unless|when|once|as\s+soon\s+as|in\s+case|after|before|until)\b", re.IGNORECASE)

WHETHER_IF = re.compile(
    r"\b(?:ask|asks|check|find\s+out|see|confirm|know|verify|figure\s+out|learn|test|wonder)\s+(?:\w+\s+){0,3}?if\s*$",
    re.IGNORECASE,
)


FILLER = re.compile(
    r"\b(?:at|on|by|in|to|for|the|a|next|one|time|meeting|again|then|too|as|well|soon|asap|this|that|week|instead|"
    # an aside that adds nothing to do: "I'll do it this week, promise"
    r"promise|honestly|really|sorry|okay|ok|definitely|sure|latest|over|across|along|around|round|"  # "send that over"
    # what "have it done" leaves to do is it: "I'll have that done by next Friday"
    r"done|ready|finished|sorted|wrapped\s+up)\b",
    re.IGNORECASE,
)


# -- linking -------------------------------------------------------------------------------

# Words that say nothing about which commitment a clause is about.
GENERIC = set(
    terms(
        "will would going agree agreed commit committed promise promised next time today week weeks month "
        "start started follow up also still yet new date done thing things sure good great make get got one "
        "two first last end day days able soon asap ask asked want need "
        # completion and progress words: they say what happened, not to what
        "finished completed shipped sent shared delivered merged published submitted happened landed "
        "launched resolved fixed closed approved signed wrapped live pending waiting slipped delayed "
        "postponed moved pushed revised progress news thanks look looks well went nice fine ok okay lot really "
        # calendar words
        "january february march april may june july august september october november december jan feb mar apr "
        "jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday mon tue wed "
        "thu fri morning afternoon tomorrow yesterday"
    )
)


# Past forms of the verbs commitments start with, and what else counts as having done them.
PAST_FORMS = {
    "take": "took taken",
    "write": "wrote written",
    "send": "sent",
    "bring": "brought",
    "give": "gave given",
    "do": "did done",
    "make": "made",
    "run": "ran",
    "hold": "held",
    "meet": "met",
    "speak": "spoke spoken",
    "get": "got gotten",
    "set": "set",
    "put": "put",
    "lead": "led",
    "find": "found",
    "tell": "told",
    "think": "thought",
    "buy": "bought",
    "teach": "taught",
    "pay": "paid",
    "say": "said",
    "go": "went gone",
    "begin": "began begun",
    "choose": "chose chosen",
    "keep": "kept",
    "leave": "left",
    "read": "read",
    "build": "built",
    "spend": "spent",
    "show": "showed shown",
    "draw": "drew drawn",
    "sit": "sat",
}
VERB_GROUPS = [
    "set schedule book arrange organise organize plan",
    "talk speak ask raise mention check discuss escalate chase ping email call contact",
    "send share circulate email post publish forward distribute",
    "write draft document list prepare outline share send circulate",
    "do run hold host present try demo",
    "fix build implement prototype add update ship deploy land merge",
    "introduce connect",
    "find identify check learn",
    "confirm approve decide",
    "owe give send share deliver provide",
]


RESPONSE_WORDS = (
    "said yes",
    "said no",
    "agreed",
    "approved",
    "confirmed",
    "accepted",
    "signed off",
    "gave",
    "granted",
    "provided",
    "offered",
    "declined",
    "refused",
    # the answer itself, reported: "Legal says no NDA needed" answers "check with legal whether ..."
    "says yes",
    "says no",
    "answered",
    "replied",
    "got an answer",
)


def past_forms(verb: str) -> set[str]:
    if verb in PAST_FORMS:
        return set(PAST_FORMS[verb].split())
    if verb.endswith("e"):
        return {verb + "d"}
    if verb.endswith("y") and verb[-2:-1] not in "aeiou":
        return {verb[:-1] + "ied"}
    if re.match(r".*[^aeiou][aeiou][bdgmnprt]$", verb) and len(verb) <= 5:
        return {verb + verb[-1] + "ed", verb + "ed"}
    return {verb + "ed"}


def completion_words(verb: str) -> set[str]:
    words = past_forms(verb)
    for group in VERB_GROUPS:
        members = group.split()
        if verb in members:
            for other in members:
                words |= past_forms(other)
            if verb in (
                "talk",
                "speak",
                "ask",
                "raise",
                "check",
                "discuss",
                "escalate",
                "chase",
                "confirm",
                "find",
                "learn",
            ):
                words |= set(RESPONSE_WORDS)
    if verb == "set":
        words.add("set up")
    return words


RESTATING = re.compile(
    r"\b(?:again|still|remaining|the\s+rest|finish|as\s+agreed|as\s+promised|reminder|carry(?:ing)?\s+over|"
    r"moving\s+it|push(?:ing)?\s+it|new\s+date)\b",
    re.IGNORECASE,
)


STILL_OWED = re.compile(r"\bstill\s+(?:owe|need\s+to|have\s+to|haven't\s+(?:done|sent|given|set|booked))\b", re.I)
DID = re.compile(r"\b(?:gave|did|held|ran|delivered|had|made|completed|finished|wrapped)((?:\s+[\w-]+){1,4})")
