"""The web page's own words, in Chinese and English (answers come from the pipeline in the customer's language)."""

from __future__ import annotations

__all__ = ["UI", "t"]

UI: dict[str, dict[str, str]] = {
    "title": {"zh": "店小二 · {shop}", "en": "Xiaoer · {shop}"},
    "loading": {"zh": "正在准备店小二…", "en": "Getting Xiaoer ready…"},
    "loaded_step": {"zh": "已加载", "en": "loaded"},
    "ready": {
        "zh": "店小二准备好了：按住说话、拍张包装照片，或者直接打字提问。",
        "en": "Xiaoer is ready: talk, show a pack photo, or type a question.",
    },
    "load_failed": {"zh": "店小二启动失败：{why}", "en": "Xiaoer could not start: {why}"},
    "not_ready": {"zh": "店小二还在准备中，请稍等几秒。", "en": "Xiaoer is still getting ready; one moment please."},
    "mic": {"zh": "说话提问", "en": "Ask by voice"},
    "photo": {"zh": "上传包装照片", "en": "Upload a pack photo"},
    "webcam": {"zh": "拍照", "en": "Take a photo"},
    "text": {"zh": "打字提问", "en": "Type a question"},
    "placeholder": {"zh": "比如：有没有不太甜、适合送长辈的？", "en": "e.g. Something not too sweet for my parents?"},
    "send": {"zh": "发送", "en": "Send"},
    "stop": {"zh": "停止", "en": "Stop"},
    "new_chat": {"zh": "新对话", "en": "New chat"},
    "show_latency": {"zh": "显示速度", "en": "Show speed"},
    "hands_free": {"zh": "免按键（说完自动发送）", "en": "Hands-free (sends when you stop talking)"},
    "lang": {"zh": "语言", "en": "Language"},
    "you": {"zh": "您", "en": "You"},
    "guide": {"zh": "店小二", "en": "Xiaoer"},
    "photo_sent": {"zh": "（一张照片）", "en": "(a photo)"},
    "voice_sent": {"zh": "（语音）", "en": "(voice)"},
    "stopped": {"zh": "已停止。", "en": "Stopped."},
    "price": {"zh": "¥{price:g}", "en": "¥{price:g}"},
    "out_of_stock": {"zh": "暂时缺货", "en": "out of stock"},
    "gift_box": {"zh": "有礼盒", "en": "gift box"},
    "shelf_life": {"zh": "保质期{days}天", "en": "keeps {days} days"},
    "cold_chain": {"zh": "冷链配送", "en": "cold-chain delivery"},
    "confidence": {"zh": "照片匹配 {pct}%", "en": "photo match {pct}%"},
    "why": {"zh": "推荐理由", "en": "Why"},
    "lat_asr": {"zh": "识别", "en": "ASR"},
    "lat_first_token": {"zh": "首字", "en": "first token"},
    "lat_first_audio": {"zh": "首段语音", "en": "first audio"},
    "lat_total": {"zh": "总计", "en": "total"},
    "lat_photo": {"zh": "看图", "en": "photo"},
    "empty_recording": {
        "zh": "没有录到声音，请按住说话按钮再说一次。",
        "en": "Nothing was recorded. Press the talk button and ask again.",
    },
    "mic_denied": {
        "zh": "没法使用麦克风（浏览器没有授权）。您可以打字提问，或在浏览器设置里允许麦克风。",
        "en": "The microphone isn't available (permission denied). You can type your question, or allow the "
        "microphone in the browser settings.",
    },
    "busy": {"zh": "上一个问题还在回答，已为您停止。", "en": "Stopped the previous answer for your new question."},
}


def t(key: str, lang: str, **kw: object) -> str:
    """The page's text for ``key`` in ``lang`` (zh or en)."""
    return UI[key]["zh" if lang == "zh" else "en"].format(**kw)
