"""Names: normalisation and script detection (transliteration grows here)."""
