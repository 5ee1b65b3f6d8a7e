"""Eligibility rules: each a setting, quoted when it fails; blocks vs warnings."""
from __future__ import annotations

from thidua_desktop.domain import eligibility as el
from thidua_desktop.domain.eligibility import (
    Finding, MemberStats, Mode, NomineeFacts, OtherNomination, PersonFacts, QuotaFacts, Verdict,
)
from thidua_desktop.domain.settings import REGISTRY, validate

RULES = el.default_configs()


def person(title="LDTT", rating="HTTNV", **kw):
    p = PersonFacts("Nguyễn Thị Hoa", rating=rating, discipline=kw.pop("discipline", ""),
                    under_review=kw.pop("under_review", False), initiative=kw.pop("initiative", ""))
    names = {"LDTT": "Lao động tiên tiến", "CSTDCS": "Chiến sĩ thi đua cơ sở", "GK": "Giấy khen"}
    kinds = {"GK": "form"}
    return NomineeFacts("person", p.name, title, names.get(title, title),
                        "any" if title == "GK" else "person", kinds.get(title, "title"),
                        rating=rating, summary=kw.pop("summary", "Hoàn thành tốt nhiệm vụ"), person=p, **kw)


def collective(title="TTLDTT", **kw):
    return NomineeFacts("unit", "Trường THCS Bạch Đằng", title, "Tập thể lao động tiên tiến", "unit", "title",
                        summary="Dẫn đầu khối", unit_kind="truong_hoc", **kw)


def rules_of(findings):
    return [(f.rule, f.severity) for f in findings]


def test_ldtt_with_good_rating_is_eligible():
    findings = el.check(person(), RULES)
    assert findings == [] and el.verdict(findings) is Verdict.OK


def test_ldtt_needs_httnv_and_quotes_the_law():
    [f] = el.check(person(rating="HTNV"), RULES)
    assert (f.rule, f.severity) == ("min_rating", "block")
    assert "“Hoàn thành nhiệm vụ”" in f.message and "Hoàn thành tốt nhiệm vụ" in f.message
    assert "hoàn thành tốt nhiệm vụ trở lên" in f.quote and "Điều 24" in f.source
    assert el.verdict([f]) is Verdict.BLOCKED


def test_missing_rating_is_a_warning_the_clerk_can_accept():
    [f] = el.check(person(rating=""), RULES)
    assert f.severity == "warn" and "Chưa có mức xếp loại" in f.message
    assert el.verdict([f]) is Verdict.WARN
    accepted = el.accept_warnings([f])
    assert el.verdict(accepted) is Verdict.OVERRIDDEN and el.verdict(accepted).may_proceed


def test_cstdcs_needs_ldtt_and_excellence_or_initiative():
    assert el.check(person("CSTDCS", "HTXSNV", has_prerequisite=True), RULES) == []
    assert el.check(person("CSTDCS", "HTTNV", has_prerequisite=True, initiative="Số hóa hồ sơ hộ tịch"), RULES) == []
    findings = el.check(person("CSTDCS", "HTTNV", has_prerequisite=False), RULES)
    messages = " ".join(f.message for f in findings)
    assert rules_of(findings) == [("cstdcs_basis", "block"), ("cstdcs_basis", "block")]
    assert "Lao động tiên tiến" in messages and "sáng kiến" in messages
    assert "Điều 23" in findings[0].source


def test_discipline_and_review_block():
    review = el.check(person(under_review=True), RULES)
    assert rules_of(review) == [("under_review", "block")]
    assert "đơn thư khiếu nại" in review[0].quote
    disciplined = el.check(person(discipline="khien_trach"), RULES)
    assert rules_of(disciplined) == [("discipline", "block")] and "khiển trách" in disciplined[0].message


def test_ttldtt_needs_70_percent_ldtt_and_nobody_warned():
    ok = MemberStats(10, "10 người trong danh sách", ldtt=7)
    assert el.check(collective(members=ok), RULES) == []
    low = MemberStats(10, "10 người", ldtt=6, disciplined=(("Trần Văn Nam", "canh_cao"),))
    findings = el.check(collective(members=low), RULES)
    assert rules_of(findings) == [("collective_ldtt", "block")] * 2
    assert "6/10" in findings[0].message and "60%" in findings[0].message
    assert "Trần Văn Nam (cảnh cáo)" in findings[1].message
    assert "ít nhất 70%" in findings[0].quote
    mild = MemberStats(10, "10 người", ldtt=8, disciplined=(("Lê Văn Tư", "khien_trach"),))
    assert el.check(collective(members=mild), RULES) == []  # khiển trách is below cảnh cáo


