"""The community file's tables, as SQLAlchemy 2.x typed models.

A *Meeting* is what the window and the printouts call a "session"; the class is named
differently so it is never confused with a database session.
"""

from copdesk.models.base import Base
from copdesk.models.community import Community, CommunityLogo
from copdesk.models.meeting import AgendaItem, Attendance, AttendanceStatus, Meeting
from copdesk.models.member import Member, NameKeys
from copdesk.models.roster import (
    JourneyEvent,
    MemberItem,
    MemberRole,
    MemberTag,
    Organisation,
    Role,
    Tag,
)

__all__ = [
    "AgendaItem",
    "Attendance",
    "AttendanceStatus",
    "Base",
    "Community",
    "CommunityLogo",
    "JourneyEvent",
    "Meeting",
    "Member",
    "MemberItem",
    "MemberRole",
    "MemberTag",
    "NameKeys",
    "Organisation",
    "Role",
    "Tag",
]
from copdesk.models import (
    charter,  # noqa: E402, F401  (the charter, 0004)
    participation,  # noqa: E402, F401  (contacted records, 0005)
    planning,  # noqa: E402, F401  (session planning tables, 0003)
)
