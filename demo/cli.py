"""The ``xiaoer`` command: ask, chat, models, catalogue. A thin adapter over the pipeline's event stream."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sys
from pathlib import Path

from demo.output import AnswerWriter, print_event
from pipeline.config import AppConfig, load_config

__all__ = ["main"]

log = logging.getLogger("xiaoer")

PHOTO_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".heic", ".heif", ".bmp", ".gif", ".tif", ".tiff"}


def _config(args: argparse.Namespace) -> AppConfig:
    path = Path(args.config) if getattr(args, "config", None) else None
    if path is None and Path("xiaoer.toml").exists():
        path = Path("xiaoer.toml")
    return load_config(path, os.environ)


def _progress(name: str, seconds: float) -> None:
    print(f"  ✓ {name} ({seconds:.1f}s)", file=sys.stderr, flush=True)


def _build(cfg: AppConfig, with_asr: bool, quiet: bool = False, with_photos: bool = True):  # type: ignore[no-untyped-def]
    from pipeline.app import build_guide

    if not quiet:
        print("loading the guide …", file=sys.stderr, flush=True)
    return build_guide(
        cfg,
        with_asr=with_asr,
        progress=None if quiet else _progress,
        with_photos=with_photos,
        photo_progress=None if quiet else _bar("indexing catalogue photos"),
    )


def _bar(desc: str):  # type: ignore[no-untyped-def]
    """A progress callback ``(done, total)`` drawing a tqdm bar on stderr (shown only when there is work)."""
    from tqdm import tqdm

    state: dict[str, tqdm] = {}

    def progress(done: int, total: int) -> None:
        bar = state.get("bar")
        if bar is None:
            bar = state["bar"] = tqdm(total=total, desc=desc, unit="photo", file=sys.stderr, leave=False)
        bar.update(done - bar.n)
        if done >= total:
            bar.close()

    return progress


async def _run_turn(  # type: ignore[no-untyped-def]
    session, args: argparse.Namespace, text: str | None, audio: str | None, out: Path | None, image: str | None = None
) -> int:
    writer = AnswerWriter(out) if out else None
    code = 0
    try:
        async for ev in session.ask(text=text, audio=audio, image=image):
            written = writer.add(ev) if writer else None
            if args.json:
                from pipeline.events import event_to_dict

                d = event_to_dict(ev)
                if written:
                    d.update(written)
                print(json.dumps(d, ensure_ascii=False, default=str), flush=True)
            else:
                print_event(ev)
            if type(ev).__name__ in ("TurnFailed",):
                code = 1
    finally:
        if writer:
            writer.close()
            if not args.json and writer.seconds > 0:
                print(f"\n[spoken answer: {writer.path} ({writer.seconds:.1f}s)]", file=sys.stderr)
    return code


def cmd_ask(args: argparse.Namespace) -> int:
    from pipeline.session import Session

    if not args.text and not args.audio and not args.image:
        print("give --text, --audio or --image", file=sys.stderr)
        return 2
    cfg = _config(args)
    guide = _build(cfg, with_asr=bool(args.audio), quiet=args.json, with_photos=bool(args.image))
    session = Session(guide, session_id=args.session, customer_id=args.customer)
    out = Path(args.out) if args.out else None
    return asyncio.run(_run_turn(session, args, args.text, args.audio, out, args.image))


def cmd_chat(args: argparse.Namespace) -> int:
    from pipeline.session import Session

    cfg = _config(args)
    guide = _build(cfg, with_asr=True)
    session = Session(guide, session_id=args.session, customer_id=args.customer)
    out_dir = Path(args.out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    print(f"\n{guide.shop.name('zh')} · {guide.shop.name('en')} — 店小二 Xiaoer is ready (session {session.id}).")
    print(
        "Type a question; '@question.wav' asks by voice; '@photo.jpg 能送人吗？' asks about a pack photo;"
        " 'quit' to leave.\n"
    )

    async def loop() -> None:
        n = 0
        while True:
            try:
                line = await asyncio.to_thread(input, "you › ")
            except EOFError:
                return
            line = line.strip()
            if line.lower() in ("quit", "exit", "q"):
                return
            if not line:
                continue
            n += 1
            audio = image = None
            if line.startswith("@"):
                path = line[1:].split(maxsplit=1)
                is_photo = Path(path[0]).suffix.lower() in PHOTO_SUFFIXES
                image, audio = (path[0], None) if is_photo else (None, path[0])
                line = path[1] if len(path) > 1 else ""
            out = out_dir / f"answer-{session.id}-{n}.wav"
            await _run_turn(session, args, line or None if (image or not audio) else None, audio, out, image)
            print()

    asyncio.run(loop())
    return 0


def cmd_models(args: argparse.Namespace) -> int:
    from demo.models_cmd import prepare_all

    return prepare_all(_config(args), verify=args.verify, convert_zh=not args.no_zh_voice)


def cmd_add_photo(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from models.images import PhotoError
    from pipeline.app import open_photo_index, open_store

    cfg = _config(args)
    store = open_store(cfg)
    shop = store.load_shop()
    if shop.product(args.product) is None:
        print(f"no product {args.product!r} in the catalogue (see catalogue.json ids)", file=sys.stderr)
        return 1
    files = [Path(f) for f in args.files]
    missing = [f for f in files if not f.is_file()]
    if missing:
        print(f"no such file: {', '.join(map(str, missing))}", file=sys.stderr)
        return 1
    index = open_photo_index(cfg, store, _bar("indexing catalogue photos"))
    code = 0
    for f in tqdm(files, desc=f"adding photos of {args.product}", unit="photo", file=sys.stderr):
        try:
            added = index.add_owner_photo(args.product, f)
        except PhotoError as e:
            print(f"skipped {f}: {e}", file=sys.stderr)
            code = 1
            continue
        print(f"{'added' if added else 'already indexed'}: {f} → {args.product}")
    n = len(index.photos_of(args.product))
    print(f"{args.product} now has {n} indexed photo(s); {len(index)} photos in the index")
    return code


def cmd_catalogue(args: argparse.Namespace) -> int:
    from pipeline.catalogue import ShopDataError, bundled_shop_dir
    from pipeline.store import Store

    cfg = _config(args)
    folder = Path(args.folder) if args.folder else (cfg.shop_dir or bundled_shop_dir())
    store = Store(cfg.db_path)
    try:
        n = store.import_shop(folder)
    except ShopDataError as e:
        print(f"cannot import {folder}: {e}", file=sys.stderr)
        return 1
    print(f"imported {n} products from {folder} into {cfg.db_path}")
    if not args.no_photos:
        from pipeline.app import open_photo_index

        index = open_photo_index(cfg, store, _bar("indexing catalogue photos"))
        print(f"photo index: {len(index)} photos of {len(index.product_ids)} products")
    return 0


def cmd_web(args: argparse.Namespace) -> int:
    from demo.web.serve import serve

    return serve(_config(args), args.host, args.port, kiosk=args.kiosk)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="xiaoer", description="店小二 Xiaoer — an offline AI shop guide for specialty-food stores"
    )
    p.add_argument("--config", help="config file (TOML); default ./xiaoer.toml if present")
    p.add_argument("-v", "--verbose", action="store_true", help="log more")
    sub = p.add_subparsers(dest="cmd", required=True)

    a = sub.add_parser("ask", help="ask one question by text or audio")
    a.add_argument("--text", help="the question as text")
    a.add_argument("--audio", help="the question as an audio file (wav, mp3, ogg, webm …)")
    a.add_argument("--image", help="a photo of a pack (jpg, png, heic …): which product is it? ask with --text")
    a.add_argument("--out", default="answer.wav", help="where to write the spoken answer (WAV)")
    a.add_argument("--json", action="store_true", help="print one JSON object per event")
    a.add_argument("--session", help="session id: follow-up questions with the same id remember the conversation")
    a.add_argument("--customer", help="a known customer's id (uses their preferences and history)")
    a.set_defaults(fn=cmd_ask)

    c = sub.add_parser("chat", help="talk with the guide in the terminal")
    c.add_argument("--session", help="session id to continue")
    c.add_argument("--customer", help="a known customer's id")
    c.add_argument("--out-dir", default="answers", help="folder for the spoken answers")
    c.add_argument("--json", action="store_true", help="print one JSON object per event")
    c.set_defaults(fn=cmd_chat)

    w = sub.add_parser("web", help="the guide's web page (voice, photo, text; streamed answers)")
    w.add_argument("--host", default="127.0.0.1", help="address to listen on (default: this machine only)")
    w.add_argument("--port", type=int, default=7860)
    w.add_argument("--kiosk", action="store_true", help="kiosk layout: large type, big talk button (or ?kiosk=1)")
    w.set_defaults(fn=cmd_web)

    m = sub.add_parser("models", help="prepare and verify every default model; show sources and licences")
    m.add_argument("--verify", action="store_true", help="re-hash joined files even when already prepared")
    m.add_argument("--no-zh-voice", action="store_true", help="skip the one-time Mandarin voice conversion")
    m.set_defaults(fn=cmd_models)

    cat = sub.add_parser("catalogue", help="manage the shop's catalogue")
    cat_sub = cat.add_subparsers(dest="catalogue_cmd", required=True)
    imp = cat_sub.add_parser("import", help="import a shop folder (catalogue.json, policies.json, customers.json)")
    imp.add_argument("folder", nargs="?", help="shop folder (default: the configured or bundled demo shop)")
    imp.add_argument("--no-photos", action="store_true", help="skip indexing the pack photos")
    imp.set_defaults(fn=cmd_catalogue)
    add = cat_sub.add_parser("add-photo", help="add photos of a product (indexed at once for photo matching)")
    add.add_argument("product", help="the product's id")
    add.add_argument("files", nargs="+", help="photo files")
    add.set_defaults(fn=cmd_add_photo)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    return int(args.fn(args))


if __name__ == "__main__":
    raise SystemExit(main())
