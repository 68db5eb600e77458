"""Model families (asr, embed, llm, tts), each a small protocol plus backends loaded explicitly."""
