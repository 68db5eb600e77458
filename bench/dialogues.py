"""Multi-turn dialogues over two shops: right product, question answered, unsupported claims, language, speed.

    python bench/dialogues.py                        # both shops, the default models; prints figures
    python bench/dialogues.py --fake                 # scripted models: the answer logic alone, in seconds
    python bench/dialogues.py --fake --real-embedder # the same with the default text embedder (about a minute)
    python bench/dialogues.py --out answers.json     # also write every answer (to read them as a clerk would)
    python bench/dialogues.py --shop second-shop --limit 10
    python bench/dialogues.py --dialogues held-out.json   # another set in the same format
    python bench/dialogues.py --shop-dir third=path/to/shop --dialogues third.json   # a shop of your own

The dialogues (``bench/dialogues/*.json``) were written from the shops' data alone, by someone who had not read
the guide's code: each turn has the products it is about, groups of words of which one must be said
(``must``) and words that must never be (``must_not``). Unsupported claims are counted by ``bench/claims.py``,
which shares no code with the guide's own checks. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.claims import ShopFacts, unsupported  # noqa: E402
from pipeline.catalogue import bundled_shop_dir  # noqa: E402
from pipeline.config import AppConfig, load_config  # noqa: E402
from pipeline.events import AnswerDone, Products, Sentence, TurnTimings  # noqa: E402
from pipeline.retrieval import Retriever  # noqa: E402
from pipeline.session import Session  # noqa: E402
from pipeline.store import Store  # noqa: E402
from pipeline.textnum import cjk_ratio, detect_text_lang  # noqa: E402
from pipeline.turn import Guide  # noqa: E402

SHOPS = {
    "demo": bundled_shop_dir(),
    "second-shop": ROOT / "tests" / "shops" / "second-shop",
    "third-shop": ROOT / "tests" / "shops" / "third-shop",
    "fourth-shop": ROOT / "tests" / "shops" / "fourth-shop",
    "fifth-shop": ROOT / "tests" / "shops" / "fifth-shop",
    "sixth-shop": ROOT / "tests" / "shops" / "sixth-shop",
    "seventh-shop": ROOT / "tests" / "shops" / "seventh-shop",
    "eighth-shop": ROOT / "tests" / "shops" / "eighth-shop",
    "ninth-shop": ROOT / "tests" / "shops" / "ninth-shop",
    "tenth-shop": ROOT / "tests" / "shops" / "tenth-shop",
    "eleventh-shop": ROOT / "tests" / "shops" / "eleventh-shop",
    "twelfth-shop": ROOT / "tests" / "shops" / "twelfth-shop",
    "thirteenth-shop": ROOT / "tests" / "shops" / "thirteenth-shop",
    "fourteenth-shop": ROOT / "tests" / "shops" / "fourteenth-shop",
}
DIALOGUES = ROOT / "bench" / "dialogues"


@dataclass
class Models:
    embedder: Any
    llm: Any
    voices: dict[str, Any]
    max_tokens: int


def load_models(cfg: AppConfig, fake: bool, real_embedder: bool = False) -> Models:
    from models.embed import load_embedder

    if fake:
        from tests.fakes import FakeEmbedder, FakeLLM, FakeTTS

        embedder = load_embedder(cfg.embed) if real_embedder else FakeEmbedder()
        return Models(embedder, FakeLLM(["它很受欢迎。"]), {"zh": FakeTTS("zh"), "en": FakeTTS("en")}, 120)
    from models.llm import load_llm
    from pipeline.app import load_voice

    return Models(
        load_embedder(cfg.embed),
        load_llm(cfg.llm),
        {"zh": load_voice(cfg.tts_zh), "en": load_voice(cfg.tts_en)},
        cfg.llm.max_tokens,
    )


def guide_for(shop_dir: Path, models: Models, cfg: AppConfig, data: Path) -> Guide:
    store = Store(data / f"{shop_dir.name}.sqlite3")
    store.import_shop(shop_dir)
    shop = store.load_shop()
    retriever = Retriever.build(shop, models.embedder, store)
    turn = replace(cfg.turn, today=cfg.turn.today or shop.as_of)  # "today" is the day the dialogues were written for
    return Guide(shop, store, retriever, models.llm, models.voices, config=turn, max_tokens=models.max_tokens)


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    v = sorted(values)
    return v[min(len(v) - 1, round(q * (len(v) - 1)))]


async def run_dialogue(guide: Guide, d: dict[str, Any], facts: ShopFacts) -> list[dict[str, Any]]:
    session = Session(guide, customer_id=d.get("customer"))
    rows = []
    by_id = {p["id"]: p for p in facts.products}
    for turn in d["turns"]:
        q = turn["q"]
        sentences: list[str] = []
        shown: list[str] = []
        answer, kind, timings = "", "", None
        t0 = time.perf_counter()
        async for ev in session.ask(text=q):
            if isinstance(ev, Sentence):
                sentences.append(ev.text)
            elif isinstance(ev, Products):
                shown = [m.product_id for m in ev.items]
            elif isinstance(ev, AnswerDone):
                answer, kind = ev.text, ev.kind
            elif isinstance(ev, TurnTimings):
                timings = ev
        wall = time.perf_counter() - t0
        low = answer.lower()
        must_ok = [any(alt.lower() in low for alt in group) for group in turn.get("must", [])]
        must_not = [s for s in turn.get("must_not", []) if s.lower() in low]
        want = set(turn.get("products") or [])
        named = {p["id"] for p in facts.named_in(answer)}
        right = None if not want else bool(want & (set(shown) | named))
        table = [by_id[i] for i in shown if i in by_id]
        claims = {
            s: why for i, s in enumerate(sentences) if (why := unsupported(s, facts, table, q, " ".join(sentences[:i])))
        }
        q_lang = detect_text_lang(q, d.get("lang", "zh"))
        rows.append(
            {
                "dialogue": d["id"],
                "shop": d["shop"],
                "customer": d.get("customer"),
                "lang": q_lang,
                "kind": turn.get("kind"),
                "act": kind,
                "q": q,
                "answer": answer,
                "shown": shown,
                "right_product": right,
                "must": all(must_ok),
                "must_missing": [g for g, ok in zip(turn.get("must", []), must_ok, strict=True) if not ok],
                "must_not": must_not,
                "unsupported": claims,
                "sentences": len(sentences),
                "lang_ok": (cjk_ratio(answer) > 0.3) == (q_lang == "zh") if answer else False,
                "first_audio": timings.tts_first_audio if timings else None,
                "total": timings.total if timings else wall,
            }
        )
    return rows


def summarise(rows: list[dict[str, Any]], label: str) -> str:
    n = len(rows)
    if not n:
        return f"| {label} | 0 |"
    rp = [r["right_product"] for r in rows if r["right_product"] is not None]
    fa = [r["first_audio"] for r in rows if r["first_audio"] is not None]
    tot = [r["total"] for r in rows if r["total"] is not None]
    unsup = sum(len(r["unsupported"]) for r in rows)
    sents = sum(r["sentences"] for r in rows)
    return (
        f"| {label} | {n} | {100 * sum(rp) / max(1, len(rp)):.0f} % ({sum(rp)}/{len(rp)}) | "
        f"{100 * sum(r['must'] for r in rows) / n:.0f} % | {sum(bool(r['must_not']) for r in rows)} | "
        f"{unsup} / {sents} | {100 * sum(r['lang_ok'] for r in rows) / n:.0f} % | "
        f"{pct(fa, 0.5):.2f} / {pct(fa, 0.95):.2f} | {pct(tot, 0.5):.2f} / {pct(tot, 0.95):.2f} |"
    )


async def main_async(args: argparse.Namespace) -> None:
    cfg = load_config()
    t0 = time.perf_counter()
    models = load_models(cfg, args.fake, args.real_embedder)
    print(f"models loaded in {time.perf_counter() - t0:.1f} s", flush=True)
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for shop_name in args.shop:
            guide = guide_for(SHOPS[shop_name], models, cfg, Path(tmp))
            facts = ShopFacts.load(SHOPS[shop_name])
            files = [Path(f) for f in args.dialogues] or [DIALOGUES / f"{shop_name}.json"]
            dialogues = [
                d for f in files for d in json.loads(f.read_text(encoding="utf-8")) if d.get("shop") == shop_name
            ]
            if args.limit:
                dialogues = dialogues[: args.limit]
            if not args.fake:  # warm the LLM's prompt cache and the voices once, as a running guide is
                await run_dialogue(
                    guide, {"id": "warm", "shop": shop_name, "turns": [{"q": "你好"}, {"q": "hi"}]}, facts
                )
            for i, d in enumerate(dialogues):
                got = await run_dialogue(guide, d, facts)
                rows += got
                if args.verbose:
                    for r in got:
                        print(f"[{r['dialogue']}] {r['q']}\n    → ({r['act']}) {r['answer']}", flush=True)
                else:
                    print(f"  {shop_name} {i + 1}/{len(dialogues)}", end="\r", flush=True)
    print()
    head = (
        "| set | turns | right product | must said | must-not said | unsupported / sentences | language | "
        "first audio p50 / p95 s | whole answer p50 / p95 s |\n|---|---|---|---|---|---|---|---|---|"
    )
    print(head)
    for shop_name in args.shop:
        for lang in ("zh", "en"):
            print(summarise([r for r in rows if r["shop"] == shop_name and r["lang"] == lang], f"{shop_name} {lang}"))
    print(summarise(rows, "all"))
    kinds = sorted({r["kind"] for r in rows if r["kind"]})
    print("\n| kind | turns | must said | must-not said | unsupported |\n|---|---|---|---|---|")
    for k in kinds:
        rs = [r for r in rows if r["kind"] == k]
        print(
            f"| {k} | {len(rs)} | {sum(r['must'] for r in rs)} | {sum(bool(r['must_not']) for r in rs)} | "
            f"{sum(len(r['unsupported']) for r in rs)} |"
        )
    print(f"\npeak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024:.2f} GiB")
    for r in rows:
        for s, why in r["unsupported"].items():
            print(f"UNSUPPORTED [{r['dialogue']}] {s}  ← {'; '.join(why)}")
    if args.out:
        Path(args.out).write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"answers written to {args.out}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shop", nargs="+", default=None, help=f"shops to run (default: {', '.join(SHOPS)})")
    ap.add_argument(
        "--shop-dir", nargs="*", default=[], metavar="NAME=DIR", help="another shop's folder, named as in the dialogues"
    )
    ap.add_argument("--fake", action="store_true", help="scripted models (the answer logic only)")
    ap.add_argument(
        "--real-embedder", action="store_true", help="with --fake: the default text embedder (retrieval, clauses)"
    )
    ap.add_argument("--limit", type=int, default=0, help="dialogues per shop (0 = all)")
    ap.add_argument("--out", help="write every answer as JSON")
    ap.add_argument("--dialogues", nargs="*", default=[], help="other dialogue files (default: bench/dialogues/)")
    ap.add_argument("--verbose", "-v", action="store_true", help="print each question and answer")
    args = ap.parse_args()
    for item in args.shop_dir:
        name, _, folder = item.partition("=")
        if not folder or not Path(folder, "catalogue.json").is_file():
            ap.error(f"--shop-dir {item}: expected NAME=DIR with DIR/catalogue.json")
        SHOPS[name] = Path(folder)
    args.shop = args.shop or list(SHOPS)
    unknown = [s for s in args.shop if s not in SHOPS]
    if unknown:
        ap.error(f"unknown shop {', '.join(unknown)} (known: {', '.join(SHOPS)}; add one with --shop-dir)")
    asyncio.run(main_async(args))


if __name__ == "__main__":
    main()