def test_unknown_membership_is_a_warning_not_a_block():
    [f] = el.check(collective(members=None), RULES)
    assert f.severity == "warn" and "không kiểm tra được" in f.message


def test_one_achievement_is_not_rewarded_twice():
    gk = OtherNomination("GK", "Giấy khen", "form", "")
    findings = el.check(person("GK", others=(gk,)), RULES)
    assert rules_of(findings) == [("one_achievement", "block")]
    assert "nhiều hình thức cho một thành tích" in findings[0].quote
    # a title and a form for the same year may go together
    ldtt = OtherNomination("LDTT", "Lao động tiên tiến", "title", "")
    assert el.check(person("GK", others=(ldtt,)), RULES) == []
    # a different achievement (a special one) may get its own form
    other = OtherNomination("BK", "Bằng khen", "form", "Cứu người trong lũ")
    assert el.check(person("GK", others=(other,)), RULES) == []


def test_quota_and_cstdcs_cap_are_information_when_switched_on():
    assert el.check(person(), RULES, QuotaFacts(title_count=12, title_quota=10))[0].severity == "info"
    assert el.verdict(el.check(person(), RULES, QuotaFacts(title_count=12, title_quota=10))) is Verdict.OK
    cap = dict(RULES)
    setting = {**el.RULES_BY_KEY["cstdcs_cap"].default_value(), "mode": "info"}
    cap = el.configs({"eligibility.cstdcs_cap": setting})
    findings = el.check(person("CSTDCS", "HTXSNV", has_prerequisite=True), cap,
                        QuotaFacts(ldtt_count=20, cstdcs_count=4))
    assert rules_of(findings) == [("cstdcs_cap", "info")] and "tối đa 3" in findings[0].message


def test_rules_are_settings_mode_titles_text_params():
    value = {**el.RULES_BY_KEY["min_rating"].default_value(), "mode": "warn", "min": "HTXSNV",
             "text": "Theo Quyết định của thành phố: hoàn thành xuất sắc."}
    validate("eligibility.min_rating", value)
    configs = el.configs({"eligibility.min_rating": value})
    [f] = el.check(person(rating="HTTNV"), configs)
    assert f.severity == "warn" and f.quote == "Theo Quyết định của thành phố: hoàn thành xuất sắc."
    off = el.configs({"eligibility.min_rating": {**value, "mode": "off"}})
    assert el.check(person(rating="KHTNV"), off) == []
    assert REGISTRY["eligibility.min_rating"].check({**value, "min": "giỏi"})
    assert REGISTRY["eligibility.min_rating"].check({**value, "mode": "x"})


def test_subject_must_match_the_title():
    findings = el.check(NomineeFacts("household", "Hộ ông Phạm Văn Lộc", "LDTT", "Lao động tiên tiến",
                                     "person", "title", summary="x"), RULES)
    assert rules_of(findings) == [("subject", "block")] and "hộ gia đình" in findings[0].message
    tdp = NomineeFacts("unit", "Trường Mầm non Hoa Sen", "TDPVH", "Tổ dân phố văn hóa", "unit", "title",
                       summary="x", unit_kind="truong_hoc")
    assert rules_of(el.check(tdp, RULES)) == [("subject", "block")]


def test_overrides_survive_a_recheck_only_for_the_same_warning():
    old = [Finding("summary", "warn", "Chưa có tóm tắt thành tích.", "q", "s", overridden=True)]
    same = [Finding("summary", "warn", "Chưa có tóm tắt thành tích.", "q", "s")]
    other = [Finding("gk_rating", "warn", "khác", "q", "s")]
    assert el.carry_overrides(same, old)[0].overridden
    assert not el.carry_overrides(other, old)[0].overridden
    assert Finding.from_json(old[0].to_json()) == old[0]


def test_collective_score_and_disqualification():
    on = el.configs({"eligibility.collective_score": {**el.RULES_BY_KEY["collective_score"].default_value(),
                                                        "mode": "warn"}})
    ok = MemberStats(10, "10", ldtt=8)
    findings = el.check(collective(members=ok, unit_score_percent=65.5), on)
    assert rules_of(findings) == [("collective_score", "warn")] and "65,5%" in findings[0].message
    findings = el.check(collective(members=ok, unit_disqualified="X1 Để xảy ra vụ việc phức tạp"), RULES)
    assert rules_of(findings) == [("collective_disqualified", "block")]
