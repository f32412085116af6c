"""The feedback balance over time, drawn on the server as a small SVG bar chart.

Two bars a month: feedback the manager gave the employee, and feedback the employee gave the
manager. The geometry is computed here; ``_balance_chart.html.j2`` draws it. The chart has a
text alternative (a table in the template) so that nothing is only in the picture.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

__all__ = ["Bar", "BalanceChart", "balance_chart"]

WIDTH, HEIGHT = 320, 150
TOP, BOTTOM, LEFT = 10, 24, 26
MONTHS_SHOWN = 12


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    count: int
    series: str
    """down (manager to employee) or up (employee to manager)"""


@dataclass(frozen=True)
class BalanceChart:
    width: int
    height: int
    bars: list[Bar]
    labels: list[tuple[float, str]]
    """(x, month label) under each month"""
    ticks: list[tuple[float, int]]
    """(y, count) for the horizontal grid"""
    rows: list[tuple[str, int, int]]
    """(month, down, up): the same numbers as a table"""
    baseline: float


def _every_month(by_month: list[dict], until: date | None) -> list[dict]:
    """One entry per calendar month from the first with feedback to ``until``: silence shows as a gap."""
    if not by_month:
        return []
    counts = {m["month"]: m for m in by_month}
    year, month = map(int, by_month[0]["month"].split("-"))
    last = max(by_month[-1]["month"], f"{until:%Y-%m}" if until else "")
    out = []
    while (key := f"{year:04d}-{month:02d}") <= last:
        out.append(counts.get(key, {"month": key, "manager_to_employee": 0, "employee_to_manager": 0}))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def balance_chart(by_month: list[dict], until: date | None = None) -> BalanceChart | None:
    """The last twelve months up to ``until``, both ways; None when no feedback is recorded."""
    months = _every_month(by_month, until)[-MONTHS_SHOWN:]
    if not any(m["manager_to_employee"] or m["employee_to_manager"] for m in months):
        return None
    peak = max(max(m["manager_to_employee"], m["employee_to_manager"]) for m in months) or 1
    plot_h = HEIGHT - TOP - BOTTOM
    slot = (WIDTH - LEFT) / len(months)
    bar_w = min(18.0, slot / 3)
    bars, labels, rows = [], [], []
    for i, m in enumerate(months):
        x0 = LEFT + i * slot + (slot - 2 * bar_w - 2) / 2
        for j, (series, key) in enumerate((("down", "manager_to_employee"), ("up", "employee_to_manager"))):
            h = plot_h * m[key] / peak
            bars.append(Bar(x0 + j * (bar_w + 2), TOP + plot_h - h, bar_w, h, m[key], series))
        month = date.fromisoformat(m["month"] + "-01")
        labels.append((LEFT + i * slot + slot / 2, f"{month:%b}"))
        rows.append((f"{month:%B %Y}", m["manager_to_employee"], m["employee_to_manager"]))
    step = max(1, round(peak / 3))
    ticks = [(TOP + plot_h - plot_h * v / peak, v) for v in range(0, peak + 1, step)]
    return BalanceChart(WIDTH, HEIGHT, bars, labels, ticks, rows, TOP + plot_h)
