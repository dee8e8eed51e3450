"""Outreach in Chromium."""
