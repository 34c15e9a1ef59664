"""Demo data for ``manage.py seed_demo``: Vietnamese names, host units, and the plan of a demo tree.

Everything here is pure: ``build_plan(preset, seed)`` turns a seed into a tree of
``UnitPlan`` with its ``MemberSpec`` lists, drawing only from ``random.Random(seed)``
and fixed dates, so one seed always gives the same data. The command writes the
plan through the services.

The organisations are illustrative: the public bodies are named after real kinds of
units (departments, hospitals, newspapers), the private companies are invented, and
every person is generated. Founding dates are illustrative too.
"""

from __future__ import annotations

import math
import random
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import accumulate

from chibo.members.services import MemberSpec
from chibo.rules import members as member_rules
from chibo.rules import organizations as org_rules
from chibo.rules.party_age import add_months
from chibo.rules.profiles import RegulationProfile, profile_on

#: The day the demo data describes: probationary members were admitted in the 12 months
#: before it, and every member's membership of their cell is recorded from it.
REFERENCE_DATE = date(2026, 6, 1)
JOINED_ON = REFERENCE_DATE
#: Life-cycle events of the demo fall between JOINED_ON and this day (fixed: the data must not
#: depend on the day it is made).
LIFE_EVENTS_UNTIL = date(2026, 11, 2)


def life_event_day(step: int) -> date:
    """The demo's dates for life-cycle events: JOINED_ON + 2 weeks, then a month apart."""
    return JOINED_ON + timedelta(days=14 + 30 * step)


PROBATIONARY_SHARE = 0.065
PRESETS = ("small", "bloc", "central")


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _words(text: str) -> tuple[str, ...]:
    return tuple(_nfc(w) for w in text.split())


def _lines(text: str) -> tuple[str, ...]:
    return tuple(_nfc(line.strip()) for line in text.strip().splitlines() if line.strip())


# --- People ------------------------------------------------------------------------------------

#: Surnames with their approximate share in per cent (published national figures: Nguyễn
#: ~38%, Trần 11%, Lê 9.5%, Phạm 7%, Hoàng/Huỳnh 5%, Phan 4.5%, Vũ/Võ 3.9% …), with the
#: northern forms (Hoàng, Vũ) weighted over the southern ones (Huỳnh, Võ).
SURNAME_WEIGHTS: tuple[tuple[str, float], ...] = tuple(
    (_nfc(name), weight)
    for name, weight in (
        ("Nguyễn", 38.0),
        ("Trần", 11.0),
        ("Lê", 9.5),
        ("Phạm", 7.1),
        ("Hoàng", 4.2),
        ("Huỳnh", 0.9),
        ("Phan", 4.5),
        ("Vũ", 2.9),
        ("Võ", 1.0),
        ("Đặng", 2.1),
        ("Bùi", 2.0),
        ("Đỗ", 1.4),
        ("Hồ", 1.3),
        ("Ngô", 1.3),
        ("Dương", 1.0),
        ("Lý", 0.5),
        ("Đào", 0.9),
        ("Đinh", 0.9),
        ("Trịnh", 0.7),
        ("Mai", 0.6),
        ("Lương", 0.5),
        ("Lưu", 0.4),
        ("Tạ", 0.4),
        ("Cao", 0.5),
        ("Chu", 0.4),
        ("Hà", 0.5),
        ("Kiều", 0.2),
        ("Quách", 0.2),
        ("Nghiêm", 0.2),
        ("Tô", 0.3),
        ("Lại", 0.2),
        ("Vương", 0.2),
        ("Triệu", 0.2),
        ("Phùng", 0.3),
        ("Đoàn", 0.5),
        ("Doãn", 0.1),
        ("Khúc", 0.1),
        ("Lã", 0.1),
        ("Mạc", 0.1),
        ("Thái", 0.2),
        ("Tăng", 0.1),
        ("Nông", 0.2),
        ("Lò", 0.1),
        ("Hứa", 0.1),
    )
)
SURNAMES = tuple(name for name, _ in SURNAME_WEIGHTS)
SURNAME_CUM = tuple(accumulate(weight for _, weight in SURNAME_WEIGHTS))

MALE_MIDDLE = _words(
    "Văn Đức Minh Hữu Quang Xuân Công Thanh Mạnh Tuấn Ngọc Duy Trung Đình Anh Hồng Tiến Việt Hoàng Bá "
    "Quốc Thế Trọng Khắc Chí Huy Kim Phúc Hải Sỹ Gia"
)
FEMALE_MIDDLE = _words(
    "Thu Ngọc Thanh Minh Phương Hồng Thúy Kim Khánh Mai Diệu Bích Hải Hoài Lan Quỳnh Mỹ Bảo Thùy Vân "
    "Ánh Hương Phượng Như Tuyết Hà Lệ"
)
#: Second middle names after "Thị" (Nguyễn Thị Thu Hà).
FEMALE_SECOND_MIDDLE = _words("Thu Minh Thanh Ngọc Hồng Kim Thúy Phương Mai Lan Hải Bích Vân Hoài")
MALE_GIVEN = _words(
    "Anh Tuấn Hùng Dũng Hải Long Nam Minh Quân Đức Thắng Cường Hiếu Trung Hoàng Sơn Tùng Phong Thành Huy "
    "Khánh Lâm Bình Quang Tiến Vinh Hưng Đạt Hiệp Thịnh Toàn Kiên Lực Mạnh Nghĩa Phúc Tâm Thái Trọng "
    "Việt Duy Hòa Tú Hậu Chiến Tuyên Thuận Khải Bảo Định Giang Hà Hiển Khoa Lộc Luân Ngọc Nhật Phương "
    "Quý Quyết Tài Thọ Thông Toản Trường Tuệ Vũ Xuân Bằng Công Đông Hảo Hợp Kỳ Linh Sang Tân Thạch"
)
FEMALE_GIVEN = _words(
    "Lan Hương Hoa Hằng Huyền Linh Ngọc Nhung Thảo Trang Yến Mai Thủy Hà Hạnh Loan Phương Nga Hiền Thu "
    "Vân Anh Dung Giang Hòa Hồng Liên Ly Oanh Quyên Tâm Thơm Tuyết Uyên Xuân Duyên Chi Diệp Khánh "
    "Ngân Nhi Quỳnh Thúy Trâm Vy Bích Châu Đào Gấm Hậu Hiên Hường Lụa Lý Mơ Nguyệt Nhàn Phượng Sen Thêu "
    "Thoa Thắm Tươi Xuyến Yên"
)

PASSWORD_WORDS = _words(
    "hoasen lua tre mai dao cuc lan que song nui bien trang sao may gio nang mua dong xuan thu he "
    "chimen caphe cudao bongsen"
)


def full_name(rng: random.Random, sex: str, birth_year: int) -> str:
    """A Vietnamese full name (surname, middle name(s), given name), sex-consistent, in NFC."""
    surname = rng.choices(SURNAMES, cum_weights=SURNAME_CUM)[0]
    if sex == "F":
        thi = 0.8 if birth_year < 1970 else 0.6 if birth_year < 1985 else 0.4
        if rng.random() < thi:
            middle = "Thị " + rng.choice(FEMALE_SECOND_MIDDLE) if rng.random() < 0.2 else "Thị"
        else:
            middle = rng.choice(FEMALE_MIDDLE)
        givens = FEMALE_GIVEN
    else:
        van = 0.5 if birth_year < 1970 else 0.35 if birth_year < 1985 else 0.2
        middle = "Văn" if rng.random() < van else rng.choice(MALE_MIDDLE)
        givens = MALE_GIVEN
    given = rng.choice(givens)
    while given == middle.rsplit(" ", 1)[-1]:
        given = rng.choice(givens)
    return f"{surname} {middle} {given}"


def random_date(rng: random.Random, start: date, end: date) -> date:
    """A day in [start, end] (start when the range is empty)."""
    span = (end - start).days
    return start + timedelta(days=rng.randint(0, span)) if span > 0 else start


def _birth_date(rng: random.Random, age_low: int, age_high: int) -> date:
    """A birthday giving an age in [age_low, age_high] on ``REFERENCE_DATE``."""
    age = rng.randint(age_low, age_high)
    latest = add_months(REFERENCE_DATE, -12 * age)
    earliest = add_months(REFERENCE_DATE, -12 * (age + 1)) + timedelta(days=1)
    return random_date(rng, earliest, latest)


def _weighted(text: str) -> tuple[tuple[str, ...], tuple[float, ...]]:
    """``"a:3; b:1"`` → (("a", "b"), cumulative weights) for ``rng.choices``."""
    pairs = [item.rsplit(":", 1) for item in text.split(";")]
    names = tuple(_nfc(name.strip()) for name, _ in pairs)
    return names, tuple(accumulate(float(weight) for _, weight in pairs))


def _pick(rng: random.Random, weighted: tuple[tuple[str, ...], tuple[float, ...]]) -> str:
    return rng.choices(weighted[0], cum_weights=weighted[1])[0]


ETHNICITIES = _weighted(
    "Kinh:955; Tày:12; Mường:8; Thái:6; Nùng:5; Hoa:4; Khmer:3; Dao:2; Sán Dìu:2; H'Mông:1; Ê Đê:1; Chăm:1"
)
#: Occupation (nghề nghiệp) by host kind, and positions by kind of host unit.
JOBS = {
    "administrative": "Công chức",
    "public_service": "Viên chức",
    "state_enterprise": "Người lao động",
    "private_enterprise": "Người lao động",
    "other": "Cán bộ",
}
_OFFICE = (
    "Chuyên viên:45; Chuyên viên chính:25; Phó Trưởng phòng:10; Trưởng phòng:7; Chuyên viên cao cấp:3; "
    "Nhân viên:10"
)
_MASS = "Chuyên viên:50; Chuyên viên chính:18; Phó Trưởng ban:10; Trưởng ban:7; Nhân viên:15"
POSITIONS = {
    name: _weighted(text)
    for name, text in {
        "party": _OFFICE,
        "admin": _OFFICE,
        "dept": "Chuyên viên:45; Chuyên viên chính:30; Phó Vụ trưởng:6; Vụ trưởng:2; "
        "Chuyên viên cao cấp:7; Nhân viên:10",
        "agency": "Chuyên viên:40; Chuyên viên chính:20; Kiểm soát viên:10; Phó Trưởng phòng:12; "
        "Trưởng phòng:8; Nhân viên:10",
        "mass": _MASS,
        "veterans": _MASS,
        "women": _MASS,
        "hospital": "Bác sĩ:30; Điều dưỡng:35; Dược sĩ:6; Kỹ thuật viên:10; Hộ sinh:5; "
        "Phó Trưởng khoa:5; Trưởng khoa:4; Chuyên viên:5",
        "university": "Giảng viên:45; Giảng viên chính:20; Giảng viên cao cấp:5; Phó Trưởng khoa:4; "
        "Trưởng khoa:3; Chuyên viên:18; Nhân viên:5",
        "school": "Giảng viên:40; Giáo viên:20; Giảng viên chính:10; Trưởng khoa:4; Chuyên viên:20; "
        "Nhân viên:6",
        "research": "Nghiên cứu viên:45; Nghiên cứu viên chính:20; Nghiên cứu viên cao cấp:5; "
        "Phó Trưởng phòng:6; Trưởng phòng:6; Chuyên viên:18",
        "media": "Phóng viên:40; Biên tập viên:30; Kỹ thuật viên:10; Phó Trưởng ban:6; Trưởng ban:4; "
        "Chuyên viên:10",
        "center": "Viên chức:40; Chuyên viên:30; Kỹ thuật viên:15; Phó Trưởng phòng:8; Trưởng phòng:7",
        "culture": "Viên chức:30; Diễn viên:20; Thư viện viên:10; Chuyên viên:25; Phó Trưởng phòng:8; "
        "Trưởng phòng:7",
        "soe": "Kỹ sư:30; Công nhân:30; Kế toán viên:10; Nhân viên kinh doanh:10; Quản đốc:6; "
        "Phó Trưởng phòng:8; Trưởng phòng:6",
        "power": "Kỹ sư:35; Công nhân kỹ thuật điện:35; Nhân viên kinh doanh:10; Kế toán viên:6; "
        "Phó Trưởng phòng:8; Trưởng phòng:6",
        "bank": "Giao dịch viên:30; Cán bộ tín dụng:30; Kế toán viên:15; Kiểm soát viên:7; "
        "Phó Trưởng phòng:10; Trưởng phòng:8",
        "private": "Công nhân:40; Kỹ sư:20; Nhân viên văn phòng:20; Quản đốc:10; Trưởng phòng:10",
    }.items()
}
#: Professional education (``ProfessionalLevel`` values) by host kind.
EDUCATION = {
    name: _weighted(text)
    for name, text in {
        "administrative": "bachelor:62; master:32; doctor:3; college:3",
        "public_service": "bachelor:50; master:28; doctor:10; college:10; intermediate:2",
        "state_enterprise": "bachelor:55; college:15; intermediate:18; master:8; elementary:4",
        "private_enterprise": "bachelor:40; college:20; intermediate:25; elementary:15",
        "other": "bachelor:70; master:20; college:10",
    }.items()
}
#: Political theory (``TheoryLevel`` values): leaders, then by age.
THEORY_LEADER = _weighted("advanced:60; bachelor:10; intermediate:30")
THEORY_BY_AGE = (
    (30, _weighted("elementary:85; none:15")),
    (45, _weighted("elementary:45; intermediate:45; advanced:10")),
    (200, _weighted("elementary:15; intermediate:55; advanced:30")),
)
THEORY_PROBATIONARY = _weighted("elementary:90; none:10")
LEADER_WORDS = ("Trưởng", "trưởng", "Quản đốc")


