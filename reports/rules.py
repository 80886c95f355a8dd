"""The reports count every agency's topics and list the rows behind the numbers (other
agencies' submitted topics among them): they are the secretariat's."""

import rules

from members.rules import is_secretariat

rules.add_perm("reports.view_reports", is_secretariat)
