"""The production settings, plus a bare view to measure every page against."""

from gmg.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
