"""The public programme, poster, embed and feeds (web). What other areas may use is imported
here; everything else in this folder is the area's own (tests/test_architecture.py)."""
from app.publishing.feed_http import PublicFeedLane
from app.publishing.page_cache import PublicPageLane

__all__ = ["PublicFeedLane", "PublicPageLane"]
