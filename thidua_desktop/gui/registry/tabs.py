"""The four tabs of the registry page: units, blocks, people, registrations."""
from __future__ import annotations

from typing import Callable

from PySide6.QtWidgets import QLabel

from ...domain.registry import TITLE_SHORT, format_titles, name_sort_key
from ...domain.roles import Action
from ...domain.text import format_date, format_number
from ...domain.units import DISCIPLINES, RATINGS, UNIT_KINDS
from ...services import printable_lists
from ...services.awards import history
from ...services.registry import blocks as block_service
from ...services.registry import people as people_service
from ...services.registry import registrations, standing
from ...services.registry import units as unit_service
from ...services.registry import views
from .. import collector
from .. import operations as ops
from ..access import restrict
from ..awards.printing import ListActions
from ..pages.base import load_in_background
from ..tablemodel import ALIGN_CENTER, ALIGN_RIGHT, Column
from ..tones import TONES
from ..unit_card import open_unit_card
from .common import MUTED, ListPanel
from .dialogs import AssignBlockDialog, BlockDialog, PersonDialog, RegistrationDialog, UnitDialog, show_history
from .host import RegistryHost


ERROR = TONES["error"]


def _muted(active_of: Callable) -> Callable:
    return lambda row: None if active_of(row) else MUTED


def _staff_text(row) -> str:
    if row.staff_count is None:
        return ""
    if row.female_staff_count is None:
        return format_number(row.staff_count)
    return f"{format_number(row.staff_count)} ({format_number(row.female_staff_count)} nữ)"


def _block_filters(blocks, block_of: Callable) -> list:
    choices = [("Tất cả các khối", None), ("Chưa xếp khối", lambda r: not block_of(r))]
    choices += [(b.name, lambda r, n=b.name: block_of(r) == n) for b in blocks]
    return choices


class RegistryTab(ListPanel):
    """A list of the registry page, reloaded from the database when shown."""

    def __init__(self, page: RegistryHost, columns, noun: str, search_hint: str):
        super().__init__(columns, noun, search_hint)
        self.page = page
        self.ctx = page.ctx
        self.view.doubleClicked.connect(lambda _index: self.edit())

    def edit(self) -> None:  # pragma: no cover - overridden where rows can be edited
        pass

    def need_one(self, what: str):
        row = self.current()
        if row is None:
            self.page.tell("Chọn một dòng", f"Hãy chọn một {what} trong danh sách.")
        return row

    def read(self, op):
        """``op(session)`` through ``ops.query``: plain data, or None after the error was shown."""
        result = ops.query(self, self.ctx, op)
        return None if result is ops.FAILED else result

    def changed(self, message: str) -> None:
        """After ``page.write``, which announced the change to every page."""
        self.say(message)

    def refresh(self) -> None:
        """Reload the list in the background (``query`` then ``fill``): the window stays alive
        while a large ward's list is read."""
        query, model = type(self).query, self.model

        def read(session):
            view = query(session)
            model.presort(view.rows)  # in the worker: the window then only checks the order
            return view

        def show(view) -> None:
            # No full garbage collection while thousands of rows are put in: one, set off by
            # the rows the worker made, walked the whole window's objects (~80 ms) before they showed.
            with collector.paused():
                self.fill(view)

        load_in_background(self, self.ctx, read, show)

    @staticmethod
    def query(session):  # pragma: no cover - overridden
        """The tab's data, from a service (run in the worker)."""

    def fill(self, view) -> None:  # pragma: no cover - overridden
        """Show ``query``'s data (on the GUI thread)."""

    def add_print_button(self, name: str, build) -> None:
        """“In danh sách”: ``build(session, ids)`` over the rows shown, in the order shown."""
        self.lists = ListActions(self, self.ctx, name, lambda s: printable_lists.framed(
            s, build(s, [r.id for r in self.rows_as_shown()])))
        self.print_button = self.lists.menu_button()
        self.toolbar.addWidget(self.print_button)


# --- units -------------------------------------------------------------------------


