"""Alembic migrations for the community file.

``HEAD`` names the newest revision so that opening an up-to-date file does not pay for loading
Alembic; a test checks that it matches the migration scripts.
"""

HEAD = "0007"
