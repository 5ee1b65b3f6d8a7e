"""Settings declared once, with type, default, bounds and a Vietnamese label.

Rules that the law leaves to the city (thresholds, quotas, multiples of the base
salary…) and the ward's own choices are settings, never constants in code. The
database keeps only the values the ward changed (table ``setting``); everything
else reads the default declared here.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from ..errors import UserError
from .backups import KEEP_LAST_DEFAULT


class SettingError(UserError, ValueError):
    pass


@dataclass(frozen=True)
class SettingSpec:
    key: str
    label: str
    group: str
    kind: str  # "int", "float", "bool", "text", "json"
    default: Any
    help: str = ""
    minimum: float | None = None
    maximum: float | None = None
    check: Callable[[Any], str | None] | None = None  # extra rule for json values


REGISTRY: dict[str, SettingSpec] = {}


def declare(key: str, label: str, group: str, kind: str, default: Any, help: str = "",
            minimum: float | None = None, maximum: float | None = None,
            check: Callable[[Any], str | None] | None = None) -> SettingSpec:
    if key in REGISTRY:
        raise ValueError(f"setting {key!r} declared twice")
    spec = SettingSpec(key, label, group, kind, default, help, minimum, maximum, check)
    REGISTRY[key] = spec
    return spec


def spec(key: str) -> SettingSpec:
    try:
        return REGISTRY[key]
    except KeyError:
        raise SettingError(f"Không có thiết lập “{key}”.") from None


def validate(key: str, value: Any) -> Any:
    """Return ``value`` converted to the setting's type, or raise SettingError."""
    s = spec(key)
    try:
        if s.kind == "int":
            if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
                raise ValueError
            value = int(value)
        elif s.kind == "float":
            if isinstance(value, bool):
                raise ValueError
            value = float(value)
        elif s.kind == "bool":
            if not isinstance(value, bool):
                raise ValueError
        elif s.kind == "text":
            value = "" if value is None else str(value)
    except (TypeError, ValueError):
        raise SettingError(f"“{s.label}”: giá trị “{value}” không hợp lệ.") from None
    if s.kind in ("int", "float"):
        if s.minimum is not None and value < s.minimum:
            raise SettingError(f"“{s.label}” không được nhỏ hơn {s.minimum:g}.")
        if s.maximum is not None and value > s.maximum:
            raise SettingError(f"“{s.label}” không được lớn hơn {s.maximum:g}.")
    if s.check is not None:
        problem = s.check(value)
        if problem:
            raise SettingError(f"“{s.label}”: {problem}")
    return value


# --- declarations ------------------------------------------------------------
# Each area declares its settings here, grouped by the page that edits them.

declare("backup.keep_last", "Số bản sao lưu gần nhất được giữ", "Sao lưu", "int", KEEP_LAST_DEFAULT,
        "Ngoài ra giữ thêm một bản cho mỗi tháng.", minimum=1, maximum=1000)
declare("backup.max_age_hours", "Tự sao lưu khi bản gần nhất cũ hơn (giờ)", "Sao lưu", "int", 24,
        minimum=1, maximum=24 * 30)

# --- results and evaluation (issue 4; rules in domain/evaluation.py) ---------
from .evaluation import registration_deadline_problem as _registration_deadline_problem  # noqa: E402

declare("evaluation.decimals", "Số chữ số thập phân khi so sánh kết quả với kế hoạch", "Đánh giá kết quả",
        "int", 2, "Kết quả được làm tròn như khi in báo cáo (95,999% thành 96%) rồi mới so sánh.",
        minimum=0, maximum=4)
declare("evaluation.exceed_margin", "Chỉ tiêu “từ … trở lên”, “không quá”, “đạt số lượng”: vượt khi "
        "hơn kế hoạch quá (% kế hoạch)", "Đánh giá kết quả", "float", 0.0,
        "0: cao hơn kế hoạch là Vượt, bằng kế hoạch là Đạt.", minimum=0, maximum=100)
declare("evaluation.strict_exceed_margin", "Chỉ tiêu “trên …”, “dưới …”: vượt khi hơn kế hoạch từ "
        "(% kế hoạch)", "Đánh giá kết quả", "float", 1.0,
        "Ví dụ 1: “trên 97%” là Đạt khi trên 97%, là Vượt từ 97,97%. 0: chỉ có Đạt, không có Vượt.",
        minimum=0, maximum=100)
declare("evaluation.equal_tolerance", "Chỉ tiêu “bằng”: sai lệch cho phép (% kế hoạch)", "Đánh giá kết quả",
        "float", 0.0, minimum=0, maximum=100)
declare("evaluation.mismatch_tolerance", "Chênh lệch cho phép giữa số toàn phường và số cộng dồn từ đơn vị",
        "Đánh giá kết quả", "float", 0.0,
        "Tính theo đơn vị đo của chỉ tiêu (điểm % với tỷ lệ). Lớn hơn mức này thì báo “không khớp”.",
        minimum=0, maximum=1_000_000)