class UnitsTab(RegistryTab):
    def __init__(self, page: RegistryHost):
        super().__init__(page, [
            Column("Tên đơn vị", lambda r: r.name, width=46, foreground=_muted(lambda r: r.active),
                   tooltip=lambda r: "\n".join(x for x in (r.address, r.note, "" if r.active else "Ngừng hoạt động")
                                               if x)),
            Column("Loại hình", lambda r: UNIT_KINDS.get(r.kind, ""), width=20),
            Column("Khối thi đua", lambda r: r.block_name, width=30),
            Column("Vai trò", lambda r: r.role_label, width=11),
            Column("Thủ trưởng", lambda r: r.head_name, width=20, sort_key=lambda v: (v == "", name_sort_key(v))),
            Column("Điện thoại", lambda r: r.phone, width=15),
            Column("CB, NLĐ", lambda r: r, display=_staff_text, align=ALIGN_RIGHT, width=12, searchable=False,
                   sort_key=lambda r: (r.staff_count is None, r.staff_count or 0)),
            Column("Cá nhân", lambda r: r.people, align=ALIGN_RIGHT, width=7, searchable=False),
            Column("Đăng ký thi đua", lambda r: format_titles(r.titles, short=True) if r.registered else "chưa",
                   foreground=lambda r: None if r.registered else MUTED, width=26),
        ], "đơn vị", "Tìm đơn vị theo tên, thủ trưởng, điện thoại, địa chỉ (gõ không dấu cũng được)…")
        self.setObjectName("unitsTab")
        self.empty_text = "Chưa có đơn vị nào. Bấm “Thêm đơn vị…” hoặc “Nhập từ Excel…” để bắt đầu."
        self.add_button = self.button("Thêm đơn vị…", self.add, "addUnitButton")
        self.edit_button = self.button("Sửa…", self.edit, "editUnitButton")
        # A double-click shows the unit's card, as everywhere a unit is listed; the card and "Sửa…" edit it.
        self.view.doubleClicked.disconnect()
        self.view.doubleClicked.connect(lambda index: open_unit_card(self, self.ctx, self.proxy.row_at(index).id))
        self.card_button = self.button("Thẻ đơn vị…", self.show_card, "unitCardButton",
                                       "Mọi thông tin của đơn vị trên một trang, in được (nhấp đúp vào đơn vị cũng mở)")
        self.delete_button = self.button("Xóa…", self.delete, "deleteUnitButton")
        self.assign_button = self.button("Xếp vào khối…", self.assign_block, "assignBlockButton",
                                         "Chọn nhiều đơn vị (Ctrl, Shift) rồi xếp cùng lúc vào một khối thi đua")
        self.toolbar.addStretch(1)
        self.import_button = self.button("Nhập từ Excel…", self.page.import_units, "importUnitsButton")
        self.export_button = self.button("Xuất Excel…", self.page.export_units, "exportUnitsButton")
        self.template_button = self.button("Tệp mẫu…", self.page.units_template, "unitsTemplateButton",
                                           "Tệp Excel trống có hướng dẫn, để các đơn vị hoặc văn thư điền")
        self.add_print_button("units", printable_lists.units)
        self.add_filter("block", "Lọc theo khối thi đua")
        self.add_filter("kind", "Lọc theo loại hình", 170)
        self.add_filter("state", "Đang hoạt động hay đã ngừng", 150)
        self.set_filter_choices("kind", [("Tất cả loại hình", None)] + [
            (label, lambda r, c=code: r.kind == c) for code, label in UNIT_KINDS.items()])
        self.set_filter_choices("state", [("Đang hoạt động", lambda r: r.active), ("Đã ngừng hoạt động",
                                           lambda r: not r.active), ("Cả đang và đã ngừng", None)])
        self.count_extra = self._count_extra
        restrict(self.ctx, Action.EDIT_DATA, self.add_button, self.edit_button, self.delete_button, self.assign_button)
        restrict(self.ctx, Action.IMPORT, self.import_button)

    @staticmethod
    def _count_extra(rows) -> str:
        registered = sum(1 for r in rows if r.registered)
        return f" — đã đăng ký thi đua: {registered}" if rows else ""

    query = staticmethod(views.units_view)

    def fill(self, view) -> None:
        self.blocks = view.blocks
        self.set_filter_choices("block", _block_filters(view.blocks, lambda r: r.block_name))
        self.set_rows(view.rows)

    def add(self) -> None:
        choices = self.read(views.unit_choices)
        if choices is None:
            return
        current = self.filters["block"].currentText()
        preset = next((bid for bid, name in choices.blocks if name == current), None)
        dialog = self.page.open_dialog(UnitDialog(self, choices.names, choices.blocks, block_id=preset))
        if not dialog:
            return
        self._save(dialog, None, choices.campaign_id)

    def edit(self) -> None:
        row = self.need_one("đơn vị")
        if row is not None:
            self.edit_unit(row.id, row.block_id)

    def show_card(self) -> None:
        row = self.need_one("đơn vị")
        if row is not None:
            open_unit_card(self, self.ctx, row.id)

    def edit_unit(self, unit_id: int, block_id: int | None) -> None:
        """The unit's form (from the list, or from the unit's card wherever it was opened)."""
        choices = self.read(views.unit_choices)
        fields = self.read(lambda s: unit_service.unit_fields(s, unit_id))
        if choices is None or fields is None:
            return
        past = self.read(lambda s: history.history(s, unit_id=unit_id))
        form = UnitDialog(self, choices.names, choices.blocks, fields, block_id, unit_id)
        show_history(form, past or [], fields.name)
        dialog = self.page.open_dialog(form)
        if dialog:
            self._save(dialog, unit_id, choices.campaign_id)

    def _save(self, dialog: UnitDialog, unit_id: int | None, campaign_id: int) -> None:
        fields = dialog.fields()
        verb = "Sửa" if unit_id else "Thêm"
        saved = self.page.write(f"{verb} đơn vị {fields.name.strip()}", lambda s: unit_service.save_unit_fields(
            s, campaign_id, fields, dialog.block_id, unit_id))
        if not saved:
            return
        codes = [] if unit_id else self.read(lambda s: unit_service.allocated_codes(s, saved)) or []
        given = (f" Đã giao theo mặc định chỉ tiêu {', '.join(f'({c})' for c in codes)}; sửa ở "
                 "“Chỉ tiêu và kết quả” › “Giao cho đơn vị”." if codes else "")
        self.changed(f"Đã {'lưu' if unit_id else 'thêm'} “{fields.cleaned().name}”.{given}")

    def delete(self) -> None:
        rows = self.selected()
        if not rows:
            self.page.tell("Chọn đơn vị", "Hãy chọn đơn vị cần xóa.")
            return
        deps = self.read(lambda s: unit_service.dependents_of(s, [r.id for r in rows]))
        if deps is None:
            return
        blocked = [r for r in rows if deps[r.id].blocked]
        if blocked:
            text = "\n\n".join(unit_service.explain_blocked(r.name, deps[r.id]) for r in blocked[:5])
            if len(blocked) > 5:
                text += f"\n\n… và {len(blocked) - 5} đơn vị khác cũng còn dữ liệu liên quan."
            self.page.tell("Không xóa được", text)
            return
        names = ", ".join(f"“{r.name}”" for r in rows[:5]) + (f" và {len(rows) - 5} đơn vị khác" if len(rows) > 5
                                                              else "")
        released = sorted({item for r in rows for item in deps[r.id].released})
        text = f"Xóa {names}?"
        if released:
            text += "\n\nSẽ bỏ luôn: " + "; ".join(released[:8]) + ("…" if len(released) > 8 else "") + "."
        if not self.page.confirm("Xóa đơn vị", text):
            return
        ids = [r.id for r in rows]
        if self.page.write(f"Xóa {len(ids)} đơn vị", lambda s: unit_service.delete_units(s, ids)):
            self.changed(f"Đã xóa {len(ids)} đơn vị.")

    def assign_block(self) -> None:
        rows = self.selected()
        if not rows:
            self.page.tell("Chọn đơn vị", "Hãy chọn (giữ Ctrl hoặc Shift để chọn nhiều) các đơn vị cần xếp khối.")
            return
        choices = self.read(views.unit_choices)
        if choices is None:
            return
        blocks, campaign_id = choices.blocks, choices.campaign_id
        if not blocks:
            self.page.tell("Chưa có khối thi đua", "Hãy tạo khối thi đua ở thẻ “Khối thi đua” trước.")
            return
        leaders = [f"{r.name} ({r.role_label.lower()} {r.block_name})" for r in rows if r.role_label]
        dialog = self.page.open_dialog(AssignBlockDialog(self, [r.name for r in rows], blocks, leaders))
        if not dialog:
            return
        ids, block_id = [r.id for r in rows], dialog.block_id
        name = next((n for bid, n in blocks if bid == block_id), None)
        result = self.page.write(f"Xếp {len(ids)} đơn vị vào khối",
                                 lambda s: unit_service.assign_block(s, campaign_id, ids, block_id))
        if result:
            self.changed(result.message(name))


