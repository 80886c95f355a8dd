"""The production settings, plus a bare view to measure every page against."""

from gmg.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

# The bench's clients are signed in by the bench itself: the second factor is not what it
# measures (the pages behind it are).
GMG_TWO_FACTOR_ENFORCED = False
