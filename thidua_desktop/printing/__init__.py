"""Printing and PDF without an office suite: Qt's text documents, paged by hand.

Lists and ballots are built as data by the services and rendered here with
``QTextDocument`` onto any paged device: a ``QPrinter`` (print and print
preview in the app) or a ``QPdfWriter`` (PDF files, also from the command
line, which needs only a ``QGuiApplication`` — offscreen is fine).
"""
