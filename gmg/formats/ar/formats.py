# Digits 0-9 as in the group's references and dates; CLDR's Arabic separators for them
# (Django's Arabic formats group nothing and write the decimal comma).
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
