"""Growing pauses before trying again a peer that did not answer (an IMAP server, an SNMP device)."""

from __future__ import annotations

import datetime as dt


def retry_delay(failures: int, *, base: dt.timedelta, cap: dt.timedelta) -> dt.timedelta:
    """base · 2^(failures − 1), at most `cap`: the first failure waits `base`, the second twice that, and so on."""
    if failures < 1:
        return dt.timedelta(0)
    return min(base * 2 ** min(failures - 1, 30), cap)
