"""Templated answers built only from facts: used when the guard rejects the LLM, and for turns that need
no LLM at all (unclear audio, off-topic, medical questions, prompt injection, unknown products)."""

from __future__ import annotations

from pipeline.catalogue import Product
from pipeline.facts import Facts, shelf_life_text

__all__ = ["MESSAGES", "PHOTO_WHY", "facts_answer", "message", "opener"]

MESSAGES: dict[str, dict[str, str]] = {
    "no_speech": {"zh": "没听清，请再说一遍。", "en": "Sorry, I didn't catch that. Could you say it again?"},
    "bad_audio": {
        "zh": "这个文件不是能识别的音频，请重新录一段。",
        "en": "That file isn't audio I can read. Please record your question again.",
    },
    "too_long": {
        "zh": "录音太长了，请说短一点的问题（{limit}秒以内）。",
        "en": "That recording is too long. Please ask in under {limit} seconds.",
    },
    "empty_text": {"zh": "请问您想了解什么？", "en": "What would you like to know?"},
    "off_topic": {
        "zh": "这个我帮不上忙，我只了解本店的特产、价格、配送和售后。您想看看哪类特产？",
        "en": "I can't help with that; I only know this shop's products, prices, delivery and policies. "
        "What kind of treat are you looking for?",
    },
    "medical": {
        "zh": "我们卖的是食品，不能做任何治疗或保健功效的说法；身体方面的问题请咨询医生。",
        "en": "We sell food, so I can't make any health or medical claims; please ask a doctor about health questions.",
    },
    "injection": {
        "zh": "价格、优惠和规则都以店里的标价和政策为准，我没法更改。",
        "en": "Prices, discounts and rules are set by the shop's price list and policies; I can't change them.",
    },
    "greeting": {
        "zh": "您好！我是店小二，想找什么特产，或者送给谁，跟我说说吧。",
        "en": "Hello! I'm Xiaoer. Tell me what you're looking for, or who it's for.",
    },
    "photo_question": {"zh": "这是什么？", "en": "What is this?"},
    "bad_photo": {
        "zh": "这张图片打不开（{why}），请重新拍一张商品包装的照片。",
        "en": "I can't open that picture ({why}). Please take another photo of the pack.",
    },
    "photo_not_ours": {
        "zh": "这款看起来不是我们店里的商品，我不能确定它是什么。",
        "en": "This doesn't look like one of our products, so I can't say what it is.",
    },
    "photo_closest": {"zh": "店里最接近的是：{items}。", "en": "The closest things we have are {items}."},
    "photo_confirm": {
        "zh": "看起来像是{first}，但我不太确定。是{items}中的哪一款？您也可以再拍清楚一点。",
        "en": "It looks like the {first}, but I'm not sure. Is it {items}? A clearer photo would help too.",
    },
    "photo_two": {
        "zh": "照片里有两款：{first}和{second}。我先说{first}，{second}也可以问我。",
        "en": "I can see two products: the {first} and the {second}. First the {first}; ask me about the other too.",
    },
    "failed": {
        "zh": "抱歉，刚才出了点问题，请再问一次。",
        "en": "Sorry, something went wrong. Please ask again.",
    },
}


PHOTO_WHY: dict[str, dict[str, str]] = {
    "empty": {"zh": "文件是空的", "en": "the file is empty"},
    "too_large": {"zh": "文件太大", "en": "it is too large"},
    "not_image": {"zh": "不是图片，或者文件损坏了", "en": "it isn't an image, or it is damaged"},
}


def message(code: str, lang: str, **kw: object) -> str:
    return MESSAGES[code]["zh" if lang == "zh" else "en"].format(**kw)


def _line(p: Product, lang: str) -> str:
    if lang == "zh":
        bits = [f"¥{p.price_cny:g}", p.size_text("zh"), p.flavour_zh.split("，")[0]]
        if p.gift_box:
            bits.append("有礼盒")
        bits.append(shelf_life_text(p.shelf_life_days, "zh"))
        if not p.in_stock:
            bits.append("目前缺货")
        return f"{p.name_zh}（{'，'.join(b for b in bits if b)}）"
    bits = [f"¥{p.price_cny:g}", p.size_text("en")]
    if p.gift_box:
        bits.append("gift box")
    bits.append(shelf_life_text(p.shelf_life_days, "en"))
    if not p.in_stock:
        bits.append("out of stock")
    return f"{p.name_en} ({', '.join(b for b in bits if b)})"