def member_spec(
    rng: random.Random,
    *,
    rules: RegulationProfile,
    category_key: str,
    workplace: str,
    home_town: str,
    probationary: bool,
) -> MemberSpec:
    """One member, aged 21–74 on the reference date, with the usual register fields.

    Probationary members were admitted within the probation period before the reference
    date (still on probation then); official members years earlier. The ceremony follows
    the decision within the profile's deadline, and the official date is the end of
    probation (``chibo.rules.members.probation_end``). Admission ages within the profile's
    limits. No CCCD, phone or e-mail: generated ones could be real people's.
    """
    category = CATEGORIES[category_key]
    sex = "F" if rng.random() < category.female else "M"
    probation_start = add_months(REFERENCE_DATE, -rules.probation_months)
    ceremony_lag = timedelta(days=rng.randint(7, rules.ceremony_working_days))  # calendar ≤ working days
    if probationary:
        birth = _birth_date(rng, 21, 38) if rng.random() < 0.93 else _birth_date(rng, 39, 50)
        admitted = random_date(rng, probation_start + timedelta(days=1), REFERENCE_DATE - timedelta(days=14))
        ceremony = min(admitted + ceremony_lag, REFERENCE_DATE)
        official = None
    else:
        if category.senior:
            birth = _birth_date(rng, 55, 74)
        else:
            birth = _birth_date(rng, 24, 60) if rng.random() < 0.96 else _birth_date(rng, 61, 67)
        earliest = add_months(birth, rules.admission_age_min_months) + timedelta(days=30)
        latest = min(
            add_months(birth, rules.admission_age_max_months),
            probation_start - timedelta(days=rules.ceremony_working_days + 1),
        )
        admission_age = rng.triangular(18.5, 48.0, 25.0)
        admitted = birth + timedelta(days=int(admission_age * 365.25))
        admitted = min(max(admitted, earliest), latest)
        ceremony = admitted + ceremony_lag
        official = member_rules.probation_end(ceremony, rules)
    position = _pick(rng, POSITIONS[category_key])
    if probationary and any(word in position for word in LEADER_WORDS):
        position = POSITIONS[category_key][0][0]  # a new member leads nothing yet
    age = REFERENCE_DATE.year - birth.year
    if probationary:
        theory = _pick(rng, THEORY_PROBATIONARY)
    elif any(word in position for word in LEADER_WORDS):
        theory = _pick(rng, THEORY_LEADER)
    else:
        theory = _pick(rng, next(w for limit, w in THEORY_BY_AGE if age < limit))
    return MemberSpec(
        full_name=full_name(rng, sex, birth.year),
        status="probationary" if probationary else "official",
        birth_date=birth,
        sex=sex,
        admitted_on=admitted,
        ceremony_on=ceremony,
        official_on=official,
        ethnicity=_pick(rng, ETHNICITIES),
        home_town=home_town,
        education_general="10/10" if birth.year < 1972 and rng.random() < 0.6 else "12/12",
        education_professional=_pick(rng, EDUCATION[category.host_kind]),
        theory_level=theory,
        job=JOBS[category.host_kind],
        position=position,
        host_unit_name=workplace,
    )


# --- Host units --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Category:
    """A kind of host unit: its host kind, its usual party size, its staff and its departments."""

    host_kind: str
    size: tuple[int, int]  # members, drawn log-uniformly before scaling to the preset's total
    female: float
    member_ratio: float  # members per worker of the host unit
    groups: tuple[tuple[str, tuple[str, ...]], ...]  # (đảng bộ bộ phận, its departments)
    senior: bool = False

    @property
    def departments(self) -> tuple[str, ...]:
        return tuple(d for _, depts in self.groups for d in depts)