# --- blocks ------------------------------------------------------------------------


class BlocksTab(RegistryTab):
    def __init__(self, page: RegistryHost):
        super().__init__(page, [
            Column("TT", lambda r: r.position, align=ALIGN_RIGHT, width=4, searchable=False),
            Column("Khối thi đua", lambda r: r.name, width=34, tooltip=lambda r: r.note),
            Column("Trưởng khối", lambda r: r.leader_name, width=30),
            Column("Phó khối", lambda r: r.deputy_name, width=30),
            Column("Số đơn vị", lambda r: r.member_count, align=ALIGN_RIGHT, width=8),
            Column("Đơn vị thành viên", lambda r: r.member_names, tooltip=lambda r: r.member_names.replace("; ", "\n"),
                   width=60),
        ], "khối", "Tìm khối theo tên, trưởng khối, đơn vị thành viên…")
        self.setObjectName("blocksTab")
        self.empty_text = "Chưa có khối thi đua nào. Bấm “Thêm khối…”, rồi xếp các đơn vị vào khối."
        self.year_label = QLabel()
        self.toolbar.addWidget(self.year_label)
        self.add_button = self.button("Thêm khối…", self.add, "addBlockButton")
        self.edit_button = self.button("Sửa…", self.edit, "editBlockButton")
        self.delete_button = self.button("Xóa…", self.delete, "deleteBlockButton")
        self.toolbar.addStretch(1)
        self.add_print_button("blocks", printable_lists.blocks)
        restrict(self.ctx, Action.EDIT_DATA, self.add_button, self.edit_button, self.delete_button)

    query = staticmethod(views.blocks_view)

    def fill(self, view) -> None:
        self.year = view.year
        self.year_label.setText(f"Các khối thi đua năm {self.year}:")
        self.set_rows(view.rows)
        self.say(f"{view.unassigned} đơn vị đang hoạt động chưa xếp khối." if view.unassigned else "", "warning")

    def add(self) -> None:
        choices = self.read(views.block_choices)
        if choices is None:
            return
        dialog = self.page.open_dialog(BlockDialog(self, choices.names, choices.units))
        if dialog:
            self._save(dialog, None, choices.campaign_id)

    def edit(self) -> None:
        row = self.need_one("khối")
        if row is None:
            return
        choices = self.read(views.block_choices)
        if choices is None:
            return
        dialog = self.page.open_dialog(BlockDialog(self, choices.names, choices.units, row.id, row.name,
                                                   {i for i, _ in row.members}, row.leader_id, row.deputy_id,
                                                   row.note))
        if dialog:
            self._save(dialog, row.id, choices.campaign_id)

    def _save(self, dialog: BlockDialog, block_id: int | None, campaign_id: int) -> None:
        fields = block_service.BlockFields(dialog.name.text(), dialog.leader.currentData(),
                                           dialog.deputy.currentData(), dialog.note.text(), dialog.member_ids())
        verb = "Sửa" if block_id else "Thêm"
        if self.page.write(f"{verb} khối thi đua {fields.name.strip()}",
                           lambda s: block_service.save_block_fields(s, campaign_id, fields, block_id)):
            self.changed(f"Đã lưu “{fields.name.strip()}” ({len(fields.member_ids)} đơn vị).")

    def delete(self) -> None:
        row = self.need_one("khối")
        if row is None:
            return
        deps = self.read(lambda s: block_service.block_dependents(s, row.id))
        if deps is None:
            return
        if deps.blocked:
            self.page.tell("Không xóa được", f"Không xóa được “{row.name}” vì còn:\n"
                           + "\n".join(f"• {d}" for d in deps.blocking)
                           + "\nHãy xóa bảng chấm điểm của khối ở trang “Chấm điểm, xếp hạng” trước.")
            return
        text = f"Xóa “{row.name}”?"
        if deps.released:
            text += "\n\n" + "; ".join(deps.released)[:1].upper() + "; ".join(deps.released)[1:] + "."
        if self.page.confirm("Xóa khối thi đua", text) and self.page.write(
                f"Xóa khối thi đua {row.name}", lambda s: block_service.delete_block(s, row.id, confirmed=True)):
            self.changed(f"Đã xóa “{row.name}”.")


