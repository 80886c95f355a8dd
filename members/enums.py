from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SECRETARIAT = "secretariat", _("Secretariat")
    FOCAL_POINT = "focal_point", _("Focal point")
    PRINCIPAL = "principal", _("Principal (head of agency)")
    GUEST = "guest", _("Guest")
    # Agency staff named in a delegation by a focal point: no rights of their own, no
    # account until someone invites them.
    DELEGATE = "delegate", _("Delegate")

    @classmethod
    def member_roles(cls):
        """Roles that belong to a member agency."""
        return (cls.FOCAL_POINT, cls.PRINCIPAL)

    @classmethod
    def delegation_roles(cls):
        """Agency staff who can be in a delegation: its members and the delegates named."""
        return (cls.FOCAL_POINT, cls.PRINCIPAL, cls.DELEGATE)


class AgencyKind(models.TextChoices):
    SPECIALIZED = "specialized agency", _("Specialized agency")
    RELATED = "related organization", _("Related organization")
    SECRETARIAT_ENTITY = "UN secretariat entity", _("UN Secretariat entity")
    SUBSIDIARY = "UN subsidiary organ", _("UN subsidiary organ")
    FUND = "fund or programme", _("Fund or programme")
    INSTITUTE = "training and research institute", _("Training and research institute")
    REGIONAL = "regional commissions", _("Regional commissions")
    OTHER = "other", _("Other")


class Audience(models.TextChoices):
    FOCAL_POINTS = "focal_points", _("All focal points")
    PRINCIPALS = "principals", _("All principals")
    AGENCY = "agency", _("One agency's people")
