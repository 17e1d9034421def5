"""When an event happens: its `at` (a day, or a day and a time) and its time zone.

Pure functions used by the content models (model.py) as validators, and by
everything that places an event in time (the calendar, the call sheets, the
dashboard). Time zones are IANA names read by `zoneinfo`, with the `tzdata`
package as a dependency so they are known on every system.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

_AT = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?$")
DEFAULT_TIMEZONE = "UTC"


def parse_event_at(value: object) -> object:
    """Normalise an event's `at` to `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM`; refuse impossible ones."""
    if isinstance(value, dt.datetime):
        # A ValueError: pydantic reports it at the value (a TypeError would escape validation).
        raise ValueError("write the time as YYYY-MM-DDTHH:MM (no seconds, no space)")  # noqa: TRY004
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        match = _AT.match(value.strip())
        if match:
            year, month, day, hour, minute = match.groups()
            try:
                dt.date(int(year), int(month), int(day))
            except ValueError as exc:
                raise ValueError(f"`{value}` is not a real date ({exc})") from None
            if hour is not None and not (int(hour) <= 23 and int(minute) <= 59):
                raise ValueError(f"`{value}` is not a real time of day (00:00 to 23:59)")
            return value.strip()
    raise ValueError("expected YYYY-MM-DD or YYYY-MM-DDTHH:MM")


def check_timezone(value: str) -> str:
    """An IANA time zone name that zoneinfo knows (`America/New_York`), else a ValueError."""
    if zone_of(value) is None:
        message = f"unknown time zone `{value}`: use an IANA name like `America/New_York`"
        guess = difflib.get_close_matches(value, sorted(_known_zones()), n=1, cutoff=0.6)
        if guess:
            message += f"; did you mean `{guess[0]}`?"
        raise ValueError(message)
    return value


@cache
def zone_of(name: str) -> ZoneInfo | None:
    """The ZoneInfo of an IANA name, or None when there is no such zone."""
    if not name or name != name.strip() or name.startswith("/") or ".." in name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


@cache
def _known_zones() -> frozenset[str]:
    return frozenset(available_timezones())


def event_day(at: str) -> dt.date:
    """The calendar day written in an `at`."""
    return dt.date.fromisoformat(at[:10])


def event_start(at: str, timezone: str | None) -> dt.datetime | None:
    """The moment an `at` with a time begins, in its zone (None for a whole day)."""
    if len(at) <= 10:
        return None
    zone = zone_of(timezone or DEFAULT_TIMEZONE) or ZoneInfo(DEFAULT_TIMEZONE)
    return dt.datetime.fromisoformat(at).replace(tzinfo=zone)
