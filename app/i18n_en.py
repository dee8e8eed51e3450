"""English for the interface strings (the Latvian text is the key)."""
STRINGS: dict[str, str] = {}
