"""Before the call and after: events in time, call sheets, the calendar, posting coverage.

Everything here is rendered from a private View (generator/audience.py):
events, postings and contacts are the owner's alone.
"""
