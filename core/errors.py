"""The errors services raise besides ``ValidationError`` and ``PermissionDenied``."""


class ConflictError(Exception):
    """Someone else saved the same object since this edit began."""
