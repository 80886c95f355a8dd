# CLDR: 1,234,567 (Django's Chinese formats group by four with no separator).
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
