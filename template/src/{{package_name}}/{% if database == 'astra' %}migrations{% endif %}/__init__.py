"""Versioned CQL migrations, shipped inside the package so the container can apply them.

`db.migrate` applies the `NNNN_description.cql` files beside this one, in order; its
docstring says what a migration file may hold.
"""
