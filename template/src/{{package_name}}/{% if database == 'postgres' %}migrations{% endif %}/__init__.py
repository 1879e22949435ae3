"""Alembic migrations, shipped inside the package so the container can apply them.

`db.migrate` applies them; `versions/` holds one file per revision.
"""
