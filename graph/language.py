"""Which language a text is in (py3langid), to warn when it is not English: extraction reads English."""

from __future__ import annotations

import re

# English prose is a quarter function words; a text with this many of them is English, and
# py3langid (about a millisecond a text) is asked only about the others
_ENGLISH = frozenset("the of and to in a is that for on with by was as are it from be has this at".split())
_NAMES = {"fr": "French", "es": "Spanish", "pt": "Portuguese", "de": "German", "it": "Italian", "ar": "Arabic",
          "ru": "Russian", "zh": "Chinese", "nl": "Dutch", "sw": "Swahili", "am": "Amharic", "so": "Somali",
          "uk": "Ukrainian", "tr": "Turkish", "fa": "Persian", "ja": "Japanese", "ko": "Korean", "pl": "Polish"}
MIN_WORDS = 20  # shorter texts are not judged


def language_of(text: str) -> str:
    """The ISO 639-1 code of the text's language ("en" for a text too short to judge)."""
    words = re.findall(r"\w+", text[:3000].lower())
    if len(words) < MIN_WORDS or sum(w in _ENGLISH for w in words) >= 0.15 * len(words):
        return "en"
    import py3langid

    return py3langid.classify(text[:3000])[0]


def language_warning(name: str, text: str) -> str | None:
    """A one-line warning naming the text's language when it is not English; else None."""
    lang = language_of(text)
    if lang == "en":
        return None
    return f"{name}: the text looks {_NAMES.get(lang, lang)} ({lang}), not English; extraction reads English"
