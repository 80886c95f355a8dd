"""The meetings floor's pages: the rotation, the calendar, a meeting, delegations, feeds."""
