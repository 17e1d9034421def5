"""Words a posting's terms leave out: English function words and a posting's boilerplate.

Compared after `coverage.normalize` (case folded, plurals made singular), so
plural forms that survive as themselves (`this` → `thi`) are listed as normalised.
"""

from __future__ import annotations

_ENGLISH = """
a about above after again against all almost also am an and any are aren around as at be because been
before being below between both but by can cannot could did do doe doing don down during each either
else ever every few for from further get got had hadn has hasn have haven having he her here hers herself
him himself hi his how however i if in into is isn it its itself just least less let like ll made make
many may me might more most much must my myself neither no nor not now of off often on once one only or
other otherwise our ours ourselves out over own per rather re really same shall she should so some such
than that the their theirs them themselves then there therefore these they thi this those though through
thu thus to too toward u under until up upon us ve very via wa was we well were what whatever when where
whether which while who whom whose why will with within without won would yet you your yours yourself
yourselves s t d m o y etc e g ie eg vs
"""

# Words every posting uses that say nothing about the job.
_POSTING = """
looking seeking want need role position candidate candidates ideal ideally someone individual people
including include across able ability strong excellent great good new year years plus preferred bonus
job company team work working apply applicant opportunity use used using
"""

STOP_WORDS: frozenset[str] = frozenset(_ENGLISH.split()) | frozenset(_POSTING.split())
