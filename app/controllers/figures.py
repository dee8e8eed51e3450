"""Upload of the library system's monthly figures (issue 5)."""
FIGURES_HANDLERS: list = []
