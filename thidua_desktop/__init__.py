"""Thi đua – Khen thưởng: phần mềm quản lý phong trào thi đua và khen thưởng cấp phường."""

__version__ = "0.1.0"
APP_NAME = "Thi đua – Khen thưởng"
APP_ID = "ThiDuaKhenThuong"