declare("registration.deadline", "Hạn đăng ký thi đua (ngày/tháng của năm kế hoạch)", "Đánh giá kết quả",
        "text", "31/03",
        "Tiêu chí TC01 “Đăng ký thi đua” lấy từ sổ đăng ký: đăng ký đến hết ngày này là Đạt; chưa đăng ký "
        "hoặc đăng ký sau hạn là Không đạt. Mặc định hết quý I (thường lệ phát động, đăng ký đầu năm); "
        "để trống: không xét hạn.", check=_registration_deadline_problem)
declare("results.deadline_day_on_time", "Báo cáo đúng ngày hạn vẫn tính là đúng hạn", "Đánh giá kết quả",
        "bool", False,
        "Kế hoạch ghi “trước ngày 05/12/2026”: mặc định báo cáo ngày 05/12 là trễ hạn.")

# --- accounts and file handling (issue 7; services/safety/accounts.py, services/xlsx/files.py) ---
declare("accounts.auto_sign_in_user", "Tự động đăng nhập bằng tài khoản", "Tài khoản", "text", "",
        "Cho văn phòng chỉ một người dùng máy: mở chương trình không hỏi mật khẩu. "
        "Để trống: luôn hỏi. Mọi thay đổi vẫn ghi tên tài khoản này.")
declare("accounts.recovery_code_hash", "Mã khôi phục mật khẩu (đã băm)", "Tài khoản", "text", "",
        "Đặt lại mật khẩu quản trị khi quên, không cần dòng lệnh; mã chỉ hiện một lần khi tạo.")
declare("files.max_mb", "Dung lượng tối đa của tệp Excel được nhập (MB)", "Tệp nhập", "int", 50,
        "Tệp lớn hơn bị từ chối với thông báo rõ ràng.", minimum=1, maximum=500)
declare("files.max_rows", "Số dòng dữ liệu tối đa của tệp Excel được nhập", "Tệp nhập", "int", 100_000,
        minimum=100, maximum=1_000_000)
declare("files.max_columns", "Số cột tối đa được đọc trong tệp Excel được nhập", "Tệp nhập", "int", 200,
        "Dòng có dữ liệu ở cột xa hơn bị từ chối (tệp hỏng hoặc có ô thừa bên phải).", minimum=20, maximum=16_384)
declare("files.max_cells", "Số ô tối đa của một trang tính được nhập", "Tệp nhập", "int", 3_000_000,
        "Tính cả ô trống nằm giữa các ô có dữ liệu; giới hạn bộ nhớ dùng khi đọc tệp.",
        minimum=10_000, maximum=50_000_000)

# --- scoring, awards, council and prize money (issue 5) ------------------------
from . import eligibility as _eligibility  # noqa: E402
from . import money as _money  # noqa: E402
from . import scoring as _scoring  # noqa: E402

declare("scoring.default_bands", "Xếp loại mặc định của bảng điểm mới (điểm trên thang 100)", "Chấm điểm",
        "json", [{"name": "Xuất sắc", "min": 90}, {"name": "Tốt", "min": 70}, {"name": "Khá", "min": 50}],
        "Thang 1.000 điểm nhân các mức với 10. Mỗi khối sửa riêng trong bảng điểm của khối.",
        check=_scoring.bands_problem)
declare("scoring.below_bands", "Tên xếp loại khi dưới mọi mức", "Chấm điểm", "text", "Không xếp loại")
declare("scoring.default_tiebreak", "Tiêu chí phụ khi bằng điểm (bảng điểm mới)", "Chấm điểm", "json",
        list(_scoring.DEFAULT_TIEBREAK), "Xét lần lượt; vẫn bằng nhau thì đồng hạng (1-2-2-4).",
        check=_scoring.tiebreak_problem)
declare("scoring.ward_tiebreak", "Tiêu chí phụ khi bằng điểm (xếp hạng toàn phường)", "Chấm điểm", "json",
        list(_scoring.DEFAULT_TIEBREAK), check=_scoring.tiebreak_problem)
declare("scoring.late_deduction", "Điểm trừ khi báo cáo chậm hạn (trên thang 100)", "Chấm điểm", "float", 2.0,
        "0 là không trừ. Thang 1.000 điểm trừ gấp 10.", minimum=0, maximum=100)
declare("money.base_salary_history", "Lương cơ sở theo thời gian", "Tiền thưởng", "json",
        [{"from": "2024-07-01", "amount": 2_340_000, "basis": "Nghị định 73/2024/NĐ-CP"}],
        "Áp dụng mức có hiệu lực vào ngày ký quyết định khen thưởng (NĐ 152/2025, Điều 49).",
        check=_money.history_problem)
declare("money.round_to", "Làm tròn tiền thưởng lên đến (đồng)", "Tiền thưởng", "int", 10_000,
        "“Làm tròn số lên hàng chục nghìn đồng” (NĐ 152/2025, Điều 49).", minimum=1, maximum=1_000_000)
declare("money.household_factor", "Hộ gia đình nhận gấp (lần mức của cá nhân)", "Tiền thưởng", "float", 1.5,
        minimum=0, maximum=10)
