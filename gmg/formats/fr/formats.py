# CLDR: the narrow no-break space (espace fine insécable), 1 234 567.
THOUSAND_SEPARATOR = "\u202f"
