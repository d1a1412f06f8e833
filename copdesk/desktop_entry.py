"""The texts a desktop shows about copdesk outside its window: the menu entry, the file type, the
software centre's page.

They are marked here with ``N_()`` so that ``tools/i18n.sh`` extracts them into the catalogs like
any other string; ``packaging/make_desktop_files.py`` reads the catalogs at build time and writes
the translated ``.desktop`` file, the shared-mime-info XML and the AppStream metainfo from them.
Nothing in copdesk itself imports this module.
"""

from __future__ import annotations

from copdesk.i18n import N_

APP_ID = "io.github.copdesk.Copdesk"
MIME_TYPE = "application/x-copdesk"

# Translators: the program's name in the desktop's menu. Keep "copdesk" unless your script needs a transliteration.
NAME = N_("copdesk")
# Translators: what kind of program copdesk is, shown under or beside its name in menus.
GENERIC_NAME = N_("Community of practice planner")
# Translators: the tooltip of copdesk's menu entry, and its one-line summary in software centres (no full stop).
COMMENT = N_("Plan and print the sessions of a community of practice")
# Translators: search words for the desktop's menu, separated by semicolons, ending with a semicolon; no spaces around them.
KEYWORDS = N_("community;practice;convener;roster;members;sessions;agenda;meeting;")
# Translators: the name of the file type of *.copdesk files, as a file manager shows it.
MIME_COMMENT = N_("copdesk community")

# The long description for software centres, one paragraph per string.
DESCRIPTION = (
    N_(
        "copdesk is a desktop companion for people who convene a community of practice: a group "
        "of practitioners from different organisations who meet regularly to learn from each other."
    ),
    N_(
        "It keeps the roster and the sessions of one community in a single file on your laptop, "
        "works offline, and prints the agenda you hand out in the room, in your group's language."
    ),
)
