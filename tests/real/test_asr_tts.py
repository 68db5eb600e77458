"""Whisper on real recorded speech and on the packaged voices; both voices; TTS→ASR round trips."""

from __future__ import annotations

import re

import numpy as np
import pytest
import zhconv

from models.asr import ASR
from models.tts import TTS
from tests.real.conftest import clip, phone_call, to_16k

pytestmark = pytest.mark.real


def words(s: str) -> list[str]:
    return re.findall(r"[a-z']+", s.lower())


def edit_rate(r: list[str], h: list[str]) -> float:
    """Levenshtein distance between token lists, over the reference length."""
    d = list(range(len(h) + 1))
    for i, rw in enumerate(r, 1):
        prev, d[0] = d[0], i
        for j, hw in enumerate(h, 1):
            prev, d[j] = d[j], min(d[j] + 1, d[j - 1] + 1, prev + (rw != hw))
    return d[len(h)] / max(1, len(r))


def wer(ref: str, hyp: str) -> float:
    return edit_rate(words(ref), words(hyp))


def syllables(text: str) -> list[str]:
    """Toneless pinyin: Whisper base often writes a homophone (辣肉 for 腊肉); the sound is what it heard."""
    from pypinyin import lazy_pinyin

    return lazy_pinyin(re.sub(r"[^\u4e00-\u9fff]", "", text))


def ser(ref: str, hyp: str) -> float:
    """Pinyin syllable error rate."""
    return edit_rate(syllables(ref), syllables(hyp))


@pytest.mark.parametrize("name", ["quick_brown_fox", "hello_world", "counting"])
def test_whisper_english_recorded_clips(real_asr: ASR, name: str) -> None:
    audio, ref = clip("en", name)
    got = real_asr.transcribe(audio)
    assert got.lang == "en"
    hyp = got.text.lower().replace("1", "one").replace("2", "two")
    assert wer(ref, hyp) <= 0.25 or name == "counting", (ref, got.text)
    if name == "counting":
        assert sum(w in got.text.lower() or str(i) in got.text for i, w in enumerate(words(ref), 1)) >= 7


@pytest.mark.parametrize("name", ["nihao_shijie", "jishu"])
def test_whisper_mandarin_recorded_clips_in_simplified(real_asr: ASR, name: str) -> None:
    audio, ref = clip("zh", name)
    got = real_asr.transcribe(audio)
    assert got.lang == "zh"
    assert got.text == zhconv.convert(got.text, "zh-cn")  # Simplified characters
    hyp = re.sub(r"\d", lambda m: "零一二三四五六七八九"[int(m.group(0))], got.text)
    assert ser(ref, hyp) <= 0.3, (ref, got.text)


def test_whisper_real_phone_call(real_asr: ASR) -> None:
    audio, rows = phone_call()
    seg = [r for r in rows if 12.5 <= r[0] and r[1] <= 21.6]
    start, end = seg[0][0] - 0.2, seg[-1][1] + 0.2
    got = real_asr.transcribe(audio[int(start * 16000) : int(end * 16000)])
    ref = " ".join(r[2] for r in seg)
    assert got.lang == "en"
    assert wer(ref, got.text) <= 0.35, (ref, got.text)


def test_silence_and_noise_give_no_transcript(real_asr: ASR) -> None:
    assert real_asr.transcribe(np.zeros(16000 * 2, dtype=np.float32)).text == ""
    rng = np.random.default_rng(0)
    noise = (rng.standard_normal(16000 * 2) * 0.05).astype(np.float32)
    assert real_asr.transcribe(noise).text == ""


@pytest.mark.parametrize(
    ("lang", "text", "min_s", "max_s"),
    [
        ("zh", "这款湘西烟熏腊肉七十八元，适合送给长辈。", 2.0, 7.0),
        ("en", "The smoked pork belly is seventy eight yuan.", 1.5, 5.0),
    ],
)
def test_voices_are_audible_and_plausibly_long(
    zh_voice: TTS, en_voice: TTS, lang: str, text: str, min_s: float, max_s: float
) -> None:
    voice = zh_voice if lang == "zh" else en_voice
    speech = voice.synthesize(text)
    seconds = len(speech.samples) / speech.sample_rate
    assert min_s <= seconds <= max_s
    rms = float(np.sqrt(np.mean(speech.samples.astype(np.float64) ** 2)))
    assert rms > 300  # int16 scale: clearly not silence
    assert speech.samples.dtype == np.int16


def test_round_trip_mandarin(zh_voice: TTS, real_asr: ASR) -> None:
    speech = zh_voice.synthesize("我想买湘西烟熏腊肉，送给爸爸妈妈。")
    got = real_asr.transcribe(to_16k(speech.samples, speech.sample_rate))
    assert got.lang == "zh"
    heard = " ".join(syllables(got.text))
    assert "la rou" in heard and "ba ba ma ma" in heard, got.text


def test_round_trip_english(en_voice: TTS, real_asr: ASR) -> None:
    speech = en_voice.synthesize("Do you have any green tea for my boss?")
    got = real_asr.transcribe(to_16k(speech.samples, speech.sample_rate))
    assert got.lang == "en"
    assert {"green", "tea", "boss"} <= set(words(got.text)), got.text


def test_espeak_fallback_speaks_mandarin() -> None:
    from models.tts import TTSConfig, load_tts

    v = load_tts(TTSConfig(backend="espeak", voice="cmn"))
    speech = v.synthesize("你好，欢迎光临。")
    assert len(speech.samples) / speech.sample_rate > 0.8
    assert np.abs(speech.samples).max() > 1000


def test_whisper_long_recording_uses_the_windowed_path(real_asr: ASR) -> None:
    audio, _ = phone_call()  # 30 s: longer than one short window
    got = real_asr.transcribe(audio)
    assert got.lang == "en" and got.speech_seconds > 20
    heard = got.text.lower()
    assert sum(w in heard for w in ("new jersey", "texas", "chicago", "yankee", "hello")) >= 4, got.text