def _groups(*pairs: tuple[str, str]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((_nfc(group), tuple(_nfc(d.strip()) for d in depts.split(";"))) for group, depts in pairs)


_ADMIN_GROUPS = _groups(
    (
        "Khối Tham mưu",
        "Văn phòng; Phòng Tổ chức cán bộ; Phòng Kế hoạch – Tài chính; Phòng Pháp chế; Thanh tra",
    ),
    (
        "Khối Nghiệp vụ",
        "Phòng Tổng hợp; Phòng Quản lý chuyên ngành; Phòng Nghiệp vụ 1; Phòng Nghiệp vụ 2; "
        "Phòng Kiểm tra; Phòng Chính sách; Phòng Hợp tác quốc tế",
    ),
    (
        "Khối Sự nghiệp",
        "Trung tâm Thông tin; Trung tâm Dịch vụ công; Phòng Công nghệ thông tin; "
        "Phòng Truyền thông; Phòng Lưu trữ",
    ),
)
_AGENCY_GROUPS = _groups(
    (
        "Cơ quan Cục",
        "Văn phòng Cục; Phòng Tổ chức cán bộ; Phòng Kế hoạch – Tài chính; Phòng Pháp chế; "
        "Phòng Thanh tra – Kiểm tra; Phòng Tổng hợp",
    ),
    (
        "Khối Nghiệp vụ",
        "Phòng Nghiệp vụ 1; Phòng Nghiệp vụ 2; Phòng Nghiệp vụ 3; Phòng Quản lý rủi ro; "
        "Phòng Kiểm soát; Phòng Thống kê; Phòng Hợp tác quốc tế; Phòng Chính sách",
    ),
    (
        "Khối Đơn vị trực thuộc",
        "Trung tâm Công nghệ thông tin; Trung tâm Dữ liệu; Phòng Truyền thông; "
        "Chi cục khu vực 1; Chi cục khu vực 2; Chi cục khu vực 3",
    ),
)
_PARTY_GROUPS = _groups(
    ("Khối Tham mưu", "Phòng Tổng hợp; Phòng Nghiên cứu; Phòng Tổ chức – Cán bộ; Phòng Kiểm tra"),
    (
        "Khối Phục vụ",
        "Phòng Hành chính – Lưu trữ; Phòng Quản trị – Tài vụ; Phòng Công nghệ thông tin; Nhà khách",
    ),
)
_MASS_GROUPS = _groups(
    (
        "Cơ quan",
        "Văn phòng; Ban Tổ chức – Kiểm tra; Ban Tuyên giáo; Ban Phong trào; Ban Chính sách – Pháp luật; "
        "Ban Kinh tế – Xã hội; Ban Đối ngoại",
    ),
)
_HOSPITAL_GROUPS = _groups(
    (
        "Khối Nội",
        "Khoa Nội tổng hợp; Khoa Hồi sức tích cực – Chống độc; Khoa Tim mạch; Khoa Thần kinh; "
        "Khoa Nội tiết; Khoa Tiêu hóa; Khoa Truyền nhiễm; Khoa Nhi; Khoa Y học cổ truyền; "
        "Khoa Thận nhân tạo; Khoa Ung bướu",
    ),
    (
        "Khối Ngoại",
        "Khoa Ngoại tổng hợp; Khoa Chấn thương chỉnh hình; Khoa Phẫu thuật thần kinh; "
        "Khoa Gây mê hồi sức; Khoa Sản; Khoa Mắt; Khoa Tai Mũi Họng; Khoa Răng Hàm Mặt; Khoa Ngoại tiết niệu",
    ),
    (
        "Khối Cận lâm sàng",
        "Khoa Xét nghiệm; Khoa Chẩn đoán hình ảnh; Khoa Giải phẫu bệnh; Khoa Dược; "
        "Khoa Kiểm soát nhiễm khuẩn; Khoa Dinh dưỡng; Khoa Khám bệnh; Khoa Cấp cứu",
    ),
    (
        "Khối Hành chính",
        "Phòng Kế hoạch tổng hợp; Phòng Tổ chức cán bộ; Phòng Điều dưỡng; "
        "Phòng Tài chính kế toán; Phòng Hành chính quản trị; Phòng Vật tư – Thiết bị y tế; "
        "Phòng Quản lý chất lượng; Phòng Công tác xã hội",
    ),
)
_UNIVERSITY_GROUPS = _groups(
    (
        "Khối Hành chính",
        "Phòng Tổ chức cán bộ; Phòng Hành chính – Tổng hợp; Phòng Đào tạo; "
        "Phòng Kế hoạch – Tài chính; Phòng Quản lý khoa học; Phòng Công tác sinh viên; Thư viện; "
        "Phòng Thanh tra – Pháp chế; Trung tâm Khảo thí và Đảm bảo chất lượng",
    ),
    (
        "Khối Khoa học xã hội",
        "Khoa Kinh tế; Khoa Luật; Khoa Ngoại ngữ; Khoa Lý luận chính trị; "
        "Khoa Quản trị kinh doanh; Khoa Sư phạm; Khoa Ngữ văn; Khoa Lịch sử",
    ),
    (
        "Khối Khoa học tự nhiên và Kỹ thuật",
        "Khoa Công nghệ thông tin; Khoa Toán – Tin; Khoa Vật lý; "
        "Khoa Hóa học; Khoa Điện – Điện tử; Khoa Cơ khí; Khoa Xây dựng; Khoa Môi trường; Khoa Sinh học",
    ),
    (
        "Khối Sinh viên",
        "Sinh viên Khoa Kinh tế; Sinh viên Khoa Công nghệ thông tin; Sinh viên Khoa Luật; "
        "Sinh viên Khoa Sư phạm; Sinh viên Khoa Kỹ thuật; Học viên sau đại học",
    ),
)
_SCHOOL_GROUPS = _groups(
    (
        "Khối Khoa",
        "Khoa Lý luận cơ sở; Khoa Xây dựng Đảng; Khoa Nhà nước và pháp luật; Khoa Dân vận; "
        "Khoa Khoa học cơ bản; Khoa Chuyên ngành",
    ),
    (
        "Khối Phòng",
        "Phòng Tổ chức – Hành chính; Phòng Quản lý đào tạo; Phòng Quản lý khoa học; "
        "Phòng Tài vụ – Quản trị; Thư viện",
    ),
)
_RESEARCH_GROUPS = _groups(
    (
        "Khối Nghiên cứu",
        "Phòng Nghiên cứu lý luận; Phòng Nghiên cứu chính sách; Phòng Nghiên cứu ứng dụng; "
        "Phòng Thí nghiệm trọng điểm; Trung tâm Phân tích; Phòng Nghiên cứu cơ bản; Phòng Nghiên cứu quốc tế",
    ),
    (
        "Khối Quản lý",
        "Phòng Quản lý tổng hợp; Phòng Thông tin – Tư liệu; Phòng Hợp tác quốc tế; "
        "Phòng Quản lý khoa học; Trung tâm Đào tạo; Tạp chí",
    ),
)
_MEDIA_GROUPS = _groups(
    (
        "Khối Nội dung",
        "Ban Thư ký tòa soạn; Ban Thời sự; Ban Kinh tế; Ban Văn hóa – Xã hội; Ban Chính trị – "
        "Xã hội; Ban Bạn đọc; Ban Chuyên đề; Ban Quốc tế; Ban Thể thao; Ban Ảnh; Ban Nội dung số",
    ),
    ("Khối Kỹ thuật", "Phòng Kỹ thuật; Trung tâm Sản xuất chương trình; Ban Điện tử; Phòng Công nghệ"),
    (
        "Khối Quản lý",
        "Phòng Trị sự; Phòng Tổ chức – Hành chính; Phòng Quảng cáo – Phát hành; Văn phòng đại diện phía Nam",
    ),
)
_CENTER_GROUPS = _groups(
    (
        "Cơ quan",
        "Phòng Hành chính – Tổng hợp; Phòng Nghiệp vụ; Phòng Kỹ thuật; Phòng Dịch vụ; "
        "Phòng Kế hoạch – Tài chính",
    ),
)
_CULTURE_GROUPS = _groups(
    (
        "Cơ quan",
        "Phòng Hành chính – Tổng hợp; Phòng Nghiệp vụ; Phòng Trưng bày; Phòng Sưu tầm – Kiểm kê; "
        "Phòng Giáo dục – Công chúng; Phòng Bảo quản; Đoàn Nghệ thuật; Phòng Phục vụ bạn đọc",
    ),
)
_SOE_GROUPS = _groups(
    (
        "Khối Văn phòng",
        "Phòng Tổ chức – Hành chính; Phòng Tài chính – Kế toán; Phòng Kế hoạch – Kinh doanh; "
        "Phòng Kỹ thuật; Phòng Vật tư; Phòng An toàn",
    ),
    (
        "Khối Sản xuất",
        "Xí nghiệp số 1; Xí nghiệp số 2; Xí nghiệp số 3; Phân xưởng Cơ điện; "
        "Phân xưởng Sản xuất; Đội Thi công số 1; Đội Thi công số 2",
    ),
    (
        "Khối Chi nhánh",
        "Chi nhánh Hà Nội; Chi nhánh Hải Phòng; Chi nhánh Đà Nẵng; "
        "Chi nhánh Thành phố Hồ Chí Minh; Chi nhánh Cần Thơ",
    ),
)
_POWER_GROUPS = _groups(
    (
        "Cơ quan Công ty",
        "Phòng Kỹ thuật; Phòng Kinh doanh; Phòng Điều độ; Phòng Tổng hợp; "
        "Phòng Tài chính – Kế toán; Phòng Kế hoạch – Vật tư; Phòng An toàn",
    ),
    (
        "Khối Điện lực",
        "Điện lực Phố Hiến; Điện lực Mỹ Hào; Điện lực Văn Lâm; Điện lực Văn Giang; "
        "Điện lực Yên Mỹ; Điện lực Khoái Châu; Điện lực Ân Thi; Điện lực Kim Động; Điện lực Tiên Lữ",
    ),
    (
        "Khối Sản xuất",
        "Đội Quản lý vận hành lưới điện cao thế; Đội Sửa chữa – Thí nghiệm; Trung tâm Chăm sóc khách hàng",
    ),
)
_BANK_GROUPS = _groups(
    (
        "Cơ quan",
        "Phòng Khách hàng doanh nghiệp; Phòng Khách hàng cá nhân; Phòng Kế toán – Ngân quỹ; "
        "Phòng Tổng hợp; Phòng Quản lý rủi ro; Phòng Hành chính – Nhân sự",
    ),
    (
        "Khối Phòng giao dịch",
        "Phòng Giao dịch Phố Hiến; Phòng Giao dịch Mỹ Hào; Phòng Giao dịch Văn Lâm; "
        "Phòng Giao dịch Yên Mỹ; Phòng Giao dịch Khoái Châu",
    ),
)
_PRIVATE_GROUPS = _groups(
    ("Khối Văn phòng", "Khối Văn phòng; Phòng Hành chính – Nhân sự; Phòng Kinh doanh; Phòng Kỹ thuật"),
    ("Khối Sản xuất", "Phân xưởng số 1; Phân xưởng số 2; Nhà máy số 1; Nhà máy số 2"),
)

CATEGORIES: dict[str, Category] = {
    "party": Category("administrative", (8, 40), 0.45, 0.9, _PARTY_GROUPS),
    "admin": Category("administrative", (20, 110), 0.45, 0.6, _ADMIN_GROUPS),
    "dept": Category("administrative", (12, 40), 0.5, 0.75, _ADMIN_GROUPS),
    "agency": Category("administrative", (35, 260), 0.45, 0.55, _AGENCY_GROUPS),
    "mass": Category("other", (8, 35), 0.5, 0.6, _MASS_GROUPS),
    "veterans": Category("other", (8, 25), 0.1, 0.8, _MASS_GROUPS, senior=True),
    "women": Category("other", (8, 30), 0.95, 0.6, _MASS_GROUPS),
    "hospital": Category("public_service", (80, 650), 0.62, 0.25, _HOSPITAL_GROUPS),
    "university": Category("public_service", (80, 800), 0.5, 0.5, _UNIVERSITY_GROUPS),
    "school": Category("public_service", (20, 90), 0.55, 0.6, _SCHOOL_GROUPS),
    "research": Category("public_service", (20, 150), 0.45, 0.5, _RESEARCH_GROUPS),
    "media": Category("public_service", (25, 330), 0.45, 0.45, _MEDIA_GROUPS),
    "center": Category("public_service", (8, 50), 0.5, 0.4, _CENTER_GROUPS),
    "culture": Category("public_service", (12, 70), 0.55, 0.35, _CULTURE_GROUPS),
    "soe": Category("state_enterprise", (40, 450), 0.3, 0.17, _SOE_GROUPS),
    "power": Category("state_enterprise", (100, 400), 0.2, 0.3, _POWER_GROUPS),
    "bank": Category("state_enterprise", (25, 120), 0.55, 0.35, _BANK_GROUPS),
    "private": Category("private_enterprise", (5, 40), 0.4, 0.05, _PRIVATE_GROUPS),
}

#: Departments of particular host units (used before their category's list).
HOST_DEPARTMENTS: dict[str, tuple[str, ...]] = {
    _nfc(host): tuple(_nfc(d.strip()) for d in depts.split(";"))
    for host, depts in {
        "Sở Tài chính": "Văn phòng; Phòng Quản lý ngân sách; Phòng Tài chính doanh nghiệp; "
        "Phòng Tổ chức cán bộ; Thanh tra; Phòng Quản lý giá và công sản; Phòng Tài chính đầu tư; "
        "Phòng Tài chính hành chính sự nghiệp",
        "Sở Y tế": "Văn phòng; Phòng Tổ chức cán bộ; Phòng Nghiệp vụ Y; Phòng Nghiệp vụ Dược; Thanh tra; "
        "Phòng Kế hoạch – Tài chính; Chi cục Dân số",
        "Sở Giáo dục và Đào tạo": "Văn phòng; Phòng Tổ chức cán bộ; Phòng Giáo dục Trung học; "
        "Phòng Giáo dục Tiểu học; Phòng Giáo dục Mầm non; Phòng Khảo thí và Quản lý chất lượng; Thanh tra",
        "Sở Nội vụ": "Văn phòng; Phòng Tổ chức, biên chế; Phòng Công chức, viên chức; "
        "Phòng Xây dựng chính quyền; Ban Thi đua – Khen thưởng; Chi cục Văn thư – Lưu trữ; "
        "Phòng Lao động – Việc làm",
    }.items()
}

PROVINCE = _nfc("Hưng Yên")
PROVINCE_PLACES = _words(
    "Phố_Hiến Mỹ_Hào Văn_Lâm Văn_Giang Yên_Mỹ Khoái_Châu Ân_Thi Kim_Động Phù_Cừ Tiên_Lữ Quỳnh_Phụ Hưng_Hà "
    "Đông_Hưng Thái_Thụy Tiền_Hải Kiến_Xương Vũ_Thư Như_Quỳnh Phố_Nối Lạc_Đạo"
)
PROVINCE_PLACES = tuple(p.replace("_", " ") for p in PROVINCE_PLACES)

#: The host units of a provincial bloc: "name@category" (the category of each line's block
#: otherwise). Names without the province get "tỉnh Hưng Yên" in the host name.
BLOC_HOSTS = {
    "party": _lines("""
        Văn phòng Tỉnh ủy
        Ban Tổ chức Tỉnh ủy
        Ủy ban Kiểm tra Tỉnh ủy
        Ban Tuyên giáo Tỉnh ủy
        Ban Dân vận Tỉnh ủy
        Ban Nội chính Tỉnh ủy
        Cơ quan Đảng ủy Khối
        Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh
        Văn phòng Ủy ban nhân dân tỉnh
    """),
    "admin": _lines("""
        Sở Tài chính
        Sở Kế hoạch và Đầu tư
        Sở Nội vụ
        Sở Tư pháp
        Sở Công Thương
        Sở Xây dựng
        Sở Giao thông vận tải
        Sở Nông nghiệp và Phát triển nông thôn
        Sở Tài nguyên và Môi trường
        Sở Y tế
        Sở Giáo dục và Đào tạo
        Sở Khoa học và Công nghệ
        Sở Thông tin và Truyền thông
        Sở Văn hóa, Thể thao và Du lịch
        Sở Lao động – Thương binh và Xã hội
        Sở Ngoại vụ
        Thanh tra tỉnh
        Ban Quản lý các khu công nghiệp tỉnh
    """),
    "agency": _lines("""
        Cục Thuế tỉnh
        Kho bạc Nhà nước tỉnh
        Cục Thống kê tỉnh
        Bảo hiểm xã hội tỉnh
        Ngân hàng Nhà nước chi nhánh tỉnh
        Cục Quản lý thị trường tỉnh
        Chi cục Kiểm lâm tỉnh
    """),
    "mass": _lines("""
        Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh
        Tỉnh đoàn
        Hội Liên hiệp Phụ nữ tỉnh@women
        Hội Nông dân tỉnh
        Hội Cựu chiến binh tỉnh@veterans
        Liên đoàn Lao động tỉnh
        Liên minh Hợp tác xã tỉnh
        Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh
        Hội Chữ thập đỏ tỉnh
    """),
    "hospital": _lines("""
        Bệnh viện Đa khoa tỉnh Hưng Yên
        Bệnh viện Sản – Nhi Hưng Yên
        Bệnh viện Y dược cổ truyền Hưng Yên
        Bệnh viện Tâm thần kinh Hưng Yên
        Bệnh viện Phổi Hưng Yên
        Bệnh viện Mắt Hưng Yên
        Bệnh viện Đa khoa tỉnh Thái Bình
        Bệnh viện Nhi Thái Bình
        Bệnh viện Đa khoa Phố Nối
    """),
    "school": _lines("""
        Trường Chính trị tỉnh Hưng Yên
        Trường Cao đẳng Y tế Hưng Yên
        Trường Cao đẳng Cộng đồng Hưng Yên
        Trường Trung học phổ thông Chuyên Hưng Yên
        Trường Trung học phổ thông Chuyên Thái Bình
        Trường Đại học Thái Bình@university
    """),
    "media": _lines("""
        Báo Hưng Yên
        Đài Phát thanh và Truyền hình Hưng Yên
    """),
    "center": _lines("""
        Trung tâm Kiểm soát bệnh tật tỉnh
        Trung tâm Phục vụ hành chính công tỉnh
        Ban Quản lý dự án đầu tư xây dựng công trình dân dụng và công nghiệp tỉnh
        Ban Quản lý dự án đầu tư xây dựng công trình giao thông tỉnh
        Quỹ Đầu tư phát triển tỉnh
        Trung tâm Xúc tiến đầu tư và Hỗ trợ doanh nghiệp tỉnh
        Thư viện tỉnh@culture
        Bảo tàng tỉnh@culture
        Trung tâm Văn hóa – Nghệ thuật tỉnh@culture
    """),
    "soe": _lines("""
        Công ty Điện lực Hưng Yên@power
        Công ty Điện lực Thái Bình@power
        Viễn thông Hưng Yên
        Viettel Hưng Yên
        Bưu điện tỉnh Hưng Yên
        Ngân hàng Nông nghiệp và Phát triển nông thôn chi nhánh tỉnh Hưng Yên@bank
        Ngân hàng TMCP Ngoại thương Việt Nam chi nhánh Hưng Yên@bank
        Ngân hàng TMCP Đầu tư và Phát triển Việt Nam chi nhánh Hưng Yên@bank
        Ngân hàng TMCP Công Thương Việt Nam chi nhánh Hưng Yên@bank
        Ngân hàng Chính sách xã hội chi nhánh tỉnh Hưng Yên@bank
        Công ty TNHH MTV Khai thác công trình thủy lợi Hưng Yên
        Công ty Cổ phần Nước sạch Hưng Yên
        Công ty TNHH MTV Xổ số kiến thiết Hưng Yên
        Công ty Cổ phần Môi trường và Công trình đô thị Hưng Yên
        Bảo Việt Hưng Yên@bank
    """),
}

#: Invented private companies: "Công ty {form} {industry} {place}".
PRIVATE_FORMS = _lines("""
    Cổ phần
    TNHH
""")
PRIVATE_INDUSTRIES = _lines("""
    May
    Nhựa
    Thép
    Dược phẩm
    Cơ khí
    Thực phẩm
    Bao bì
    Điện tử
    Vật liệu xây dựng
    Giấy
    Gỗ
    Da giày
    Dệt may
    Chế biến nông sản
    Xây dựng
    Vận tải
    Logistics
    Linh kiện ô tô
""")


def _province_host(name: str, category: str) -> str:
    if category == "private" or PROVINCE in name or "Thái Bình" in name or name == "Cơ quan Đảng ủy Khối":
        return name
    if name.endswith(("Tỉnh ủy", " tỉnh", "Tỉnh đoàn")):
        return f"{name} {PROVINCE}"
    return f"{name} tỉnh {PROVINCE}"


#: Central agencies: the upper-level committees under the root, with their units. Ministries
#: also get the common units of a ministry (Văn phòng, Vụ Tổ chức cán bộ …).
MINISTRY_COMMON = _lines("""
    Văn phòng
    Vụ Tổ chức cán bộ
    Vụ Pháp chế
    Vụ Hợp tác quốc tế
    Vụ Kế hoạch – Tài chính
    Thanh tra
    Trung tâm Thông tin
    Ban Quản lý dự án đầu tư xây dựng
    Vụ Thi đua – Khen thưởng
""")


def _roman(n: int) -> str:
    numerals = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out = ""
    for value, letters in numerals:
        count, n = divmod(n, value)
        out += letters * count
    return out


ROMAN = tuple(_roman(i) for i in range(1, 36))
PROVINCES_34 = _lines("""
    Hà Nội
    Huế
    Lai Châu
    Điện Biên
    Sơn La
    Lạng Sơn
    Quảng Ninh
    Thanh Hóa
    Nghệ An
    Hà Tĩnh
    Cao Bằng
    Tuyên Quang
    Lào Cai
    Thái Nguyên
    Phú Thọ
    Bắc Ninh
    Hưng Yên
    Hải Phòng
    Ninh Bình
    Quảng Trị
    Đà Nẵng
    Quảng Ngãi
    Gia Lai
    Khánh Hòa
    Lâm Đồng
    Đắk Lắk
    Thành phố Hồ Chí Minh
    Đồng Nai
    Tây Ninh
    Cần Thơ
    Vĩnh Long
    Đồng Tháp
    Cà Mau
    An Giang
""")


def province_label(province: str) -> str:
    cities = ("Hà Nội", "Huế", "Hải Phòng", "Đà Nẵng", "Cần Thơ")
    if province.startswith("Thành phố"):
        return province
    return f"thành phố {province}" if province in cities else f"tỉnh {province}"


def _series(template: str, labels: Iterable[str]) -> tuple[str, ...]:
    return tuple(_nfc(template.format(x)) for x in labels)


@dataclass(frozen=True)
class UpperSpec:
    name: str
    category: str  # of its units when their name does not tell
    ministry: bool
    units: tuple[str, ...]


def _upper(name: str, category: str, ministry: bool, units: str, *series: tuple[str, ...]) -> UpperSpec:
    listed = _lines(units)
    return UpperSpec(_nfc(name), category, ministry, listed + tuple(u for s in series for u in s))


CENTRAL_ROOT_UNITS = _lines("""
    Báo Nhân Dân
    Tạp chí Cộng sản
    Ban Đối ngoại Trung ương@dept
    Ban Nội chính Trung ương@dept
    Ban Chính sách, chiến lược Trung ương@dept
    Hội đồng Lý luận Trung ương@dept
    Nhà xuất bản Chính trị quốc gia Sự thật
    Cơ quan Đảng ủy Khối@party
    Văn phòng Chủ tịch nước@dept
    Bảo tàng Hồ Chí Minh@culture
    Liên hiệp các Hội Văn học nghệ thuật Việt Nam@mass
    Ngân hàng Phát triển Việt Nam@bank
    Báo Điện tử Đảng Cộng sản Việt Nam
    Hội Nhà báo Việt Nam@mass
    Hội Luật gia Việt Nam@mass
""")

CENTRAL_UPPERS: tuple[UpperSpec, ...] = (
    _upper(
        "Bộ Tài chính",
        "agency",
        True,
        """
        Vụ Ngân sách nhà nước@dept
        Vụ Chính sách thuế, phí và lệ phí@dept
        Vụ Tài chính – Kinh tế ngành@dept
        Vụ Đầu tư@dept
        Cục Quản lý nợ và Kinh tế đối ngoại
        Cục Quản lý giá
        Cục Quản lý công sản
        Cục Quản lý, giám sát kế toán, kiểm toán
        Cục Quản lý, giám sát bảo hiểm
        Cục Tin học và Thống kê tài chính
        Cục Thuế
        Cục Hải quan
        Kho bạc Nhà nước
        Cục Dự trữ Nhà nước
        Ủy ban Chứng khoán Nhà nước
        Cục Thống kê
        Bảo hiểm xã hội Việt Nam
        Học viện Tài chính
        Viện Chiến lược và Chính sách kinh tế – tài chính
        Thời báo Tài chính Việt Nam
        Tạp chí Tài chính
        Nhà xuất bản Tài chính
    """,
        _series("Chi cục Dự trữ Nhà nước khu vực {}", ROMAN[:15]),
        _series("Kho bạc Nhà nước khu vực {}", ROMAN[:20]),
        _series("Chi cục Hải quan khu vực {}", ROMAN[:20]),
        _series("Bảo hiểm xã hội khu vực {}", ROMAN[:35]),
        _series("Thuế {}", [province_label(p) for p in PROVINCES_34]),
        _series("Thống kê {}", [province_label(p) for p in PROVINCES_34]),
    ),
    _upper(
        "Bộ Tư pháp",
        "agency",
        True,
        """
        Vụ Các vấn đề chung về xây dựng pháp luật@dept
        Vụ Pháp luật hình sự – hành chính@dept
        Vụ Pháp luật dân sự – kinh tế@dept
        Cục Kiểm tra văn bản quy phạm pháp luật
        Cục Quản lý thi hành án dân sự
        Cục Hộ tịch, quốc tịch, chứng thực
        Cục Bổ trợ tư pháp
        Cục Trợ giúp pháp lý
        Cục Đăng ký quốc gia giao dịch bảo đảm
        Cục Công nghệ thông tin
        Trường Đại học Luật Hà Nội
        Học viện Tư pháp
        Báo Pháp luật Việt Nam
        Tạp chí Dân chủ và Pháp luật
        Nhà xuất bản Tư pháp
        Viện Khoa học pháp lý
        Trung tâm Lý lịch tư pháp quốc gia
    """,
        _series("Thi hành án dân sự {}", [province_label(p) for p in PROVINCES_34]),
        _series(
            "Trường Trung cấp Luật {}", ["Buôn Ma Thuột", "Đồng Hới", "Thái Nguyên", "Vị Thanh", "Tây Bắc"]
        ),
    ),
    _upper(
        "Bộ Công Thương",
        "agency",
        True,
        """
        Vụ Chính sách thương mại đa biên@dept
        Vụ Thị trường châu Á – châu Phi@dept
        Vụ Thị trường châu Âu – châu Mỹ@dept
        Cục Xuất nhập khẩu
        Cục Công nghiệp
        Cục Điện lực
        Cục Hóa chất
        Cục Phòng vệ thương mại
        Cục Thương mại điện tử và Kinh tế số
        Cục Quản lý và Phát triển thị trường trong nước
        Cục Xúc tiến thương mại
        Cục Cạnh tranh và Bảo vệ người tiêu dùng
        Viện Nghiên cứu chiến lược, chính sách Công Thương
        Trường Đại học Điện lực
        Trường Đại học Công nghiệp Hà Nội
        Trường Đại học Kinh tế – Kỹ thuật công nghiệp
        Báo Công Thương
        Tạp chí Công Thương
        Viện Cơ khí năng lượng và mỏ
        Viện Hóa học công nghiệp Việt Nam
        Viện Năng lượng
    """,
    ),
    _upper(
        "Bộ Nội vụ",
        "agency",
        True,
        """
        Vụ Tổ chức – Biên chế@dept
        Vụ Công chức – Viên chức@dept
        Vụ Chính quyền địa phương@dept
        Vụ Tiền lương@dept
        Cục Việc làm
        Cục Người có công
        Cục Quản lý lao động ngoài nước
        Cục Văn thư và Lưu trữ nhà nước
        Ban Thi đua – Khen thưởng Trung ương
        Học viện Hành chính và Quản trị công
        Trường Đại học Nội vụ Hà Nội
        Trường Đại học Lao động – Xã hội
        Viện Khoa học tổ chức nhà nước và lao động
        Tạp chí Tổ chức nhà nước và Lao động
        Báo Dân trí
        Trung tâm Lưu trữ quốc gia I@culture
        Trung tâm Lưu trữ quốc gia III@culture
    """,
    ),
    _upper(
        "Bộ Ngoại giao",
        "dept",
        True,
        """
        Vụ Tổng hợp kinh tế
        Vụ Châu Âu
        Vụ Châu Mỹ
        Vụ Đông Bắc Á
        Vụ Đông Nam Á – Nam Á – Nam Thái Bình Dương
        Vụ ASEAN
        Vụ Luật pháp và Điều ước quốc tế
        Vụ Thông tin báo chí
        Cục Lãnh sự@agency
        Cục Lễ tân Nhà nước@agency
        Cục Ngoại vụ@agency
        Ủy ban Nhà nước về người Việt Nam ở nước ngoài@agency
        Học viện Ngoại giao
        Ủy ban Biên giới quốc gia@agency
        Tạp chí Thế giới và Việt Nam
        Cục Phục vụ ngoại giao đoàn@agency
    """,
    ),
    _upper(
        "Bộ Y tế",
        "hospital",
        True,
        """
        Cục Quản lý khám, chữa bệnh@agency
        Cục Quản lý dược@agency
        Cục An toàn thực phẩm@agency
        Cục Phòng bệnh@agency
        Cục Khoa học công nghệ và Đào tạo@agency
        Cục Bà mẹ và Trẻ em@agency
        Bệnh viện Bạch Mai
        Bệnh viện Hữu nghị Việt Đức
        Bệnh viện K
        Bệnh viện Nhi Trung ương
        Bệnh viện Phụ sản Trung ương
        Bệnh viện E
        Bệnh viện Hữu Nghị
        Bệnh viện Bệnh Nhiệt đới Trung ương
        Bệnh viện Mắt Trung ương
        Bệnh viện Da liễu Trung ương
        Bệnh viện Nội tiết Trung ương
        Bệnh viện Lão khoa Trung ương
        Bệnh viện Phổi Trung ương
        Bệnh viện Răng Hàm Mặt Trung ương Hà Nội
        Bệnh viện Tai Mũi Họng Trung ương
        Bệnh viện Y học cổ truyền Trung ương
        Bệnh viện Châm cứu Trung ương
        Bệnh viện Tâm thần Trung ương 1
        Bệnh viện Đa khoa Trung ương Thái Nguyên
        Bệnh viện Trung ương Huế
        Bệnh viện Chợ Rẫy
        Bệnh viện Thống Nhất
        Bệnh viện C Đà Nẵng
        Bệnh viện 71 Trung ương
        Bệnh viện 74 Trung ương
        Bệnh viện Đa khoa Trung ương Cần Thơ
        Bệnh viện Đa khoa Trung ương Quảng Nam
        Bệnh viện Tâm thần Trung ương 2
        Bệnh viện Phong – Da liễu Trung ương Quy Hòa
        Bệnh viện Điều dưỡng – Phục hồi chức năng Trung ương
        Viện Huyết học – Truyền máu Trung ương
        Viện Vệ sinh dịch tễ Trung ương@research
        Viện Dinh dưỡng@research
        Viện Kiểm nghiệm thuốc Trung ương@research
        Viện Pasteur Nha Trang@research
        Trường Đại học Y Hà Nội@university
        Trường Đại học Dược Hà Nội@university
        Trường Đại học Y tế công cộng@university
        Báo Sức khỏe và Đời sống@media
    """,
    ),
    _upper(
        "Bộ Giáo dục và Đào tạo",
        "university",
        True,
        """
        Vụ Giáo dục Mầm non@dept
        Vụ Giáo dục Phổ thông@dept
        Vụ Giáo dục Đại học@dept
        Vụ Giáo dục nghề nghiệp và Giáo dục thường xuyên@dept
        Cục Quản lý chất lượng@agency
        Cục Nhà giáo và Cán bộ quản lý giáo dục@agency
        Cục Khoa học, Công nghệ và Thông tin@agency
        Trường Đại học Bách khoa Hà Nội
        Trường Đại học Kinh tế Quốc dân
        Trường Đại học Sư phạm Hà Nội
        Trường Đại học Xây dựng Hà Nội
        Trường Đại học Giao thông vận tải
        Trường Đại học Mỏ – Địa chất
        Trường Đại học Ngoại thương
        Trường Đại học Thương mại
        Trường Đại học Sư phạm Hà Nội 2
        Trường Đại học Mở Hà Nội
        Trường Đại học Hà Nội
        Trường Đại học Sư phạm Kỹ thuật Hưng Yên
        Trường Đại học Vinh
        Trường Đại học Quy Nhơn
        Trường Đại học Tây Nguyên
        Trường Đại học Cần Thơ
        Đại học Huế
        Đại học Đà Nẵng
        Đại học Thái Nguyên
        Trường Đại học Sư phạm Thành phố Hồ Chí Minh
        Trường Đại học Kinh tế Thành phố Hồ Chí Minh
        Trường Đại học Nông Lâm Thành phố Hồ Chí Minh
        Trường Đại học Sư phạm Kỹ thuật Thành phố Hồ Chí Minh
        Trường Đại học Luật Thành phố Hồ Chí Minh
        Trường Đại học Nha Trang
        Trường Đại học Tây Bắc
        Trường Đại học Mỹ thuật Công nghiệp
        Học viện Quản lý giáo dục
        Trường Đại học Sư phạm Nghệ thuật Trung ương
        Viện Khoa học Giáo dục Việt Nam@research
        Nhà xuất bản Giáo dục Việt Nam@media
        Báo Giáo dục và Thời đại@media
    """,
    ),
    _upper(
        "Bộ Xây dựng",
        "agency",
        True,
        """
        Vụ Quy hoạch – Kiến trúc@dept
        Vụ Kết cấu hạ tầng@dept
        Cục Kinh tế – Quản lý đầu tư xây dựng
        Cục Quản lý nhà và thị trường bất động sản
        Cục Đường bộ Việt Nam
        Cục Hàng hải và Đường thủy Việt Nam
        Cục Hàng không Việt Nam
        Cục Đường sắt Việt Nam
        Cục Đăng kiểm Việt Nam
        Cục Giám định nhà nước về chất lượng công trình xây dựng
        Trường Đại học Kiến trúc Hà Nội@university
        Trường Đại học Công nghệ Giao thông vận tải@university
        Viện Kiến trúc quốc gia
        Viện Khoa học công nghệ xây dựng
        Viện Chiến lược, phát triển giao thông vận tải
        Báo Xây dựng
        Báo Giao thông
        Học viện Cán bộ quản lý xây dựng và đô thị
        Ban Quản lý dự án Thăng Long@center
        Ban Quản lý dự án 2@center
        Ban Quản lý dự án đường Hồ Chí Minh@center
        Cảng vụ Hàng không miền Bắc
        Cảng vụ Hàng không miền Trung
        Cảng vụ Hàng không miền Nam
    """,
        _series("Khu Quản lý đường bộ {}", ROMAN[:4]),
        _series("Cảng vụ Đường thủy nội địa khu vực {}", ROMAN[:4]),
        _series(
            "Cảng vụ Hàng hải {}",
            [
                "Hải Phòng",
                "Quảng Ninh",
                "Nghệ An",
                "Đà Nẵng",
                "Quy Nhơn",
                "Nha Trang",
                "Vũng Tàu",
                "Thành phố Hồ Chí Minh",
                "Cần Thơ",
            ],
        ),
    ),
    _upper(
        "Bộ Nông nghiệp và Môi trường",
        "agency",
        True,
        """
        Cục Trồng trọt và Bảo vệ thực vật
        Cục Chăn nuôi và Thú y
        Cục Thủy sản và Kiểm ngư
        Cục Lâm nghiệp và Kiểm lâm
        Cục Quản lý đê điều và Phòng, chống thiên tai
        Cục Quản lý và Xây dựng công trình thủy lợi
        Cục Quản lý đất đai
        Cục Môi trường
        Cục Biến đổi khí hậu
        Cục Địa chất và Khoáng sản Việt Nam
        Cục Khí tượng Thủy văn
        Cục Biển và Hải đảo Việt Nam
        Cục Quản lý tài nguyên nước
        Trường Đại học Thủy lợi@university
        Trường Đại học Lâm nghiệp@university
        Trường Đại học Tài nguyên và Môi trường Hà Nội@university
        Viện Khoa học Nông nghiệp Việt Nam@research
        Viện Khoa học Thủy lợi Việt Nam@research
        Viện Chiến lược, Chính sách nông nghiệp và môi trường@research
        Báo Nông nghiệp và Môi trường@media
        Trung tâm Dự báo khí tượng thủy văn quốc gia
        Vườn quốc gia Cúc Phương@center
        Vườn quốc gia Ba Vì@center
        Vườn quốc gia Tam Đảo@center
        Vườn quốc gia Bạch Mã@center
        Vườn quốc gia Cát Tiên@center
        Vườn quốc gia Yok Đôn@center
    """,
        _series("Chi cục Kiểm dịch thực vật vùng {}", ROMAN[:9]),
        _series("Cơ quan Thú y vùng {}", ROMAN[:7]),
        _series(
            "Đài Khí tượng thủy văn khu vực {}",
            [
                "Tây Bắc",
                "Việt Bắc",
                "Đông Bắc",
                "Đồng bằng Bắc Bộ",
                "Bắc Trung Bộ",
                "Trung Trung Bộ",
                "Nam Trung Bộ",
                "Tây Nguyên",
                "Nam Bộ",
            ],
        ),
    ),
    _upper(
        "Bộ Khoa học và Công nghệ",
        "agency",
        True,
        """
        Vụ Khoa học xã hội, nhân văn và tự nhiên@dept
        Vụ Đánh giá, thẩm định và giám định công nghệ@dept
        Cục Sở hữu trí tuệ
        Cục Năng lượng nguyên tử
        Cục Viễn thông
        Cục Tần số vô tuyến điện
        Cục An toàn thông tin
        Cục Chuyển đổi số quốc gia
        Cục Bưu điện Trung ương
        Ủy ban Tiêu chuẩn Đo lường Chất lượng Quốc gia
        Viện Năng lượng nguyên tử Việt Nam@research
        Học viện Công nghệ Bưu chính Viễn thông@university
        Viện Chiến lược, Chính sách khoa học và công nghệ@research
        Báo Khoa học và Phát triển@media
        Báo VietNamNet@media
        Tạp chí Thông tin và Truyền thông@media
        Quỹ Phát triển khoa học và công nghệ quốc gia@center
        Trung tâm Internet Việt Nam@center
        Viện Đo lường Việt Nam@research
        Viện Ứng dụng công nghệ@research
        Tổng công ty Bưu điện Việt Nam@soe
    """,
        _series("Trung tâm Tần số vô tuyến điện khu vực {}", ROMAN[:8]),
        _series("Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng {}", ["1", "2", "3"]),
    ),
    _upper(
        "Bộ Văn hóa, Thể thao và Du lịch",
        "culture",
        True,
        """
        Cục Di sản văn hóa@agency
        Cục Nghệ thuật biểu diễn@agency
        Cục Điện ảnh@agency
        Cục Bản quyền tác giả@agency
        Cục Thể dục thể thao Việt Nam@agency
        Cục Du lịch Quốc gia Việt Nam@agency
        Cục Báo chí@agency
        Cục Xuất bản, In và Phát hành@agency
        Cục Phát thanh, truyền hình và thông tin điện tử@agency
        Bảo tàng Lịch sử quốc gia
        Thư viện Quốc gia Việt Nam
        Bảo tàng Mỹ thuật Việt Nam
        Nhà hát Tuồng Việt Nam
        Nhà hát Chèo Việt Nam
        Nhà hát Kịch Việt Nam
        Nhà hát Ca múa nhạc Việt Nam
        Học viện Âm nhạc quốc gia Việt Nam@university
        Trường Đại học Văn hóa Hà Nội@university
        Trường Đại học Mỹ thuật Việt Nam@university
        Trường Đại học Sân khấu – Điện ảnh Hà Nội@university
        Trường Đại học Thể dục thể thao Bắc Ninh@university
        Viện Văn hóa, Nghệ thuật quốc gia Việt Nam@research
        Báo Văn hóa@media
        Trung tâm Huấn luyện thể thao quốc gia Hà Nội@center
        Trung tâm Huấn luyện thể thao quốc gia Đà Nẵng@center
        Trung tâm Huấn luyện thể thao quốc gia Thành phố Hồ Chí Minh@center
        Trung tâm Huấn luyện thể thao quốc gia Cần Thơ@center
        Nhà hát Múa rối Việt Nam
        Nhà hát Nhạc vũ kịch Việt Nam
        Nhà hát Cải lương Việt Nam
        Làng Văn hóa – Du lịch các dân tộc Việt Nam
        Trung tâm Chiếu phim Quốc gia@culture
        Viện Phim Việt Nam@culture
    """,
    ),
    _upper(
        "Bộ Dân tộc và Tôn giáo",
        "dept",
        True,
        """
        Vụ Chính sách dân tộc
        Vụ Địa phương
        Ban Tôn giáo Chính phủ@agency
        Học viện Dân tộc@school
        Báo Dân tộc và Phát triển@media
        Tạp chí Dân tộc@media
    """,
    ),
    _upper(
        "Thanh tra Chính phủ",
        "agency",
        True,
        """
        Cục Phòng, chống tham nhũng, tiêu cực
        Cục Giám sát, thẩm định và xử lý sau thanh tra
        Cục Giải quyết khiếu nại, tố cáo
        Viện Chiến lược và Khoa học thanh tra@research
        Trường Cán bộ Thanh tra@school
        Báo Thanh tra@media
    """,
        _series("Cục Thanh tra khu vực {}", ROMAN[:6]),
    ),
    _upper(
        "Ngân hàng Nhà nước Việt Nam",
        "agency",
        True,
        """
        Vụ Chính sách tiền tệ@dept
        Vụ Tín dụng các ngành kinh tế@dept
        Vụ Quản lý ngoại hối@dept
        Vụ Thanh toán@dept
        Vụ Ổn định tiền tệ – tài chính@dept
        Cục Quản lý, giám sát tổ chức tín dụng
        Sở Giao dịch
        Cục Phát hành và Kho quỹ
        Cục Công nghệ thông tin
        Học viện Ngân hàng@university
        Viện Chiến lược ngân hàng@research
        Thời báo Ngân hàng@media
        Tạp chí Ngân hàng@media
        Nhà máy In tiền Quốc gia@soe
        Bảo hiểm tiền gửi Việt Nam@bank
        Trung tâm Thông tin tín dụng Quốc gia@center
    """,
        _series("Ngân hàng Nhà nước chi nhánh khu vực {}", [str(i) for i in range(1, 16)]),
    ),
    _upper(
        "Văn phòng Chính phủ",
        "dept",
        False,
        """
        Vụ Tổng hợp
        Vụ Kinh tế tổng hợp
        Vụ Nông nghiệp
        Vụ Công nghiệp
        Vụ Khoa giáo – Văn xã
        Vụ Quan hệ quốc tế
        Vụ Đổi mới doanh nghiệp
        Vụ Pháp luật
        Vụ Thư ký – Biên tập
        Vụ Hành chính
        Vụ Tổ chức cán bộ
        Cục Quản trị@agency
        Cục Kiểm soát thủ tục hành chính@agency
        Cổng Thông tin điện tử Chính phủ@media
        Báo Điện tử Chính phủ@media
        Cục Hành chính – Quản trị II@agency
    """,
    ),
    _upper(
        "Kiểm toán Nhà nước",
        "agency",
        False,
        """
        Vụ Tổng hợp@dept
        Vụ Chế độ và Kiểm soát chất lượng kiểm toán@dept
        Vụ Tổ chức cán bộ@dept
        Văn phòng Kiểm toán Nhà nước
        Trung tâm Tin học@center
        Báo Kiểm toán@media
        Trường Đào tạo và Bồi dưỡng nghiệp vụ kiểm toán@school
    """,
        _series("Kiểm toán Nhà nước chuyên ngành {}", ROMAN[:7]),
        _series("Kiểm toán Nhà nước khu vực {}", ROMAN[:13]),
    ),
    _upper(
        "Tòa án nhân dân tối cao",
        "dept",
        False,
        """
        Vụ Giám đốc kiểm tra I
        Vụ Giám đốc kiểm tra II
        Vụ Giám đốc kiểm tra III
        Vụ Thống kê – Tổng hợp
        Vụ Tổ chức – Cán bộ
        Vụ Pháp chế và Quản lý khoa học
        Cục Kế hoạch – Tài chính@agency
        Văn phòng Tòa án nhân dân tối cao
        Học viện Tòa án@school
        Báo Công lý@media
        Tạp chí Tòa án nhân dân@media
        Tòa án nhân dân cấp cao tại Hà Nội@agency
        Tòa án nhân dân cấp cao tại Đà Nẵng@agency
        Tòa án nhân dân cấp cao tại Thành phố Hồ Chí Minh@agency
    """,
    ),
    _upper(
        "Viện Kiểm sát nhân dân tối cao",
        "dept",
        False,
        """
        Vụ Thực hành quyền công tố và kiểm sát điều tra án an ninh
        Vụ Thực hành quyền công tố và kiểm sát điều tra án trật tự xã hội
        Vụ Thực hành quyền công tố và kiểm sát điều tra án kinh tế
        Vụ Kiểm sát thi hành án dân sự
        Vụ Kiểm sát việc giải quyết các vụ án hành chính, kinh doanh, thương mại
        Vụ Hợp tác quốc tế và tương trợ tư pháp về hình sự
        Cơ quan Điều tra Viện Kiểm sát nhân dân tối cao@agency
        Văn phòng Viện Kiểm sát nhân dân tối cao
        Trường Đại học Kiểm sát Hà Nội@university
        Báo Bảo vệ pháp luật@media
        Tạp chí Kiểm sát@media
        Viện kiểm sát nhân dân cấp cao tại Hà Nội@agency
        Viện kiểm sát nhân dân cấp cao tại Đà Nẵng@agency
        Viện kiểm sát nhân dân cấp cao tại Thành phố Hồ Chí Minh@agency
        Viện Khoa học kiểm sát@research
    """,
    ),
    _upper(
        "Văn phòng Quốc hội",
        "dept",
        False,
        """
        Vụ Hành chính
        Vụ Tổng hợp
        Vụ Pháp luật
        Vụ Kinh tế
        Vụ Tài chính – Ngân sách
        Vụ Văn hóa – Xã hội
        Vụ Khoa học, Công nghệ và Môi trường
        Vụ Quốc phòng, An ninh và Đối ngoại
        Vụ Dân nguyện
        Vụ Công tác đại biểu
        Vụ Thông tin
        Vụ Phục vụ hoạt động giám sát
        Vụ Quản trị – Tài vụ
        Viện Nghiên cứu lập pháp@research
        Báo Đại biểu Nhân dân@media
        Truyền hình Quốc hội@media
        Tạp chí Nghiên cứu lập pháp@media
        Trung tâm Bồi dưỡng đại biểu dân cử@center
    """,
    ),
    _upper(
        "Văn phòng Trung ương Đảng",
        "party",
        False,
        """
        Vụ Tổng hợp
        Vụ Hành chính
        Vụ Lưu trữ
        Vụ Thư ký
        Cục Quản trị A@agency
        Cục Quản trị T.78@agency
        Cục Quản trị T.26@agency
        Cục Tài chính – Kế hoạch@agency
        Trung tâm Tin học@center
    """,
    ),
    _upper(
        "Ban Tổ chức Trung ương",
        "party",
        False,
        """
        Vụ Tổ chức – Điều lệ
        Vụ Cán bộ, đảng viên
        Vụ Chính sách cán bộ
        Vụ Bảo vệ chính trị nội bộ
        Vụ Địa phương I
        Vụ Địa phương II
        Vụ Địa phương III
        Vụ Tổng hợp
        Văn phòng Ban Tổ chức Trung ương
        Trung tâm Thông tin@center
        Tạp chí Xây dựng Đảng@media
    """,
    ),
    _upper(
        "Ủy ban Kiểm tra Trung ương",
        "party",
        False,
        """
        Vụ Địa phương I
        Vụ Địa phương II
        Vụ Địa phương III
        Vụ Tổng hợp
        Vụ Tổ chức cán bộ
        Văn phòng Ủy ban Kiểm tra Trung ương
        Tạp chí Kiểm tra@media
        Trung tâm Thông tin@center
    """,
    ),
    _upper(
        "Ban Tuyên giáo và Dân vận Trung ương",
        "party",
        False,
        """
        Vụ Lý luận chính trị
        Vụ Báo chí – Xuất bản
        Vụ Tuyên truyền
        Vụ Văn hóa – Văn nghệ
        Vụ Khoa giáo
        Vụ Dân vận các cơ quan nhà nước
        Vụ Dân tộc – Tôn giáo
        Vụ Địa phương
        Văn phòng Ban Tuyên giáo và Dân vận Trung ương
        Tạp chí Tuyên giáo@media
        Trung tâm Thông tin@center
    """,
    ),
    _upper(
        "Học viện Chính trị quốc gia Hồ Chí Minh",
        "school",
        False,
        """
        Học viện Chính trị khu vực I@university
        Học viện Chính trị khu vực II@university
        Học viện Chính trị khu vực III@university
        Học viện Chính trị khu vực IV@university
        Học viện Báo chí và Tuyên truyền@university
        Viện Xây dựng Đảng@research
        Viện Triết học@research
        Viện Kinh tế@research
        Viện Chính trị học@research
        Viện Lịch sử Đảng@research
        Viện Hồ Chí Minh và các lãnh tụ của Đảng@research
        Viện Nhà nước và Pháp luật@research
        Viện Quan hệ quốc tế@research
        Viện Văn hóa và Phát triển@research
        Tạp chí Lý luận chính trị@media
        Nhà xuất bản Lý luận chính trị@media
        Vụ Quản lý đào tạo@dept
        Vụ Quản lý khoa học@dept
        Văn phòng Học viện@dept
    """,
    ),
    _upper(
        "Đài Truyền hình Việt Nam",
        "media",
        False,
        """
        Ban Thời sự
        Ban Khoa giáo
        Ban Văn nghệ
        Ban Thể thao
        Ban Thanh thiếu niên
        Ban Truyền hình đối ngoại
        Trung tâm Sản xuất và Phát triển nội dung số
        Trung tâm Kỹ thuật sản xuất chương trình
        Trung tâm Tin tức VTV24
        Trung tâm Truyền hình Việt Nam tại Thành phố Hồ Chí Minh
        Trung tâm Truyền hình Việt Nam tại thành phố Huế
        Trung tâm Truyền hình Việt Nam tại thành phố Đà Nẵng
        Trung tâm Truyền hình Việt Nam tại thành phố Cần Thơ
        Trung tâm Truyền hình Việt Nam khu vực Tây Bắc
        Ban Tổ chức cán bộ@dept
        Văn phòng Đài Truyền hình Việt Nam@dept
        Ban Kế hoạch – Tài chính@dept
        Báo Truyền hình
    """,
    ),
    _upper(
        "Đài Tiếng nói Việt Nam",
        "media",
        False,
        """
        Ban Thời sự
        Ban Văn hóa – Xã hội
        Ban Âm nhạc
        Ban Dân tộc
        Ban Đối ngoại
        Ban Văn học – Nghệ thuật
        Kênh VOV Giao thông
        Truyền hình Tiếng nói Việt Nam
        Báo Điện tử VOV
        Trung tâm Kỹ thuật phát thanh
        Cơ quan thường trú khu vực miền Trung
        Cơ quan thường trú tại Thành phố Hồ Chí Minh
        Cơ quan thường trú khu vực Tây Nguyên
        Cơ quan thường trú khu vực Đồng bằng sông Cửu Long
        Cơ quan thường trú khu vực Tây Bắc
        Cơ quan thường trú khu vực Đông Bắc
        Văn phòng Đài Tiếng nói Việt Nam@dept
        Ban Tổ chức cán bộ@dept
        Trường Cao đẳng Phát thanh – Truyền hình I@school
    """,
    ),
    _upper(
        "Thông tấn xã Việt Nam",
        "media",
        False,
        """
        Ban Biên tập tin trong nước
        Ban Biên tập tin đối ngoại
        Ban Biên tập tin kinh tế
        Báo Tin tức và Dân tộc
        Báo Ảnh Việt Nam
        Báo Thể thao và Văn hóa
        Báo Le Courrier du Vietnam
        Báo Việt Nam News
        Trung tâm Thông tin tư liệu
        Trung tâm Kỹ thuật
        Trung tâm Truyền hình Thông tấn
        Cơ quan thường trú Thông tấn xã tại Thành phố Hồ Chí Minh
        Cơ quan thường trú Thông tấn xã tại Đà Nẵng
        Cơ quan thường trú Thông tấn xã tại Cần Thơ
        Văn phòng Thông tấn xã Việt Nam@dept
        Ban Tổ chức cán bộ@dept
    """,
    ),
    _upper(
        "Viện Hàn lâm Khoa học xã hội Việt Nam",
        "research",
        False,
        """
        Viện Sử học
        Viện Văn học
        Viện Ngôn ngữ học
        Viện Nghiên cứu Tôn giáo
        Viện Dân tộc học và Nhân học
        Viện Kinh tế Việt Nam và Thế giới
        Viện Xã hội học và Tâm lý học
        Viện Nghiên cứu Trung Quốc
        Viện Nghiên cứu Đông Nam Á
        Viện Nghiên cứu Hán Nôm
        Viện Khảo cổ học
        Viện Địa lý nhân văn và Phát triển bền vững
        Viện Thông tin Khoa học xã hội
        Viện Triết học và Khoa học chính trị
        Viện Nghiên cứu Nhà nước và Pháp luật
        Học viện Khoa học xã hội@university
        Bảo tàng Dân tộc học Việt Nam@culture
        Nhà xuất bản Khoa học xã hội@media
        Tạp chí Khoa học xã hội Việt Nam@media
        Văn phòng Viện Hàn lâm Khoa học xã hội Việt Nam@dept
    """,
    ),
    _upper(
        "Viện Hàn lâm Khoa học và Công nghệ Việt Nam",
        "research",
        False,
        """
        Viện Toán học
        Viện Vật lý
        Viện Hóa học
        Viện Công nghệ sinh học
        Viện Cơ học
        Viện Công nghệ thông tin
        Viện Khoa học vật liệu
        Viện Địa chất
        Viện Địa lý
        Viện Hải dương học
        Viện Sinh thái và Tài nguyên sinh vật
        Viện Vật lý địa cầu
        Viện Công nghệ môi trường
        Viện Hóa sinh biển
        Viện Khoa học và Công nghệ Năng lượng và Môi trường
        Viện Công nghệ vũ trụ
        Viện Nghiên cứu hệ gen
        Bảo tàng Thiên nhiên Việt Nam@culture
        Nhà xuất bản Khoa học tự nhiên và Công nghệ@media
        Trường Đại học Khoa học và Công nghệ Hà Nội@university
        Học viện Khoa học và Công nghệ@university
        Văn phòng Viện Hàn lâm Khoa học và Công nghệ Việt Nam@dept
    """,
    ),
    _upper(
        "Đại học Quốc gia Hà Nội",
        "university",
        False,
        """
        Trường Đại học Khoa học Tự nhiên
        Trường Đại học Khoa học Xã hội và Nhân văn
        Trường Đại học Ngoại ngữ
        Trường Đại học Công nghệ
        Trường Đại học Kinh tế
        Trường Đại học Giáo dục
        Trường Đại học Việt Nhật
        Trường Đại học Y Dược
        Trường Đại học Luật
        Trường Quốc tế
        Trường Quản trị và Kinh doanh
        Trường Khoa học liên ngành và Nghệ thuật
        Viện Trần Nhân Tông@research
        Trung tâm Phát triển hệ thống@center
        Nhà xuất bản Đại học Quốc gia Hà Nội@media
        Cơ quan Đại học Quốc gia Hà Nội@dept
        Trung tâm Giáo dục Quốc phòng và An ninh@center
    """,
    ),
    _upper(
        "Trung ương Đoàn Thanh niên Cộng sản Hồ Chí Minh",
        "mass",
        False,
        """
        Ban Tổ chức – Kiểm tra
        Ban Tuyên giáo
        Ban Phong trào
        Ban Công tác thiếu nhi
        Ban Quốc tế
        Văn phòng Trung ương Đoàn
        Báo Tiền Phong@media
        Báo Thanh Niên@media
        Báo Thiếu niên Tiền phong và Nhi đồng@media
        Nhà xuất bản Thanh niên@media
        Nhà xuất bản Kim Đồng@media
        Học viện Thanh thiếu niên Việt Nam@school
        Trung ương Hội Liên hiệp Thanh niên Việt Nam
        Trung ương Hội Sinh viên Việt Nam
    """,
    ),
    _upper(
        "Tổng Liên đoàn Lao động Việt Nam",
        "mass",
        False,
        """
        Ban Tổ chức
        Ban Chính sách – Pháp luật
        Ban Tuyên giáo
        Ban Tài chính
        Ban Quan hệ lao động
        Ban Nữ công@women
        Ban Đối ngoại
        Ủy ban Kiểm tra
        Văn phòng Tổng Liên đoàn
        Báo Lao Động@media
        Tạp chí Lao động và Công đoàn@media
        Nhà xuất bản Lao động@media
        Trường Đại học Công đoàn@university
        Viện Công nhân và Công đoàn@research
        Công đoàn Viên chức Việt Nam
        Công đoàn Giáo dục Việt Nam
        Công đoàn Y tế Việt Nam
        Công đoàn Công Thương Việt Nam
    """,
    ),
    _upper(
        "Cơ quan Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam",
        "mass",
        False,
        """
        Ban Tổ chức – Cán bộ
        Ban Dân chủ – Pháp luật
        Ban Phong trào
        Ban Dân tộc
        Ban Tôn giáo
        Ban Đối ngoại
        Ban Tuyên giáo
        Văn phòng Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam
        Báo Đại Đoàn Kết@media
        Tạp chí Mặt trận@media
        Trung tâm Bồi dưỡng cán bộ Mặt trận Tổ quốc Việt Nam@school
        Cơ quan Trung ương Hội Nông dân Việt Nam
        Báo Nông thôn Ngày nay@media
        Cơ quan Trung ương Hội Liên hiệp Phụ nữ Việt Nam@women
        Báo Phụ nữ Việt Nam@media
        Học viện Phụ nữ Việt Nam@university
        Cơ quan Trung ương Hội Cựu chiến binh Việt Nam@veterans
        Báo Cựu chiến binh Việt Nam@media
        Nhà xuất bản Phụ nữ Việt Nam@media
        Cơ quan Trung ương Hội Chữ thập đỏ Việt Nam
        Liên hiệp các Hội Khoa học và Kỹ thuật Việt Nam
        Liên hiệp các tổ chức hữu nghị Việt Nam
        Hội Nhà văn Việt Nam
    """,
    ),
)


def _split_category(entry: str, default: str) -> tuple[str, str]:
    name, _, category = entry.partition("@")
    return name, category or default


def _infer_category(name: str, default: str) -> str:
    """The category of a central unit from its name, falling back to its upper's."""
    rules = (
        (("Bệnh viện", "Viện Huyết học"), "hospital"),
        (("Trường Đại học", "Đại học", "Học viện", "Nhạc viện"), "university"),
        (("Trường",), "school"),
        (
            ("Báo", "Tạp chí", "Đài", "Nhà xuất bản", "Thời báo", "Truyền hình", "Cổng Thông tin", "Kênh"),
            "media",
        ),
        (("Bảo tàng", "Thư viện", "Nhà hát"), "culture"),
        (("Viện",), "research"),
        (("Trung tâm", "Quỹ", "Ban Quản lý dự án", "Vườn quốc gia"), "center"),
        (("Công ty", "Tổng công ty", "Nhà máy"), "soe"),
        (("Vụ",), "dept"),
        (
            (
                "Cục",
                "Kho bạc",
                "Thuế",
                "Thống kê",
                "Chi cục",
                "Bảo hiểm xã hội",
                "Kiểm toán",
                "Thi hành án",
                "Cảng vụ",
                "Khu Quản lý",
                "Ủy ban",
                "Cơ quan Thú y",
                "Ngân hàng Nhà nước",
            ),
            "agency",
        ),
    )
    for prefixes, category in rules:
        if name.startswith(prefixes):
            return category
    return default


# --- Plans -------------------------------------------------------------------------------------


@dataclass
class UnitPlan:
    """One unit to create, with its children and (for cells) its members."""

    code: str
    name: str
    level: str
    founded_on: date
    host_kind: str = "other"
    host_name: str = ""
    workers_count: int = 0
    has_committee: bool = False
    children: list[UnitPlan] = field(default_factory=list)
    members: list[MemberSpec] = field(default_factory=list)

    def walk(self) -> Iterator[UnitPlan]:
        """This unit and its descendants, parents first."""
        yield self
        for child in self.children:
            yield from child.walk()

    @property
    def official(self) -> int:
        return sum(1 for m in self.members if m.status == "official")

    def subtree_counts(self) -> tuple[int, int]:
        """(official, probationary) members of the subtree."""
        official = sum(u.official for u in self.walk())
        total = sum(len(u.members) for u in self.walk())
        return official, total - official


@dataclass(frozen=True)
class Host:
    name: str
    category: str
    host_name: str


@dataclass(frozen=True)
class OrgSpec:
    """A grassroots organisation to plan: its host, its members and its shape."""

    host: Host
    members: int
    level: str
    tiny: bool = False  # deliberately fewer than 3 official members


class Planner:
    """Turns a preset and a seed into a ``UnitPlan`` tree (pure, deterministic)."""

    def __init__(self, seed: int, rules: RegulationProfile) -> None:
        self.rng = random.Random(seed)
        self.rules = rules
        self.min_official = rules.min_official_members_for_org  # 3: fewer cannot stand alone
        self.threshold = rules.dang_bo_co_so_threshold  # 30: a đảng bộ cơ sở from this size
        self._probationary_carry = self.rng.random()
        self.local_province = False  # members mostly from the province (a provincial bloc)

    # Dates

    def _founded(self, parent: date, latest: date) -> date:
        return random_date(self.rng, parent, latest)

    # Members

    def _home_town(self) -> str:
        if self.local_province and self.rng.random() < 0.75:
            return f"{self.rng.choice(PROVINCE_PLACES)}, tỉnh {PROVINCE}"
        return province_label(self.rng.choice(PROVINCES_34))

    def _cell_members(self, size: int, category_key: str, workplace: str, tiny: bool) -> list[MemberSpec]:
        rng = self.rng
        if tiny:  # deliberately fewer official members than a party organisation needs
            official = size if size < self.min_official else rng.randint(1, self.min_official - 1)
            flags = [False] * official + [True] * (size - official)
            self._probationary_carry -= size - official
        else:  # a running quota keeps the share of probationary members at PROBATIONARY_SHARE
            self._probationary_carry += size * PROBATIONARY_SHARE
            probationary = max(0, min(int(self._probationary_carry), size - self.min_official))
            self._probationary_carry -= probationary
            flags = [True] * probationary + [False] * (size - probationary)
            rng.shuffle(flags)
        return [
            member_spec(
                rng,
                rules=self.rules,
                category_key=category_key,
                workplace=workplace,
                home_town=self._home_town(),
                probationary=p,
            )
            for p in flags
        ]

    def _committee(self, members: list[MemberSpec]) -> bool:
        official = sum(1 for m in members if m.status == "official")
        return official >= self.rules.chi_uy_threshold and self.rng.random() < 0.9

    # Sizes

    def _split(self, total: int, n: int, high: int = 40) -> list[int]:
        """``total`` members in ``n`` cells of ``min_official``–``high`` members, uneven like real cells."""
        rng, low = self.rng, self.min_official
        assert low * n <= total <= high * n, (total, n)
        weights = [rng.lognormvariate(0.0, 0.5) for _ in range(n)]
        scale = total / sum(weights)
        sizes = [min(high, max(low, round(w * scale))) for w in weights]
        diff = total - sum(sizes)
        while diff:
            i = rng.randrange(n)
            if diff > 0 and sizes[i] < high:
                sizes[i] += 1
                diff -= 1
            elif diff < 0 and sizes[i] > low:
                sizes[i] -= 1
                diff += 1
        return sizes

    def _cell_count(self, total: int) -> int:
        average = self.rng.uniform(9.5, 16.0)
        return max(2, math.ceil(total / 40), min(total // self.min_official, round(total / average)))

    def _departments(self, host: Host, category: Category, n: int) -> list[tuple[str, str]]:
        """``n`` (group, department) pairs for the cells of a host unit, each department once."""
        specific = HOST_DEPARTMENTS.get(host.name, ())
        pool = [("", d) for d in specific] + [
            (g, d) for g, depts in category.groups for d in depts if d not in specific
        ]
        head, tail = pool[: min(3, len(pool))], pool[min(3, len(pool)) :]
        self.rng.shuffle(tail)
        chosen = (head + tail)[:n]
        round_no = 2
        while len(chosen) < n:  # more cells than departments: "Khoa Nội tổng hợp 2" …
            chosen += [(g, f"{d} {round_no}") for g, d in pool][: n - len(chosen)]
            round_no += 1
        return chosen

    def _intermediate(
        self,
        code: str,
        founded: date,
        host: Host,
        category: Category,
        n_groups: int,
        cells: list[UnitPlan],
        pairs: list[tuple[str, str]],
    ) -> list[UnitPlan]:
        """Put the cells into ``n_groups`` đảng bộ bộ phận, by their department's group."""
        names = [g for g, _ in category.groups]
        by_group: dict[str, list[UnitPlan]] = {}
        for cell, (group, _) in zip(cells, pairs, strict=True):
            by_group.setdefault(group or names[0], []).append(cell)
        ordered = sorted(by_group.items(), key=lambda kv: names.index(kv[0]) if kv[0] in names else 0)
        while len(ordered) > n_groups:  # merge the smallest group into its neighbour
            smallest = min(range(len(ordered)), key=lambda i: len(ordered[i][1]))
            target = smallest - 1 if smallest else 1
            ordered[target] = (ordered[target][0], ordered[target][1] + ordered[smallest][1])
            del ordered[smallest]
        parts: list[UnitPlan] = []
        for i, (group, group_cells) in enumerate(ordered, start=1):
            bp_code = f"{code}-BP{i:02d}"
            bp_founded = self._founded(founded, date(2021, 12, 31))
            bp = UnitPlan(
                bp_code,
                f"Đảng bộ bộ phận {group}",
                org_rules.DANG_BO_BO_PHAN,
                bp_founded,
                host_kind=category.host_kind,
                host_name=f"{group}, {host.host_name}",
            )
            for j, cell in enumerate(group_cells, start=1):
                cell.code = f"{bp_code}-CB{j:02d}"
                cell.founded_on = max(cell.founded_on, bp_founded)
                for k, group_unit in enumerate(cell.children, start=1):
                    group_unit.code = f"{cell.code}-T{k}"
                    group_unit.founded_on = max(group_unit.founded_on, cell.founded_on)
                bp.children.append(cell)
            parts.append(bp)
        return parts

    def _party_groups(self, cell: UnitPlan, count: int) -> None:
        for k in range(1, count + 1):
            cell.children.append(
                UnitPlan(
                    f"{cell.code}-T{k}",
                    f"Tổ đảng số {k}",
                    org_rules.TO_DANG,
                    self._founded(cell.founded_on, date(2023, 12, 31)),
                    host_kind=cell.host_kind,
                )
            )

    def grassroots(
        self,
        code: str,
        spec: OrgSpec,
        founded: date,
        *,
        sizes: list[int] | None = None,
        tiny_cells: frozenset[int] = frozenset(),
        intermediate: int = 0,
        committee_off: frozenset[int] = frozenset(),
        party_groups: dict[int, int] | None = None,
    ) -> UnitPlan:
        """A đảng bộ cơ sở (with cells, maybe đảng bộ bộ phận) or a chi bộ cơ sở (members itself)."""
        rng = self.rng
        host, category = spec.host, CATEGORIES[spec.host.category]
        if spec.level == org_rules.CHI_BO_CO_SO:
            org = UnitPlan(
                code,
                f"Chi bộ {host.name}",
                spec.level,
                founded,
                host_kind=category.host_kind,
                host_name=host.host_name,
            )
            org.members = self._cell_members(spec.members, host.category, host.host_name, spec.tiny)
            org.has_committee = self._committee(org.members)
            if spec.members >= 15 and rng.random() < 0.25:
                self._party_groups(org, rng.choice((2, 3)))
            return org
        org = UnitPlan(
            code,
            f"Đảng bộ {host.name}",
            spec.level,
            founded,
            host_kind=category.host_kind,
            host_name=host.host_name,
        )
        if sizes is None:
            n = self._cell_count(spec.members)
            n_tiny = sum(1 for _ in range(n - 1) if rng.random() < 0.015) if n >= 4 else 0
            m = self.min_official
            tiny_sizes = [rng.choice((m - 1, m, m)) for _ in range(n_tiny)]
            rest = spec.members - sum(tiny_sizes)
            drawn = self._split(rest, n - n_tiny) + tiny_sizes  # the tiny ones last …
            tail = list(range(1, n))  # … then mixed in; the first cell stays a regular one
            rng.shuffle(tail)
            order = [0, *tail]
            sizes = [drawn[i] for i in order]
            tiny_cells = frozenset(pos for pos, i in enumerate(order) if i >= n - n_tiny)
        pairs = self._departments(host, category, len(sizes))
        cells: list[UnitPlan] = []
        for i, (size, (_, dept)) in enumerate(zip(sizes, pairs, strict=True)):
            cell = UnitPlan(
                f"{code}-CB{i + 1:02d}",
                f"Chi bộ {dept}",
                org_rules.CHI_BO,
                self._founded(founded, date(2022, 12, 31)),
                host_kind=category.host_kind,
                host_name=f"{dept}, {host.host_name}",
            )
            cell.members = self._cell_members(size, host.category, cell.host_name, i in tiny_cells)
            cell.has_committee = False if i in committee_off else self._committee(cell.members)
            groups = (party_groups or {}).get(i)
            if groups is None and size >= 20 and rng.random() < 0.06:
                groups = 2
            if groups:
                self._party_groups(cell, groups)
            cells.append(cell)
        if intermediate:
            org.children = self._intermediate(code, founded, host, category, intermediate, cells, pairs)
        else:
            org.children = cells
        return org

    # Sizing a preset

    def org_specs(self, hosts: list[Host], total_members: int, *, tiny_orgs: int = 0) -> list[OrgSpec]:
        """Member counts for each host (scaled to ``total_members``) and the level that follows:
        from the profile's threshold (30) on a đảng bộ cơ sở, below it a chi bộ cơ sở, with a few
        deliberate exceptions (the warnings show them)."""
        rng, threshold = self.rng, self.threshold
        raw = []
        for host in hosts:
            low, high = CATEGORIES[host.category].size
            raw.append(math.exp(rng.uniform(math.log(low), math.log(high))))
        scale = total_members / sum(raw)
        sizes = [max(self.min_official, round(r * scale)) for r in raw]
        tiny = set(
            rng.sample([i for i, h in enumerate(hosts) if h.category == "private"] or [], tiny_orgs)
            if tiny_orgs
            else []
        )
        for i in tiny:
            sizes[i] = self.min_official
        diff = total_members - sum(sizes)  # rounding: spread it over the big organisations
        big = [i for i in range(len(sizes)) if i not in tiny and sizes[i] > threshold]
        while diff and big:
            i = rng.choice(big)
            step = 1 if diff > 0 else -1
            sizes[i] += step
            diff -= step
            if sizes[i] <= threshold:
                big.remove(i)
        specs = []
        for i, (host, size) in enumerate(zip(hosts, sizes, strict=True)):
            large = size >= threshold
            if large and size <= threshold + 8 and rng.random() < 0.25:
                large = False  # a chi bộ cơ sở that has grown past the threshold
            elif not large and size >= threshold - 8 and rng.random() < 0.12:
                large = True  # a đảng bộ cơ sở that has shrunk below it
            level = org_rules.DANG_BO_CO_SO if large else org_rules.CHI_BO_CO_SO
            specs.append(OrgSpec(host, size, level, tiny=i in tiny))
        return specs

    def workers(self, orgs: list[tuple[UnitPlan, Host]], target: int | None) -> None:
        """Workers of each host unit from its members and its kind, scaled to ``target``."""
        rng = self.rng
        raw = []
        for plan, host in orgs:
            members = sum(len(u.members) for u in plan.walk())
            raw.append(members / CATEGORIES[host.category].member_ratio * rng.uniform(0.8, 1.25))
        scale = target / sum(raw) if target else 1.0
        for (plan, _), r in zip(orgs, raw, strict=True):
            members = sum(len(u.members) for u in plan.walk())
            plan.workers_count = max(members + rng.randint(0, 5), round(r * scale))


def _bloc_hosts(rng: random.Random, count: int) -> list[Host]:
    hosts: list[Host] = []
    for default, entries in BLOC_HOSTS.items():
        for entry in entries:
            name, category = _split_category(entry, default)
            hosts.append(Host(name, category, _province_host(name, category)))
    used = {h.name for h in hosts}
    while len(hosts) < count:
        name = (
            f"Công ty {rng.choice(PRIVATE_FORMS)} {rng.choice(PRIVATE_INDUSTRIES)} "
            f"{rng.choice(PROVINCE_PLACES)}"
        )
        if name not in used:
            used.add(name)
            hosts.append(Host(name, "private", name))
    return hosts[:count]


def _ministry_unit(unit: str, upper: str) -> str:
    return f"{unit} {upper}" if unit in MINISTRY_COMMON else unit


def plan_small(planner: Planner) -> UnitPlan:
    """1 upper committee, a đảng bộ cơ sở with 3 cells, one with a đảng bộ bộ phận of 2 cells,
    and a chi bộ cơ sở; about 80 members and a few structural warnings."""
    rng = planner.rng
    planner.local_province = True
    root = UnitPlan(
        "DB-HY",
        f"Đảng bộ Khối các cơ quan và doanh nghiệp tỉnh {PROVINCE}",
        org_rules.UPPER,
        date(1997, 1, 1),
        host_kind="other",
    )
    finance = Host("Sở Tài chính", "admin", _province_host("Sở Tài chính", "admin"))
    hospital = Host(f"Bệnh viện Đa khoa tỉnh {PROVINCE}", "hospital", f"Bệnh viện Đa khoa tỉnh {PROVINCE}")
    board = Host("Ban Dân vận Tỉnh ủy", "party", _province_host("Ban Dân vận Tỉnh ủy", "party"))
    sizes = [rng.randint(14, 18), rng.randint(10, 13), planner.min_official]
    org1 = planner.grassroots(
        "CS001",
        OrgSpec(finance, sum(sizes), org_rules.DANG_BO_CO_SO),
        planner._founded(root.founded_on, date(2005, 12, 31)),
        sizes=sizes,
        tiny_cells=frozenset({2}),
        committee_off=frozenset({1}),
    )
    sizes = [rng.randint(18, 24), rng.randint(14, 19)]
    org2 = planner.grassroots(
        "CS002",
        OrgSpec(hospital, sum(sizes), org_rules.DANG_BO_CO_SO),
        planner._founded(root.founded_on, date(2005, 12, 31)),
        sizes=sizes,
        intermediate=1,
        party_groups={0: 2},
    )
    org3 = planner.grassroots(
        "CS003",
        OrgSpec(board, rng.randint(9, 13), org_rules.CHI_BO_CO_SO),
        planner._founded(root.founded_on, date(2010, 12, 31)),
    )
    root.children = [org1, org2, org3]
    # Staff of the host units as they are (a provincial hospital ~1,000), not scaled to this tiny bloc.
    org1.workers_count, org2.workers_count, org3.workers_count = (
        rng.randint(60, 85),
        rng.randint(850, 1100),
        rng.randint(13, 18),
    )
    return root


def _grassroots_many(
    planner: Planner, parent: UnitPlan, specs: list[OrgSpec], first_code: int, width: int, latest: date
) -> list[tuple[UnitPlan, Host]]:
    rng = planner.rng
    made = []
    for offset, spec in enumerate(specs):
        code = f"CS{first_code + offset:0{width}d}"
        n_cells_hint = spec.members // 13
        intermediate = rng.choice((2, 3)) if n_cells_hint >= 8 and rng.random() < 0.25 else 0
        org = planner.grassroots(
            code, spec, planner._founded(parent.founded_on, latest), intermediate=intermediate
        )
        parent.children.append(org)
        made.append((org, spec.host))
    return made


def plan_bloc(planner: Planner) -> UnitPlan:
    """A provincial bloc: 118 grassroots organisations, ~7,000 members, ~30,000 workers."""
    rng = planner.rng
    planner.local_province = True
    root = UnitPlan(
        "DB-HY",
        f"Đảng bộ Khối các cơ quan và doanh nghiệp tỉnh {PROVINCE}",
        org_rules.UPPER,
        date(1997, 1, 1),
        host_kind="other",
    )
    hosts = _bloc_hosts(rng, 118)  # listed by sector, as an official list of organisations is
    specs = planner.org_specs(hosts, 7000 + rng.randint(-150, 150), tiny_orgs=2)
    made = _grassroots_many(planner, root, specs, 1, 3, date(2020, 12, 31))
    planner.workers(made, target=30000 + rng.randint(-500, 500))
    return root


def _central_hosts() -> tuple[list[Host], list[tuple[UpperSpec, list[Host]]]]:
    direct = []
    for entry in CENTRAL_ROOT_UNITS:
        name, category = _split_category(entry, "")
        direct.append(Host(name, category or _infer_category(name, "media"), name))
    uppers = []
    for upper in CENTRAL_UPPERS:
        entries = list(upper.units)
        if upper.ministry:
            entries = [_ministry_unit(u, upper.name) for u in MINISTRY_COMMON] + entries
        hosts, seen = [], set()
        for entry in entries:
            name, category = _split_category(entry, "")
            if name in seen:
                continue
            seen.add(name)
            category = category or _infer_category(name, upper.category)
            hosts.append(Host(name, category, name if name.endswith(upper.name) else f"{name}, {upper.name}"))
        uppers.append((upper, hosts))
    seen_names = Counter(h.name for h in direct) + Counter(h.name for _, hosts in uppers for h in hosts)
    uppers = [
        (
            upper,
            [
                Host(f"{h.name} {upper.name}", h.category, f"{h.name}, {upper.name}")
                if seen_names[h.name] > 1
                else h
                for h in hosts
            ],
        )
        for upper, hosts in uppers
    ]
    return direct, uppers


def plan_central(planner: Planner) -> UnitPlan:
    """The central agencies' bloc: upper committees of ministries and agencies, 1,000+ grassroots
    organisations, 5,000+ cells, ~78,000 members."""
    rng = planner.rng
    root = UnitPlan(
        "DB-TW", "Đảng bộ Khối các cơ quan Trung ương", org_rules.UPPER, date(1976, 1, 1), host_kind="other"
    )
    direct, uppers = _central_hosts()
    all_hosts = direct + [h for _, hosts in uppers for h in hosts]
    specs = planner.org_specs(all_hosts, 78000 + rng.randint(-1000, 1000), tiny_orgs=0)
    by_host = {s.host: s for s in specs}
    made = _grassroots_many(planner, root, [by_host[h] for h in direct], 1, 4, date(2020, 12, 31))
    next_code = 1 + len(direct)
    for i, (upper, hosts) in enumerate(uppers, start=1):
        upper_plan = UnitPlan(
            f"TW{i:02d}",
            f"Đảng bộ {upper.name}",
            org_rules.UPPER,
            planner._founded(root.founded_on, date(1995, 12, 31)),
            host_kind=CATEGORIES[upper.category].host_kind,
            host_name=upper.name,
        )
        root.children.append(upper_plan)
        made += _grassroots_many(
            planner, upper_plan, [by_host[h] for h in hosts], next_code, 4, date(2020, 12, 31)
        )
        next_code += len(hosts)
    planner.workers(made, target=None)
    return root


@dataclass(frozen=True)
class DemoAccount:
    """A demo sign-in: one role on one unit (``unit`` is the unit's code)."""

    username: str
    password: str
    role: str
    unit: str
    full_name: str


def _account_units(plan: UnitPlan) -> tuple[UnitPlan, UnitPlan]:
    """The first đảng bộ cơ sở with a cell of at least 5 official members, and that cell."""
    for org in plan.walk():
        if org.level == org_rules.DANG_BO_CO_SO:
            for cell in org.walk():
                if cell.level == org_rules.CHI_BO and cell.official >= 5:
                    return org, cell
    raise ValueError("the plan has no đảng bộ cơ sở with a cell of 5 official members")


def demo_accounts(plan: UnitPlan, seed: int) -> list[DemoAccount]:
    """The demo accounts: each role at the top unit and at a cell with members, and a secretary of
    a đảng bộ cơ sở. The cell's accounts carry the names of members of that cell. Passwords are
    demo-only ("demo-" + a word + 4 digits), the same for the same seed."""
    rng = random.Random(f"chibo-demo-accounts:{seed}")
    org, cell = _account_units(plan)
    officials = [m.full_name for m in cell.members if m.status == "official"]
    others = [m.full_name for c in org.walk() if c is not cell for m in c.members if m.status == "official"]
    org_secretary = others[0] if others else officials[3]

    def staff() -> str:
        return full_name(rng, rng.choice("MF"), rng.randint(1968, 1990))

    def password() -> str:
        return f"demo-{rng.choice(PASSWORD_WORDS)}{rng.randint(1000, 9999)}"

    rows = [
        ("bantochuc", "org_board", plan.code, staff()),
        ("kiemtra", "inspector", plan.code, staff()),
        ("xem", "viewer", plan.code, staff()),
        ("bithucoso", "secretary", org.code, org_secretary),
        ("bithu", "secretary", cell.code, officials[0]),
        ("xemchibo", "viewer", cell.code, officials[1]),
        ("dangvien", "member", cell.code, officials[2]),
    ]
    return [DemoAccount(username, password(), role, unit, name) for username, role, unit, name in rows]


def build_plan(preset: str, seed: int, rules: RegulationProfile | None = None) -> UnitPlan:
    """The demo tree of ``preset`` for ``seed`` (same seed and rules, same tree), sized by ``rules``
    (default: the profile in force on the reference date)."""
    planner = Planner(seed, rules or profile_on(REFERENCE_DATE))
    builders = {"small": plan_small, "bloc": plan_bloc, "central": plan_central}
    if preset not in builders:
        raise ValueError(f"unknown preset {preset!r}; choose one of {', '.join(PRESETS)}")
    return builders[preset](planner)
