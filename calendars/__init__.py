"""iCalendar: recurrence to and from RRULE now; published feeds and imports build on it.
Uses `models`, never the web layer."""
