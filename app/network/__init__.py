"""The network's set-up (web): libraries, places, staff accounts, my account. What other areas may
use is imported here; everything else in this folder is the area's own (tests/test_architecture.py)."""
