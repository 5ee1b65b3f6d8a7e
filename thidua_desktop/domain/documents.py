"""The official documents the app writes, declared once: the Documents page,
``thidua report`` / ``thidua templates`` (their choices and help), the writers
in ``services/documents`` and the audit trail all read :data:`DOCUMENT_KINDS`.
Adding a document kind: one entry here and its writer module there.
Also the parts of the year-end report the clerk writes by hand."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DocumentKind:
    key: str
    label: str  # what the clerk chooses
    summary: str  # what ``thidua report --help`` says of it
    file_stem: str  # the suggested file name
    writer: str  # its module under services/documents (FIELDS, template, fill), imported when first used
    options: tuple[str, ...]  # the Options a clerk sets for it
    register: bool = True  # numbered document kept in the register
    nd30: bool = True  # an administrative document in the decree's layout (not a certificate)


DOCUMENT_KINDS: dict[str, DocumentKind] = {k.key: k for k in [
    DocumentKind("year-end", "Báo cáo kết quả thực hiện Kế hoạch thi đua năm",
                 "báo cáo kết quả thực hiện Kế hoạch thi đua năm gửi thành phố", "Bao cao ket qua thi dua",
                 "yearend", ("number", "date", "deputy", "year", "period")),
    DocumentKind("proposal", "Tờ trình đề nghị khen thưởng", "tờ trình đề nghị khen thưởng, kèm danh sách",
                 "To trinh de nghi khen thuong", "proposal",
                 ("number", "date", "deputy", "year", "level", "session", "title")),
    DocumentKind("decision", "Quyết định khen thưởng", "quyết định khen thưởng, kèm danh sách",
                 "Quyet dinh khen thuong", "decision",
                 ("number", "date", "deputy", "year", "decision", "session", "title")),
    DocumentKind("minutes", "Biên bản họp Hội đồng Thi đua - Khen thưởng",
                 "biên bản họp Hội đồng Thi đua - Khen thưởng", "Bien ban hop Hoi dong",
                 "minutes", ("number", "date", "year", "session")),
    DocumentKind("nominations", "Danh sách đề nghị / được khen thưởng", "danh sách đề nghị (hoặc được) khen thưởng",
                 "Danh sach khen thuong", "lists",
                 ("date", "deputy", "year", "awardees", "stage", "decision", "title"), register=False),
    DocumentKind("certificates", "Giấy khen in trên phôi", "giấy khen in trên phôi (hoặc trang thử căn lề)",
                 "Giay khen", "certificates", ("year", "decision", "title", "test_page"),
                 register=False, nd30=False),
    DocumentKind("payments", "Danh sách chi tiền thưởng",
                 "danh sách chi tiền thưởng của một quyết định (.docx, .xlsx, .pdf)", "Danh sach chi tien thuong",
                 "payments", ("date", "year", "decision"), register=False),
    DocumentKind("disclosure", "Danh sách công khai trước khi khen thưởng",
                 "danh sách công khai những người được Hội đồng thông qua, kèm thời gian niêm yết",
                 "Danh sach cong khai", "disclosure", ("date", "year", "session"), register=False),
    DocumentKind("achievements", "Báo cáo thành tích của người, tập thể được đề nghị",
                 "báo cáo thành tích của từng người, tập thể được đề nghị (gộp một tệp cho Hội đồng)",
                 "Bao cao thanh tich", "achievements", ("date", "year", "title", "nomination"), register=False),
]}


@dataclass(frozen=True)
class Section:
    key: str
    label: str
    hint: str


# The parts the clerk writes, in the order of the report (domain.md §5).
NARRATIVE = [
    Section("tinh_hinh", "I. Đặc điểm tình hình", "Thuận lợi, khó khăn trong năm."),
    Section("chi_dao", "II.1. Công tác lãnh đạo, chỉ đạo, triển khai",
            "Các văn bản chỉ đạo, hình thức phát động, tuyên truyền (số liệu đăng ký, báo cáo tự điền)."),
    Section("chi_tieu", "II.2. Nhận xét kết quả thực hiện chỉ tiêu",
            "Nhận xét các chỉ tiêu vượt, chưa đạt và lý do (bảng chỉ tiêu tự điền)."),
    Section("phong_trao", "II.3. Kết quả các phong trào thi đua",
            "Phong trào thường xuyên, theo đợt, chuyên đề; mô hình, cách làm hay."),
    Section("dien_hinh", "II.5. Phát hiện, bồi dưỡng, nhân rộng điển hình tiên tiến", ""),
    Section("khen_thuong", "III. Nhận xét công tác khen thưởng", "Số liệu khen thưởng tự điền."),
    Section("uu_diem", "IV.1. Ưu điểm", ""),
    Section("han_che", "IV.2. Hạn chế, nguyên nhân", ""),
    Section("bai_hoc", "IV.3. Bài học kinh nghiệm", ""),
    Section("phuong_huong", "V. Phương hướng, nhiệm vụ năm sau", ""),
    Section("de_xuat", "VI. Đề xuất, kiến nghị", ""),
]


# The báo cáo sơ kết (the year-end report for an interim period) has the same
# parts under its own labels; its texts are kept apart for each period.
INTERIM_NARRATIVE = [
    Section("tinh_hinh", "I. Đặc điểm tình hình", "Thuận lợi, khó khăn trong kỳ sơ kết."),
    Section("chi_dao", "II.1. Công tác lãnh đạo, chỉ đạo, triển khai",
            "Các văn bản chỉ đạo, hình thức phát động, tuyên truyền từ đầu năm (số liệu đăng ký, báo cáo tự điền)."),
    Section("chi_tieu", "II.2. Nhận xét kết quả thực hiện chỉ tiêu đến kỳ sơ kết",
            "Chỉ tiêu đã đạt kế hoạch năm, chỉ tiêu còn chậm và lý do (bảng chỉ tiêu tự điền)."),
    Section("phong_trao", "II.3. Kết quả các phong trào thi đua", "Các đợt thi đua đã tổ chức trong kỳ."),
    Section("dien_hinh", "II.5. Phát hiện, bồi dưỡng, nhân rộng điển hình tiên tiến", ""),
    Section("khen_thuong", "III. Nhận xét công tác khen thưởng trong kỳ", "Số liệu khen thưởng trong kỳ tự điền."),
    Section("uu_diem", "IV.1. Ưu điểm", ""),
    Section("han_che", "IV.2. Hạn chế, nguyên nhân", ""),
    Section("bai_hoc", "IV.3. Bài học kinh nghiệm", ""),
    Section("phuong_huong", "V. Nhiệm vụ trọng tâm những tháng cuối năm",
            "Các chỉ tiêu còn chậm, đơn vị chưa báo cáo tự điền; các việc tổng kết năm."),
    Section("de_xuat", "VI. Đề xuất, kiến nghị", ""),
]
