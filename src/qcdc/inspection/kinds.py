"""The words boards are described by: where a board sits (:class:`BoardKind`), a member's
:class:`Role`, the :class:`Terrain` of a commune and the :class:`Constituency` a member
of an investment supervision board represents.

They have a module of their own because both the boards (:mod:`qcdc.inspection.boards`)
and the rules they are checked against (:mod:`qcdc.inspection.board_rules`) speak them,
and the boards check themselves against the shipped rules.
"""

from __future__ import annotations

import enum

from qcdc.errors import InputError
from qcdc.inspection._fields import quote
from qcdc.text import nfc

__all__ = ["BoardKind", "Constituency", "Role", "Terrain"]


class BoardKind(enum.Enum):
    """Where a board sits. Values are the Vietnamese description."""

    COMMUNE = "xã, phường, thị trấn"
    AGENCY = "cơ quan nhà nước, đơn vị sự nghiệp công lập"
    ENTERPRISE = "doanh nghiệp nhà nước"
    INVESTMENT_SUPERVISION = "giám sát đầu tư của cộng đồng"

    def __str__(self) -> str:
        return self.name.lower()


class Role(enum.Enum):
    """A member's role on a board."""

    HEAD = "Trưởng ban"
    DEPUTY = "Phó Trưởng ban"
    MEMBER = "Ủy viên"

    @classmethod
    def parse(cls, text: str | Role) -> Role:
        """From the Vietnamese title (any case, NFC or NFD) or the enum's name."""
        if isinstance(text, Role):
            return text
        key = nfc(text).strip().lower()
        for role in cls:
            if key in (role.value.lower(), role.name.lower()):
                return role
        if key in ("thành viên", "uỷ viên"):
            return cls.MEMBER
        raise InputError(
            f"role must be 'Trưởng ban', 'Phó Trưởng ban' or 'Ủy viên', got {quote(text)}",
            field="role",
        )


class Terrain(enum.Enum):
    """Terrain class used by the pre-2023 size rule (NĐ 159/2016)."""

    PLAINS = "đồng bằng"
    HILLS = "miền núi, trung du, hải đảo"


class Constituency(enum.Enum):
    """Whom a member of an investment supervision board represents (NĐ 59/2023 Điều 17)."""

    FRONT = "Ủy ban Mặt trận Tổ quốc Việt Nam cấp xã"
    INSPECTION_BOARD = "Ban Thanh tra nhân dân"
    RESIDENTS = "đại diện Nhân dân"
