"""Printouts: builders that take plain data (see :mod:`copdesk.reports.data`) and return PDF bytes.

Nothing here reads the database; :mod:`copdesk.services.printouts` assembles the data.
"""
