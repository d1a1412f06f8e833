"""copdesk: a desktop companion for people who convene a community of practice."""

__version__ = "0.1.0"
