"""The Coqui TTS backend (the design card's `TTS` package) on a tiny random-weight VITS that the test builds and
saves itself: the real save → load-by-path → synthesise code, no network, no hub."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from models.tts import TTSConfig, load_tts
from pipeline.config import load_config


def build_tiny_vits(out: Path) -> tuple[Path, Path]:
    import torch
    from TTS.tts.configs.shared_configs import CharactersConfig
    from TTS.tts.configs.vits_config import VitsConfig
    from TTS.tts.models.vits import Vits, VitsArgs

    args = VitsArgs(
        hidden_channels=16,
        hidden_channels_ffn_text_encoder=32,
        num_heads_text_encoder=2,
        num_layers_text_encoder=1,
        num_layers_flow=1,
        num_layers_posterior_encoder=1,
        resblock_kernel_sizes_decoder=[3],
        resblock_dilation_sizes_decoder=[[1, 3, 5]],
        upsample_rates_decoder=[8, 8, 4],
        upsample_initial_channel_decoder=16,
        upsample_kernel_sizes_decoder=[16, 16, 8],
        init_discriminator=False,
    )
    chars = CharactersConfig(
        characters_class="TTS.tts.utils.text.characters.Graphemes",
        pad="_",
        eos="~",
        bos="^",
        blank="#",
        characters="abcdefghijklmnopqrstuvwxyz",
        punctuations="!'(),-.:;? ",
    )
    cfg = VitsConfig(model_args=args, use_phonemes=False, text_cleaner="basic_cleaners", characters=chars)
    cfg.audio.sample_rate = 16000
    torch.manual_seed(0)
    model = Vits(cfg)
    out.mkdir(parents=True, exist_ok=True)
    torch.save({"model": model.state_dict(), "config": cfg.to_dict()}, out / "model.pth")
    cfg.save_json(str(out / "config.json"))
    return out / "model.pth", out / "config.json"


@pytest.fixture(scope="module")
def tiny_vits(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return build_tiny_vits(tmp_path_factory.mktemp("tiny-vits"))


def test_coqui_backend_loads_a_local_model_and_speaks(tiny_vits: tuple[Path, Path]) -> None:
    model_path, config_path = tiny_vits
    voice = load_tts(TTSConfig(backend="coqui", model_path=str(model_path), config_path=str(config_path)))
    short = voice.synthesize("hello")
    long = voice.synthesize("hello there, how are you today")
    assert short.sample_rate == 16000 and short.samples.dtype == np.int16
    assert len(short.samples) > 0 and len(long.samples) > len(short.samples)
    assert voice.name.startswith("coqui:")


def test_coqui_is_chosen_by_configuration(tiny_vits: tuple[Path, Path]) -> None:
    from pipeline.app import load_voice

    model_path, config_path = tiny_vits
    cfg = load_config(
        env={
            "XIAOER_TTS_EN_BACKEND": "coqui",
            "XIAOER_TTS_EN_MODEL_PATH": str(model_path),
            "XIAOER_TTS_EN_CONFIG_PATH": str(config_path),
        }
    )
    voice = load_voice(cfg.tts_en)
    assert voice.name.startswith("coqui:") and len(voice.synthesize("shop").samples) > 0


def test_coqui_without_a_local_model_says_so() -> None:
    with pytest.raises(ValueError, match="model_path and config_path"):
        load_tts(replace(TTSConfig(), backend="coqui"))