declare("money.highest_title_only", "Cùng một thành tích đạt nhiều danh hiệu: chỉ nhận mức cao nhất",
        "Tiền thưởng", "bool", True, "Danh hiệu kèm hình thức khen thưởng thì nhận cả hai (NĐ 152/2025, Điều 49).")
declare("council.female_share", "Ưu tiên tập thể có tỷ lệ nữ từ (%)", "Hội đồng", "float", 70.0,
        "Khi bằng phiếu và bằng điểm: ưu tiên cá nhân nữ, tập thể có tỷ lệ nữ từ mức này (NĐ 152/2025, Điều 4).",
        minimum=0, maximum=100)
declare("council.min_participation", "Số thành viên có mặt hoặc gửi ý kiến tối thiểu (%)", "Hội đồng", "float",
        66.66, "Dưới mức này phiên họp được cảnh báo; 0 là không kiểm tra.", minimum=0, maximum=100)
for _rule in _eligibility.RULES:
    declare(_rule.setting_key, _rule.label, "Điều kiện khen thưởng", "json", _rule.default_value(),
            f"Nguồn: {_rule.source}", check=_eligibility.setting_problem(_rule))

# --- official documents (issue 6) ----------------------------------------------
from . import certificates as _certificates  # noqa: E402


def _text_list_problem(value: Any) -> str | None:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return "cần một danh sách các dòng chữ."
    return None


def _recipients_problem(value: Any) -> str | None:
    if not isinstance(value, dict):
        return "cần danh sách nơi nhận theo từng loại văn bản."
    for items in value.values():
        problem = _text_list_problem(items)
        if problem:
            return problem
    return None


declare("documents.legal_bases", "Căn cứ pháp lý của quyết định khen thưởng", "Văn bản", "json",
        ["Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025",
         "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022",
         "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định về phân cấp, "
         "phân quyền trong lĩnh vực thi đua, khen thưởng; quy định chi tiết và hướng dẫn thi hành một số điều "
         "của Luật Thi đua, khen thưởng"],
        "Mỗi dòng một căn cứ; luật ghi tên và ngày thông qua (NĐ 30/2020). Thêm quy định của thành phố khi có.",
        check=_text_list_problem)
declare("documents.recipients", "Nơi nhận của từng loại văn bản", "Văn bản", "json", {},
        "Theo loại văn bản; để trống dùng nơi nhận mặc định. Dòng “Lưu: VT, …” tự thêm.",
        check=_recipients_problem)
declare("documents.achievement", "Thành tích ghi trong quyết định và giấy khen", "Văn bản", "text",
        "đã có thành tích xuất sắc trong phong trào thi đua thực hiện thắng lợi chủ đề năm {nam} "
        "của thành phố và của phường", "{nam} là năm của kế hoạch thi đua.")
declare("documents.decision_execution", "Điều thi hành của quyết định khen thưởng", "Văn bản", "text",
        "Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân phường, Trưởng phòng Văn hóa - Xã hội, "
        "Thủ trưởng các cơ quan, đơn vị có liên quan và các tập thể, cá nhân có tên tại Điều 1 "
        "chịu trách nhiệm thi hành Quyết định này")
declare("documents.prize_source", "Nguồn kinh phí tiền thưởng", "Văn bản", "text",
        "Quỹ thi đua, khen thưởng của phường năm {nam}")
declare("documents.city_addressee", "Kính gửi của tờ trình đề nghị thành phố khen thưởng", "Văn bản", "text", "",
        "Để trống: Chủ tịch Ủy ban nhân dân thành phố (qua nơi nhận báo cáo trong Cài đặt).")
declare("documents.certificate_layout", "Vị trí các dòng in trên phôi giấy khen (mm)", "Văn bản", "json",
        _certificates.DEFAULT_LAYOUT.as_json(), "Đo từ góc trên bên trái tờ giấy khổ A4 nằm ngang.",
        check=_certificates.layout_problem)
declare("documents.payment_preparer", "Người lập danh sách chi tiền thưởng", "Văn bản", "text", "",
        "Họ tên ký dưới “NGƯỜI LẬP”; để trống để ghi tay.")
declare("documents.chief_accountant", "Kế toán trưởng (danh sách chi tiền thưởng)", "Văn bản", "text", "",
        "Họ tên ký dưới “KẾ TOÁN TRƯỞNG”; để trống để ghi tay.")
declare("documents.disclosure_places", "Nơi niêm yết danh sách công khai", "Văn bản", "text",
        "trụ sở Ủy ban nhân dân phường và Cổng thông tin điện tử của phường",
        "Luật Thi đua, khen thưởng 2022, Điều 84 khoản 5: hình thức công khai do địa phương quy định.")

# --- the city's database (issue 18; services/exchange/city.py) ----------------
declare("exchange.city_name", "Cơ sở dữ liệu tổng hợp của thành phố", "Trao đổi dữ liệu", "text", "",
        "Tên thành phố khi cơ sở dữ liệu này nhận tệp trao đổi của các phường (tạo bằng “thidua init --city”); "
        "để trống: cơ sở dữ liệu của một phường.")
