"""How fast the offline catalogue answers: 80 real initiatives and 5,000 synthetic ones, in headless Chromium.

The synthetic initiatives are drawn (seed 20261128) from the vocabularies of seed 004 — types, activities,
approaches, targets, promoters, actors, themes, regions — with titles and card texts assembled from a fixed
list of phrases, so every run builds the same page.  For each size the script builds the page with
``render_page``, opens it from ``file://`` and types a fixed list of queries one key at a time; for every
keystroke (and for a few filter clicks) it measures, inside the page, the time from the input event to the
updated count with the page laid out again.  It prints the load time (the index is built once, at load),
the median and worst time per keystroke, and the page's size in bytes per initiative.

Targets (issue 14): median ≤ 30 ms and worst ≤ 100 ms at 5,000 initiatives; size linear in the initiatives.
"""

from __future__ import annotations

import random
import statistics
import tempfile
from pathlib import Path

from cbresearch.data.schema.regions import REGION_NAMES
from cbresearch.data.schema.themes import THEMES
from cbresearch.data.schema.vocab import (
    ACTIVITY_TYPE,
    ACTORS,
    APPROACHES,
    CATALOGUE_TARGETS,
    COUNTRIES,
    NEED_TARGETS,
    NEEDS,
    PROMOTERS,
)
from cbresearch.publish.catalogue import catalogue_records, render_page
from cbresearch.publish.pdf import CHROMIUM_ARGS, chromium_executable

SEED = 20261128
QUERIES = [
    "anziani",
    "caregiver",
    "ANZIANI fragili",
    "over 65",
    "salute mentale",
    "domicilio volontari",
    "prevenzione lombardia",
    "co-progettazione",
    "mmg",
    "zzz nessun risultato",
]
PHRASES = [
    "visite domiciliari degli infermieri di comunità",
    "sportello di ascolto per i familiari che assistono",
    "gruppi di cammino con i volontari del quartiere",
    "telefonate periodiche alle persone sole",
    "co-progettazione con gli enti del terzo settore",
    "laboratori di prevenzione nelle scuole",
    "mappatura dei bisogni del territorio",
    "formazione dei medici di medicina generale",
    "punto di incontro nella casa della comunità",
    "trasporto sociale verso i servizi",
    "sostegno psicologico alle famiglie",
    "rete di custodi sociali nei condomini",
]


def synthetic_records(count: int, seed: int = SEED) -> list[dict]:
    """``count`` catalogue records drawn from the vocabularies (deterministic for a seed)."""
    rng = random.Random(seed)
    regions = list(REGION_NAMES.values())
    records = []
    for number in range(1, count + 1):
        activity = rng.choice(list(ACTIVITY_TYPE))
        targets = rng.sample(CATALOGUE_TARGETS.labels, rng.randint(1, 3))
        country = "Italia" if rng.random() < 0.8 else rng.choice(COUNTRIES.labels[1:])
        region = rng.choice(regions) if country == "Italia" else None
        text = "; ".join(rng.sample(PHRASES, 3))
        records.append(
            {
                "code": f"CB{number:04d}",
                "title": f"{rng.choice(PHRASES).capitalize()} ({targets[0].lower()}) n. {number}",
                "card_name": None,
                "country": country,
                "region": region,
                "organisation": f"Azienda sanitaria {rng.randint(1, 120)}" if region else None,
                "initiative_type": ACTIVITY_TYPE[activity],
                "approaches": rng.sample(APPROACHES.labels, rng.randint(1, 2)),
                "activity": activity,
                "targets": targets,
                "needs": [f"{rng.choice(NEEDS.labels)} × {rng.choice(NEED_TARGETS.labels)}"],
                "themes": rng.sample(THEMES.labels, rng.randint(0, 2)),
                "promoter": rng.choice(PROMOTERS.labels),
                "actors": rng.sample(ACTORS.labels, rng.randint(1, 4)),
                "social_cluster_impact": None,
                "description": f"Iniziativa sintetica per il benchmark: {text}.",
                "timing": None,
                "objectives": rng.choice(PHRASES).capitalize() + ".",
                "tools": rng.choice(PHRASES).capitalize() + ".",
                "kpi": f"Numero di persone raggiunte; {rng.choice(PHRASES)}.",
                "contacts": None,
                "source": "ricostruito",
                "reconstructed": True,
            }
        )
    return sorted(records, key=lambda r: r["title"].casefold())


TYPE_AND_MEASURE = """
async ([queries, clicks]) => {
  const box = document.getElementById("q");
  const count = document.getElementById("count");
  const times = [];
  function measure(action) {
    const start = performance.now();
    action();
    void count.textContent;
    void document.body.offsetHeight; // the page laid out again
    times.push(performance.now() - start);
  }
  for (const query of queries) {
    for (let i = 1; i <= query.length; i++) {
      measure(() => { box.value = query.slice(0, i); box.dispatchEvent(new Event("input", {bubbles: true})); });
      await new Promise(requestAnimationFrame);
    }
    measure(() => { box.value = ""; box.dispatchEvent(new Event("input", {bubbles: true})); });
    await new Promise(requestAnimationFrame);
  }
  for (const selector of clicks) {
    for (let twice = 0; twice < 2; twice++) {
      const target = document.querySelector(selector);
      if (target) { measure(() => target.dispatchEvent(new MouseEvent("click", {bubbles: true}))); await new Promise(requestAnimationFrame); }
    }
  }
  return times;
}
"""
CLICKS = [
    "input[name=approaches]",
    "input[name=targets]",
    "#region-map [tabindex]",
    "input[name=themes]",
]


def measure(browser, records: list[dict], folder: Path) -> dict:
    page_file = folder / f"catalogue-{len(records)}.html"
    page_file.write_text(render_page(records), encoding="utf-8")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(page_file.as_uri())
    load = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
    times = page.evaluate(TYPE_AND_MEASURE, [QUERIES, CLICKS])
    page.close()
    if errors:
        raise SystemExit(f"errors in the page: {errors}")
    size = page_file.stat().st_size
    return {
        "count": len(records),
        "load_ms": load,
        "median": statistics.median(times),
        "worst": max(times),
        "events": len(times),
        "bytes": size,
    }


def main() -> None:
    from playwright.sync_api import sync_playwright

    sizes = {80: catalogue_records(), 5000: synthetic_records(5000)}
    with tempfile.TemporaryDirectory() as scratch, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_executable(), args=CHROMIUM_ARGS)
        try:
            rows = [measure(browser, records, Path(scratch)) for records in sizes.values()]
        finally:
            browser.close()
    print(
        f"{'initiatives':>11} {'load':>9} {'events':>7} {'median':>9} {'worst':>9} {'page':>10} {'per initiative':>15}"
    )
    for row in rows:
        print(
            f"{row['count']:>11,} {row['load_ms']:>6.0f} ms {row['events']:>7} {row['median']:>6.1f} ms "
            f"{row['worst']:>6.1f} ms {row['bytes'] / 1e6:>7.2f} MB {row['bytes'] / row['count']:>9,.0f} bytes"
        )
    small, large = rows
    growth = (large["bytes"] - small["bytes"]) / (large["count"] - small["count"])
    print(f"bytes per added initiative (80 -> 5,000): {growth:,.0f}")
    print(f"ratio median 5,000 / 80: {large['median'] / small['median']:.1f}x; "
          f"targets at 5,000: median ≤ 30 ms ({'met' if large['median'] <= 30 else 'MISSED'}), "
          f"worst ≤ 100 ms ({'met' if large['worst'] <= 100 else 'MISSED'})")  # fmt: skip


if __name__ == "__main__":
    main()
