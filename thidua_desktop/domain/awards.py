"""Code lists of the award catalogue and the nominations.

Codes are stored; labels are what clerks read (the catalogue, the nomination
lists, the audit trail)."""
from __future__ import annotations

# Nomination.subject; AwardTitle.multiples' keys
SUBJECTS = {"unit": "Tập thể", "person": "Cá nhân", "household": "Hộ gia đình"}
# AwardTitle.subject
TITLE_SUBJECTS = {**SUBJECTS, "any": "Tập thể, cá nhân, hộ gia đình"}
# AwardTitle.kind
TITLE_KINDS = {"title": "Danh hiệu thi đua", "form": "Hình thức khen thưởng"}
# AwardTitle.level
LEVELS = {"ward": "Phường quyết định", "city": "Đề nghị thành phố"}
# The nomination lists a clerk prints: which nominations they hold
LIST_STAGES = {
    "all": "mọi đề nghị (kể cả không đủ điều kiện, không đạt phiếu)",
    "eligible": "các đề nghị đủ điều kiện",
    "passed": "các đề nghị được Hội đồng thông qua",
}
# Nomination.status
NOMINATION_STATUSES = {"proposed": "Đề nghị", "withdrawn": "Đã rút", "awarded": "Được khen thưởng",
                       "forwarded": "Đã trình thành phố"}
