"""What both members see and do in a real browser: sign in, write, find, tick, ask, and what an
outsider or the other member must never see. Every context also checks that no request left the
server's origin (``conftest.sign_in``)."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import SCREENSHOTS, axe_violations

PAIR = "/pairs/p-ann-bo"
VIEWS = ["", "/notes", "/commitments?show=all", "/feedback", "/plan", "/ask", "/privacy"]


def test_sign_in_shows_my_pairs_and_the_pair_page_has_what_the_contract_names(sign_in):
    ann = sign_in("ann")
    page = ann.page
    expect(page.get_by_role("link", name="Bo Chen")).to_be_visible()
    expect(page.get_by_role("link", name="Dee Ross")).to_have_count(0)
    page.get_by_role("link", name="Bo Chen").click()
    expect(page).to_have_url(re.compile(r"/pairs/p-ann-bo$"))
    for label in ("Note", "Search", "Ask"):
        expect(page.get_by_label(label)).to_be_visible()
    expect(page.get_by_label("Private")).to_be_visible()
    expect(page.get_by_role("button", name="Save")).to_be_visible()
    for heading in ("Agenda for your next one-on-one", "Open commitments, both ways", "Feedback", "Plan"):
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    expect(page.get_by_text("send Bo the conference budget").first).to_be_visible()

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    ann.go(PAIR)
    expect(page).to_have_url(re.compile(r"/login\?next="))


def test_wrong_password_is_refused(browser, server):
    context = browser.new_context()
    page = context.new_page()
    page.goto(server.url + "/login")
    page.get_by_label("Username").fill("ann")
    page.get_by_label("Password").fill("not her password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("don't match")
    page.goto(server.url + PAIR)
    expect(page).to_have_url(re.compile(r"/login\?next="))
    context.close()


def test_a_private_note_is_found_by_its_author_and_never_seen_by_the_other_member(sign_in):
    ann = sign_in("ann")
    page = ann.page
    ann.go(PAIR + "/notes")
    shared, private = page.get_by_text("Bo will see this note"), page.get_by_text("only you will ever see this note")
    expect(shared).to_be_visible()
    expect(private).to_be_hidden()
    page.get_by_label("Note").fill("Worried about **Bo**: the quokka-zircon plan slips again.")
    page.get_by_label("Private").check()
    expect(private).to_be_visible()
    expect(shared).to_be_hidden()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("Saved privately")
    saved = page.locator("article.note", has_text="quokka-zircon").first
    expect(saved).to_contain_text("Private: only you")
    expect(page.get_by_label("Note")).to_have_value("")

    page.get_by_label("Search").fill("quokka-zircon")
    page.get_by_role("button", name="Search", exact=True).click()
    results = page.locator("#search-results")
    expect(results).to_contain_text("quokka-zircon")
    expect(results).to_contain_text("Private: only you")
    note_link = results.get_by_role("link").first.get_attribute("href")

    bo = sign_in("bo")
    for view in VIEWS:
        bo.go(PAIR + view)
        expect(bo.page.get_by_role("heading", level=1)).to_be_visible()
        assert "quokka" not in bo.page.content(), f"Bo sees Ann's private note on {view or 'the pair page'}"
    bo.go(PAIR + "/notes?q=quokka-zircon")
    expect(bo.page.locator("#search-results")).to_contain_text("for “quokka-zircon”")
    assert "slips again" not in bo.page.content()
    response = bo.go(note_link)
    assert response.status == 404 and "quokka" not in bo.page.content()
    bo.go(PAIR + "/ask")
    bo.page.get_by_label("Ask").fill("What is the quokka-zircon plan?")
    bo.page.get_by_role("button", name="Ask", exact=True).click()
    expect(bo.page.locator(".msg.assistant .citations")).to_be_visible()
    assert "quokka-zircon plan slips" not in bo.page.content()


def test_a_ticked_commitment_is_done_in_the_other_members_view(sign_in):
    bo = sign_in("bo")
    bo.go(PAIR + "/commitments")
    item = bo.page.locator("li.commitment", has_text="draft the rollout checklist")
    expect(item).to_contain_text("Open")
    item.get_by_role("button", name="Mark done").click()
    expect(bo.page.locator("li.commitment", has_text="draft the rollout checklist")).to_contain_text("Done")

    ann = sign_in("ann")
    ann.go(PAIR + "/commitments?show=all")
    theirs = ann.page.locator("li.commitment", has_text="draft the rollout checklist")
    expect(theirs).to_contain_text("Done")
    expect(theirs.get_by_role("button", name="Reopen")).to_be_visible()
    ann.go(PAIR)
    expect(ann.page.locator("li.commitment", has_text="draft the rollout checklist")).to_have_count(0)


def test_the_employees_talking_point_comes_first_for_both(sign_in):
    ann = sign_in("ann")
    ann.go(PAIR)
    ann.page.get_by_label("Talking point").fill("Team offsite dates")
    ann.page.get_by_role("button", name="Add").click()
    expect(ann.page.locator("#talking-points")).to_contain_text("Team offsite dates")

    bo = sign_in("bo")
    bo.go(PAIR)
    bo.page.get_by_label("Talking point").fill("My promotion timeline")
    bo.page.get_by_role("button", name="Add").click()
    for member in (bo, ann):
        member.go(PAIR)
        points = member.page.locator("ol.points > li")
        expect(points.first).to_contain_text("My promotion timeline")
        expect(points.nth(1)).to_contain_text("Team offsite dates")
    agenda = ann.page.locator("ol.agenda")
    expect(agenda.locator("h3").first).to_have_text("Bo's topics")
    # the agenda itself opens with Bo's talking point; Ann's follows, as her topics
    expect(agenda.locator("li.agenda-item").first).to_contain_text("My promotion timeline")
    expect(agenda.locator("h3").nth(1)).to_have_text("Ann's topics")
    text = agenda.inner_text().lower()
    assert text.index("ann's topics") < text.index("team offsite dates") < text.index("follow-ups, both ways")


def test_ask_streams_a_cited_answer_that_opens_the_note(sign_in):
    bo = sign_in("bo")
    bo.go(PAIR + "/ask")
    bo.page.get_by_label("Ask").fill("What did Ann promise about the conference budget?")
    bo.page.get_by_role("button", name="Ask", exact=True).click()
    answer = bo.page.locator(".msg.assistant").last
    expect(answer).to_contain_text("conference budget")
    cite = answer.locator("a.cite").first
    expect(cite).to_be_visible()
    expect(bo.page.get_by_label("Ask")).to_have_value("")
    conversation = bo.page.locator("#conversations li").first
    expect(conversation).to_contain_text("conference budget")

    cite.click()
    expect(bo.page.locator("article.note")).to_contain_text("conference budget")
    bo.go(PAIR + "/ask")
    bo.page.locator("#conversations a").first.click()
    expect(bo.page.locator(".msg.user")).to_contain_text("What did Ann promise")
    bo.page.get_by_role("button", name="Delete this conversation").click()
    expect(bo.page.locator("#conversations")).not_to_contain_text("conference budget")


def test_an_outsider_gets_nothing(sign_in):
    cy = sign_in("cy")
    expect(cy.page.get_by_role("link", name="Dee Ross")).to_be_visible()
    expect(cy.page.get_by_role("link", name="Bo Chen")).to_have_count(0)
    for view in VIEWS + ["/notes/n2", "/ask/stream/anything"]:
        response = cy.go(PAIR + view)
        assert response.status == 404, view
        assert "Bo" not in cy.page.locator("main").inner_text(), view
    forged = cy.page.request.post(f"{cy.base}{PAIR}/notes", form={"text": "forged", "csrf_token": "x"}, max_redirects=0)
    assert forged.status in (403, 404)
    assert "forged" not in str(cy.page.request.get(cy.base + PAIR + "/notes").text())


def test_pages_have_no_serious_accessibility_problems_and_screenshots(sign_in):
    """axe-core on every page; a screenshot of each, at laptop and phone width, for a person to look at."""
    SCREENSHOTS.mkdir(exist_ok=True)
    ann = sign_in("ann", bypass_csp=True)
    problems = {}
    pages = {"home": "/", "account": "/account"}
    pages |= {"pair" + (v.split("?")[0].replace("/", "-") or "-next"): PAIR + v for v in VIEWS}
    ann.go(PAIR + "/ask")
    ann.page.get_by_label("Ask").fill("What does Bo owe me?")
    ann.page.get_by_role("button", name="Ask", exact=True).click()
    expect(ann.page.locator(".msg.assistant .citations")).to_be_visible()
    pages["pair-ask"] = ann.page.url.removeprefix(ann.base)
    for name, path in pages.items():
        ann.go(path)
        ann.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
        found = axe_violations(ann.page)
        if found:
            problems[name] = found
    phone = sign_in("bo", viewport={"width": 390, "height": 844}, bypass_csp=True)
    for name, path in {"phone-pair-next": PAIR, "phone-pair-notes": PAIR + "/notes"}.items():
        phone.go(path)
        phone.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
        found = axe_violations(phone.page)
        if found:
            problems[name] = found
    phone.page.context.clear_cookies()
    phone.go("/login")
    phone.page.screenshot(path=str(SCREENSHOTS / "login.png"))
    if found := axe_violations(phone.page):
        problems["login"] = found
    assert not problems, problems


def test_enter_asks_from_the_pair_page_and_the_answer_is_kept(sign_in):
    """Without clicking: type a question on the pair page, press Enter, read the cited answer."""
    ann = sign_in("ann")
    ann.go(PAIR)
    ann.page.get_by_label("Ask").fill("What does Bo owe me?")
    ann.page.get_by_label("Ask").press("Enter")
    expect(ann.page).to_have_url(re.compile(r"/pairs/p-ann-bo/ask\?c="))
    expect(ann.page.locator(".msg.user")).to_contain_text("What does Bo owe me?")
    expect(ann.page.locator(".msg.assistant .citations")).to_be_visible()
