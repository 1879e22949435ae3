"""Errors of the stats domain."""

from http import HTTPStatus

from ..errors import AppError


class UnsummarisableBatchError(AppError):
    """A valid batch that cannot be summarised (e.g. its values overflow)."""

    status_code = HTTPStatus.UNPROCESSABLE_ENTITY