# --- people ------------------------------------------------------------------------


def _birth_key(row) -> tuple:
    if row.birth_date is not None:
        return (0, row.birth_date.year, row.birth_date.toordinal())
    return (0, row.birth_year, 0) if row.birth_year else (1,)


class PeopleTab(RegistryTab):
    def __init__(self, page: RegistryHost):
        super().__init__(page, [
            Column("Họ và tên", lambda r: r.full_name, width=24, foreground=_muted(lambda r: r.active),
                   sort_key=name_sort_key, tooltip=lambda r: "\n".join(
                       x for x in (r.address, r.note, "" if r.active else "Không còn công tác") if x)),
            Column("Giới tính", lambda r: r.gender_label, width=7, searchable=False),
            Column("Ngày sinh", lambda r: r, display=lambda r: r.birth_text, sort_key=_birth_key, width=12,
                   align=ALIGN_RIGHT, searchable=False),
            Column("Chức vụ", lambda r: r.position, width=26),
            Column("Đơn vị", lambda r: r.unit_name, width=34),
            Column("Lãnh đạo", lambda r: r.is_leader, display=lambda v: "✓" if v else "", align=ALIGN_CENTER,
                   width=8, searchable=False, sort_key=lambda v: (not v,)),
            Column("Điện thoại", lambda r: r.phone, width=15),
            Column("Xếp loại", lambda r: r.rating, tooltip=lambda r: RATINGS.get(r.rating, "Chưa có xếp loại"),
                   width=13, searchable=False),
            Column("Kỷ luật", lambda r: DISCIPLINES.get(r.discipline, ""), width=12, searchable=False,
                   foreground=lambda r: ERROR if r.discipline else None),
        ], "cá nhân", "Tìm theo họ tên, chức vụ, đơn vị, điện thoại (gõ không dấu cũng được)…")
        self.setObjectName("peopleTab")
        self.empty_text = "Chưa có cá nhân nào. Bấm “Thêm cá nhân…” hoặc “Nhập từ Excel…” để bắt đầu."
        self.add_button = self.button("Thêm cá nhân…", self.add, "addPersonButton")
        self.edit_button = self.button("Sửa…", self.edit, "editPersonButton")
        self.delete_button = self.button("Xóa…", self.delete, "deletePersonButton")
        self.toolbar.addStretch(1)
        self.import_button = self.button("Nhập từ Excel…", self.page.import_people, "importPeopleButton")
        self.export_button = self.button("Xuất Excel…", self.page.export_people, "exportPeopleButton")
        self.template_button = self.button("Tệp mẫu…", self.page.people_template, "peopleTemplateButton",
                                           "Tệp Excel trống có hướng dẫn, để các đơn vị điền danh sách cá nhân")
        self.add_print_button("people", printable_lists.people)
        self.add_filter("block", "Lọc theo khối thi đua của đơn vị")
        self.add_filter("unit", "Lọc theo đơn vị", 220)
        self.add_filter("leader", "Lãnh đạo, quản lý hay trực tiếp công tác", 170)
        self.add_filter("state", "Đang công tác hay không", 140)
        self.set_filter_choices("leader", [("Lãnh đạo và không", None), ("Lãnh đạo, quản lý", lambda r: r.is_leader),
                                           ("Không giữ chức vụ lãnh đạo", lambda r: not r.is_leader)])
        self.set_filter_choices("state", [("Đang công tác", lambda r: r.active), ("Không còn công tác",
                                           lambda r: not r.active), ("Tất cả", None)])
        self.count_extra = self._leaders
        restrict(self.ctx, Action.EDIT_DATA, self.add_button, self.edit_button, self.delete_button)
        restrict(self.ctx, Action.IMPORT, self.import_button)

    @staticmethod
    def _leaders(rows) -> str:
        if not rows:
            return ""
        leaders = sum(1 for r in rows if r.is_leader)
        share = format_number(leaders * 100 / len(rows), max_decimals=1)
        return f" — lãnh đạo, quản lý: {leaders} ({share}%)"

    query = staticmethod(views.people_view)

    def fill(self, view) -> None:
        self.year = view.year
        self.model.columns[-2].header = f"Xếp loại {self.year}"
        self.model.columns[-1].header = f"Kỷ luật {self.year}"
        self.set_filter_choices("block", _block_filters(view.blocks, lambda r: r.block_name), refilter=False)
        self.set_filter_choices("unit", [("Tất cả đơn vị", None)] + [
            (name, lambda r, i=uid: r.unit_id == i) for uid, name in view.units], refilter=False)
        self.set_rows(view.rows)

    def _units(self) -> list[tuple[int, str]] | None:
        return self.read(views.active_units)

    def _duplicate(self, fields, person_id):
        return self.read(lambda s: people_service.duplicate_problem(s, fields, person_id))

    def add(self) -> None:
        units = self._units()
        if units is None:
            return
        if not units:
            self.page.tell("Chưa có đơn vị", "Hãy thêm (hoặc nhập từ Excel) danh sách đơn vị trước.")
            return
        from ...domain.registry import PersonFields

        current = self.filters["unit"].currentText()
        preset = next((uid for uid, name in units if name == current), None)
        dialog = self.page.open_dialog(PersonDialog(self, units, self._duplicate, PersonFields(unit_id=preset),
                                                    year=self.year))
        if dialog:
            self._save(dialog, None)

    def edit(self) -> None:
        row = self.need_one("người")
        if row is None:
            return
        fields = self.read(lambda s: people_service.person_fields(s, row.id))
        year = self.read(lambda s: standing.year_standing(s, row.id))
        units = self._units()
        if fields is None or year is None or units is None:
            return
        if row.unit_id and all(uid != row.unit_id for uid, _ in units):
            units.append((row.unit_id, row.unit_name))
        past = self.read(lambda s: history.history(s, person_id=row.id))
        form = PersonDialog(self, units, self._duplicate, fields, row.id, year, self.year)
        show_history(form, past or [])
        dialog = self.page.open_dialog(form)
        if dialog:
            self._save(dialog, row.id)

    def _save(self, dialog: PersonDialog, person_id: int | None) -> None:
        fields = dialog.fields()
        verb = "Sửa" if person_id else "Thêm"
        year = dialog.standing()
        saved = self.page.write(f"{verb} cá nhân {fields.cleaned().full_name}",
                                lambda s: standing.save_person_with_standing(s, fields, person_id, year))
        if saved:
            self.changed(f"Đã {'lưu' if person_id else 'thêm'} “{fields.cleaned().full_name}”.")

    def delete(self) -> None:
        rows = self.selected()
        if not rows:
            self.page.tell("Chọn cá nhân", "Hãy chọn người cần xóa.")
            return
        deps = self.read(lambda s: people_service.dependents_of(s, [r.id for r in rows]))
        if deps is None:
            return
        blocked = [r for r in rows if deps[r.id].blocked]
        if blocked:
            self.page.tell("Không xóa được", "\n\n".join(
                f"Không xóa được “{r.full_name}” ({r.unit_name}) vì còn:\n"
                + "\n".join(f"• {d}" for d in deps[r.id].blocking) for r in blocked[:5])
                + "\n\nNếu người này đã nghỉ hoặc chuyển công tác, hãy bỏ chọn “Đang công tác” thay vì xóa.")
            return
        names = ", ".join(f"“{r.full_name}”" for r in rows[:5]) + (f" và {len(rows) - 5} người khác" if len(rows) > 5
                                                                   else "")
        released = [f"{r.full_name}: {'; '.join(deps[r.id].released)}" for r in rows if deps[r.id].released]
        text = f"Xóa {names}?"
        if released:
            text += "\n\nSẽ xóa luôn: " + "\n".join(released[:6]) + ("\n…" if len(released) > 6 else "")
        if not self.page.confirm("Xóa cá nhân", text):
            return
        ids = [r.id for r in rows]
        if self.page.write(f"Xóa {len(ids)} cá nhân", lambda s: people_service.delete_people(s, ids)):
            self.changed(f"Đã xóa {len(ids)} người.")


