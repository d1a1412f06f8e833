"""Use-cases: each takes a database session, validates, changes data in one committed
transaction, and returns plain dataclasses (never ORM objects) that the window, the CLI and the
printouts can hold without touching the database again."""
