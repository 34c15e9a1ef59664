"""The ``national`` demo preset: the whole country's scale (DOMAIN.md §11; PRODUCT.md "Scale").

34 provincial upper committees, about 55,000 grassroots organisations, 300,000 cells and
5.6 million members at ``scale=1``. The units are a list (a few hundred thousand rows); the
members are a generator, so the bulk services stream them into the database with COPY and
memory stays flat. Deterministic for a seed, like the other presets.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date

from chibo.core import demo_data
from chibo.members.services import MemberSpec
from chibo.organizations.services import BulkUnit
from chibo.rules.profiles import RegulationProfile

ROOT_CODE = "VN"
ORGS_PER_PROVINCE = 1618  # × 34 ≈ 55,000
CELLS_PER_ORG = (2, 9)  # uniform: mean 5.5 → ≈ 300,000 cells
MEMBERS_PER_CELL = (6, 31)  # uniform: mean 18.5 → ≈ 5.6 million members
FOUNDED = date(1990, 2, 3)
CATEGORY_KEYS = ("admin", "dept", "agency", "hospital", "school", "university", "mass")


def plan_units(seed: int, scale: float) -> tuple[list[BulkUnit], dict[str, int]]:
    """The tree (root first, parents before children) and the number of members of each cell."""
    rng = random.Random(seed)
    units = [BulkUnit(ROOT_CODE, "Đảng bộ toàn quốc (dữ liệu mô phỏng)", "upper", None, FOUNDED)]
    cell_sizes: dict[str, int] = {}
    orgs = max(1, round(ORGS_PER_PROVINCE * scale))
    for p, province in enumerate(demo_data.PROVINCES_34, start=1):
        pcode = f"T{p:02d}"
        units.append(BulkUnit(pcode, f"Đảng bộ các cơ quan tỉnh {province}", "upper", ROOT_CODE, FOUNDED))
        for o in range(1, orgs + 1):
            ocode = f"{pcode}-{o:04d}"
            cells = rng.randint(*CELLS_PER_ORG)
            units.append(
                BulkUnit(
                    ocode,
                    f"Đảng bộ cơ sở số {o} tỉnh {province}",
                    "dang_bo_co_so",
                    pcode,
                    FOUNDED,
                    host_kind="administrative",
                    workers_count=rng.randint(40, 400),
                )
            )
            for c in range(1, cells + 1):
                ccode = f"{ocode}-{c:02d}"
                units.append(BulkUnit(ccode, f"Chi bộ {c}", "chi_bo", ocode, FOUNDED))
                cell_sizes[ccode] = rng.randint(*MEMBERS_PER_CELL)
    return units, cell_sizes


def member_rows(
    seed: int, cell_sizes: dict[str, int], rules: RegulationProfile
) -> Iterator[tuple[str, MemberSpec]]:
    """(cell code, spec) for every member, generated as they are consumed."""
    rng = random.Random(seed * 104729)
    for code, size in cell_sizes.items():
        for _ in range(size):
            yield (
                code,
                demo_data.member_spec(
                    rng,
                    rules=rules,
                    category_key=rng.choice(CATEGORY_KEYS),
                    workplace="",
                    home_town=rng.choice(demo_data.PROVINCES_34),
                    probationary=rng.random() < demo_data.PROBATIONARY_SHARE,
                ),
            )
