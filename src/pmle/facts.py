"""Product facts (names, statuses, limits) with their source and check date."""

from __future__ import annotations

import datetime as dt
from functools import cache
from importlib import resources

import yaml


@cache
def all_facts() -> dict[str, dict]:
    text = resources.files(__package__).joinpath("product_facts.yml").read_text("utf-8")
    return {f["id"]: f for f in yaml.safe_load(text)["facts"]}


def fact(fact_id: str) -> str:
    """The fact's statement with its source and check date, ready to print in a notebook."""
    facts = all_facts()
    if fact_id not in facts:
        raise KeyError(f"Unknown product fact {fact_id!r}; known: {', '.join(sorted(facts))}")
    f = facts[fact_id]
    return f"{f['statement']} [source: {f['source']}, checked {f['checked']}]"


def stale(days: int = 180, today: dt.date | None = None) -> list[str]:
    """Ids of facts last checked more than `days` ago."""
    today = today or dt.date.today()
    return [i for i, f in all_facts().items() if (today - f["checked"]).days > days]
