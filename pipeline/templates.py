"""The guide's fixed messages (unclear audio, a bad photo, off-topic, medical, greeting …), in both languages."""

from __future__ import annotations

__all__ = ["MESSAGES", "PHOTO_WHY", "message"]

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
