"""Councils grouped by region: the region pages and the home page's groups."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...model import Region

if TYPE_CHECKING:
    from .council import CouncilView


@dataclass(frozen=True, slots=True)
class RegionGroup:
    region: Region
    councils: list[CouncilView]


def group_by_region(views: list[CouncilView]) -> list[RegionGroup]:
    groups = []
    for region in sorted(Region, key=lambda r: r.value):
        members = [view for view in views if view.council.region is region]
        if members:
            groups.append(RegionGroup(region, members))
    return groups
