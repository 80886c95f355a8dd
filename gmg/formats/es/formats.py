# CLDR: 1.234.567 (Django's Spanish formats use a space).
THOUSAND_SEPARATOR = "."