# --- registrations -------------------------------------------------------------------


class RegistrationsTab(RegistryTab):
    def __init__(self, page: RegistryHost):
        super().__init__(page, [
            Column("Đơn vị", lambda r: r.unit_name, width=42, foreground=_muted(lambda r: r.active)),
            Column("Loại hình", lambda r: UNIT_KINDS.get(r.kind, ""), width=20),
            Column("Khối thi đua", lambda r: r.block_name, width=30),
            Column("Ngày đăng ký", lambda r: r.registered_on, width=13, align=ALIGN_RIGHT),
            Column("Danh hiệu, hình thức đăng ký", lambda r: r.titles_text if r.registered else "chưa đăng ký",
                   foreground=lambda r: None if r.registered else MUTED, width=60,
                   tooltip=lambda r: r.titles_text.replace("; ", "\n")),
            Column("Ghi chú", lambda r: r.note, width=30),
        ], "đơn vị", "Tìm đơn vị, danh hiệu đăng ký (gõ không dấu cũng được)…")
        self.setObjectName("registrationsTab")
        self.empty_text = "Chưa có đơn vị nào để đăng ký thi đua. Thêm đơn vị ở thẻ “Đơn vị” trước."
        self.register_button = self.button("Đăng ký, sửa…", self.edit, "registerButton",
                                           "Chọn một hoặc nhiều đơn vị (Ctrl, Shift) để đăng ký cùng lúc")
        self.remove_button = self.button("Bỏ đăng ký…", self.remove, "unregisterButton")
        self.toolbar.addStretch(1)
        self.add_filter("block", "Lọc theo khối thi đua")
        self.add_filter("state", "Đã hay chưa đăng ký", 160)
        self.add_filter("title", "Lọc theo danh hiệu đăng ký", 180)
        self.set_filter_choices("state", [("Đã và chưa đăng ký", None), ("Đã đăng ký", lambda r: r.registered),
                                          ("Chưa đăng ký", lambda r: not r.registered)])
        self.set_filter_choices("title", [("Mọi danh hiệu", None)] + [
            (TITLE_SHORT[c], lambda r, c=c: c in r.titles) for c in TITLE_SHORT])
        self.count_extra = lambda rows: (f" — đã đăng ký: {sum(1 for r in rows if r.registered)}" if rows else "")
        restrict(self.ctx, Action.EDIT_DATA, self.register_button, self.remove_button)

    query = staticmethod(views.registrations_view)

    def fill(self, view) -> None:
        self.campaign_id, self.year = view.campaign_id, view.year
        self.set_filter_choices("block", _block_filters(view.blocks, lambda r: r.block_name))
        self.set_rows(view.rows)


    def edit(self) -> None:
        rows = self.selected()
        if not rows:
            self.page.tell("Chọn đơn vị", "Hãy chọn một hoặc nhiều đơn vị để đăng ký thi đua.")
            return
        first = rows[0] if len(rows) == 1 and rows[0].registered else None
        dialog = self.page.open_dialog(RegistrationDialog(
            self, [(r.unit_name, r.kind) for r in rows], self.year,
            first.registered_on if first else None, list(first.titles) if first else None, first.note if first else ""))
        if not dialog:
            return
        ids, day, titles, note = [r.unit_id for r in rows], dialog.registered_on(), dialog.titles(), dialog.note.text()
        if self.page.write(f"Đăng ký thi đua cho {len(ids)} đơn vị",
                           lambda s: registrations.register(s, self.campaign_id, ids, day, titles, note)):
            self.changed(f"Đã ghi đăng ký thi đua của {len(ids)} đơn vị: {format_titles(titles, short=True)}"
                         + (f", ngày {format_date(day)}" if day else "") + ".")

    def remove(self) -> None:
        rows = [r for r in self.selected() if r.registered]
        if not rows:
            self.page.tell("Chọn đơn vị", "Hãy chọn đơn vị đã đăng ký cần bỏ đăng ký.")
            return
        names = ", ".join(f"“{r.unit_name}”" for r in rows[:5]) + (f" và {len(rows) - 5} đơn vị khác"
                                                                   if len(rows) > 5 else "")
        if not self.page.confirm("Bỏ đăng ký thi đua", f"Bỏ đăng ký thi đua năm {self.year} của {names}?"):
            return
        ids = [r.unit_id for r in rows]
        if self.page.write(f"Bỏ đăng ký thi đua của {len(ids)} đơn vị",
                           lambda s: registrations.unregister(s, self.campaign_id, ids)):
            self.changed(f"Đã bỏ đăng ký của {len(ids)} đơn vị.")

