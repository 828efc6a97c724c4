"""Closed vocabularies of the data model.

Open-ended lists (partner types, problem types, tactics) are reference data in ``resources/``,
not enums, so a force can extend them without a release.
"""

from enum import StrEnum


class AreaKind(StrEnum):
    """What a boundary is."""

    FORCE = "force"
    LOCAL_AUTHORITY = "local_authority"
    WARD = "ward"
    LSOA = "lsoa"
    BEAT = "beat"
    NEIGHBOURHOOD = "neighbourhood"
    JAG_AREA = "jag_area"
    CUSTOM = "custom"


class HotspotStatus(StrEnum):
    """The life of a problem location, in workflow order."""

    NOMINATED = "nominated"
    OPEN = "open"
    MONITORING = "monitoring"
    CLOSED = "closed"


class Rag(StrEnum):
    """Red / amber / green rating the JAG gives a hotspot."""

    RED = "red"
    AMBER = "amber"
    GREEN = "green"


class AsbCategory(StrEnum):
    """The three ASB categories used by forces since 2011 (personal, nuisance, environmental)."""

    PERSONAL = "personal"
    NUISANCE = "nuisance"
    ENVIRONMENTAL = "environmental"


class PlanStatus(StrEnum):
    """Whether a problem-solving plan is being worked or has been evaluated and closed."""

    DRAFT = "draft"
    ACTIVE = "active"
    CLOSED = "closed"


class ActionStatus(StrEnum):
    """Progress of a partner action."""

    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CANCELLED = "cancelled"

    @property
    def is_finished(self) -> bool:
        """Whether the action no longer needs doing."""
        return self in (ActionStatus.DONE, ActionStatus.CANCELLED)


class PatSide(StrEnum):
    """The sides of the Problem Analysis Triangle and their controllers."""

    VICTIM = "victim"
    OFFENDER = "offender"
    LOCATION = "location"
    GUARDIAN = "guardian"
    HANDLER = "handler"
    MANAGER = "manager"


class IncidentSource(StrEnum):
    """Where an incident record came from."""

    POLICE_UK = "police.uk"
    MANUAL = "manual"
    PARTNER = "partner"


class MeetingStatus(StrEnum):
    """Whether a JAG meeting is ahead or has been held."""

    PLANNED = "planned"
    HELD = "held"


class Attendance(StrEnum):
    """How a partner took part in a meeting."""

    PRESENT = "present"
    APOLOGIES = "apologies"
    ABSENT = "absent"


class AuditClass(StrEnum):
    """The kinds of processing the Data Protection Act 2018 s.62 asks to be logged."""

    COLLECTION = "collection"
    ALTERATION = "alteration"
    CONSULTATION = "consultation"
    DISCLOSURE = "disclosure"
    COMBINATION = "combination"
    ERASURE = "erasure"
