"""Events this floor announces for the floors above.

``seed_demo``: sent by the ``seed_demo`` command after the members are in
place; a receiver adds its own demo data idempotently and returns how many
rows it created.
"""

from django.dispatch import Signal

seed_demo = Signal()
