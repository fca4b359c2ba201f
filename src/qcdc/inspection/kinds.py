"""The words boards are described by: where a board sits (:class:`BoardKind`), a member's
:class:`Role`, the :class:`Terrain` of a commune and the :class:`Constituency` a member
of an investment supervision board represents; what a case is about (:class:`Subject`)
and how it reached the board (:class:`Origin`), with how a file names them.

They have a module of their own because several modules speak them: the boards
(:mod:`qcdc.inspection.boards`) and the rules they are checked against
(:mod:`qcdc.inspection.board_rules`), and the case objects (:mod:`qcdc.inspection.cases`)
and the reader of large case files, which the case objects' roll-ups use.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any

from qcdc.errors import InputError
from qcdc.inspection._fields import quote
from qcdc.text import nfc

__all__ = ["BoardKind", "Constituency", "Origin", "Role", "Subject", "Terrain"]


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


class Subject(enum.Enum):
    """What a case is about."""

    LAND = "đất đai"
    BUDGET = "ngân sách, tài chính"
    CONSTRUCTION = "xây dựng"
    SOCIAL_POLICY = "chính sách xã hội"
    COMPLAINTS = "khiếu nại, tố cáo"
    GRASSROOTS_DEMOCRACY = "thực hiện dân chủ ở cơ sở"
    OTHER = "khác"

    def __str__(self) -> str:
        return self.name.lower()


class Origin(enum.Enum):
    """How a case reached the board."""

    PETITION = "kiến nghị của công dân"
    OWN_PLAN = "kế hoạch của Ban"
    REFERRED = "được chuyển đến"

    def __str__(self) -> str:
        return self.name.lower()


def _enum_keys(enum_cls: type[enum.Enum]) -> dict[str, Any]:
    keys: dict[str, Any] = {}
    for member in enum_cls:
        keys[member.name.lower()] = member
        keys[nfc(str(member.value)).lower()] = member
    return keys


_SUBJECT_KEYS = _enum_keys(Subject)
_ORIGIN_KEYS = _enum_keys(Origin)


def _parse_enum(keys: Mapping[str, Any], text: object, field: str) -> Any:
    """By name (``land``) or by Vietnamese label, case-insensitive."""
    if isinstance(text, str):
        found = keys.get(text)
        if found is None:
            found = keys.get(nfc(text).strip().lower())
        if found is not None:
            return found
    choices = ", ".join(sorted({m.name.lower() for m in keys.values()}))
    raise InputError(f"must be one of {choices}, got {quote(text)}", field=field)
