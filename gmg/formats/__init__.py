"""Number separators of the Unicode CLDR where Django's own formats differ
(settings.FORMAT_MODULE_PATH); everything else is Django's, per language."""