def facts_answer(facts: Facts, lang: str, lead: str = "") -> str:
    """A plain answer that states only facts: products (with price, size, gift box, shelf life) and policies."""
    zh = lang == "zh"
    parts: list[str] = [lead] if lead else []
    if facts.unknown_product:
        parts.append(
            f"抱歉，我们店里没有{facts.unknown_product}。" if zh else f"Sorry, we don't carry {facts.unknown_product}."
        )
    if facts.products:
        lines = [_line(p, lang) for p in facts.products[:3]]
        if facts.unknown_product or facts.relaxed:
            head = "可以看看这几款最接近的：" if zh else "The closest we have: "
        else:
            head = "为您推荐：" if zh else "I'd suggest: "
        parts.append(head + ("；".join(lines) + "。" if zh else "; ".join(lines) + "."))
    for pol in facts.policies[:1]:
        parts.append(pol.answer(lang))
    if not facts.products and not facts.policies and not facts.unknown_product:
        parts.append(
            "暂时没有完全符合的商品，您可以换个条件再问问。"
            if zh
            else "Nothing fits all of that right now; try changing a wish or two."
        )
    return "".join(parts) if zh else " ".join(parts)


def _names(items: list[str], lang: str) -> str:
    if len(items) == 1:
        return items[0]
    if lang == "zh":
        return "、".join(items[:-1]) + "和" + items[-1]
    return ", ".join(items[:-1]) + " and " + items[-1]


def opener(facts: Facts, lang: str, cheaper: bool = False, named: bool = False) -> str:
    """The first sentence of an answer, built from facts so it can be spoken at once while the LLM writes
    the rest (what a clerk says first: which products, at what price)."""
    ps = list(facts.products)
    if not ps:
        return ""
    zh = lang == "zh"
    if cheaper:
        p = min(ps, key=lambda x: x.price_cny)
        return (
            f"最实惠的是{p.name_zh}，¥{p.price_cny:g}。"
            if zh
            else f"The most affordable is the {p.name_en} at ¥{p.price_cny:g}."
        )
    if len(ps) == 1:
        p = ps[0]
        size = p.size_text(lang)
        stock = "" if p.in_stock else ("，不过目前缺货" if zh else ", but it is out of stock right now")
        if zh:
            return f"{p.name_zh}是{p.brand_zh}的，¥{p.price_cny:g}，{size}{stock}。"
        return f"The {p.name_en} from {p.brand_en} is ¥{p.price_cny:g} for {size}{stock}."

    def item(p: Product) -> str:
        out = "" if p.in_stock else ("，缺货" if zh else ", out of stock")
        if zh:
            base = p.name_zh[:-1] + "，" if p.name_zh.endswith("）") else p.name_zh + "（"
            return f"{base}¥{p.price_cny:g}{out}）"
        base = p.name_en[:-1] + ", " if p.name_en.endswith(")") else p.name_en + " ("
        return f"the {base}¥{p.price_cny:g}{out})"

    items = [item(p) for p in ps]
    if named:
        count = {2: "两", 3: "三", 4: "四"}.get(len(ps), str(len(ps)))
        return f"有{count}款：{_names(items, lang)}。" if zh else f"We have {len(ps)}: {_names(items, lang)}."
    if facts.relaxed:
        return (
            ("没有完全符合的，最接近的有" if zh else "Nothing fits every wish; the closest are ")
            + _names(items, lang)
            + ("。" if zh else ".")
        )
    count = {2: "两", 3: "三", 4: "四"}.get(len(ps), str(len(ps)))
    if zh:
        return f"有{count}款合适：{_names(items, lang)}。"
    return f"I have {len(ps)} that fit: {_names(items, lang)}."
