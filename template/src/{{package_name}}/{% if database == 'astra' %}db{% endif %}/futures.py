"""Await the driver's requests from asyncio without blocking the event loop.

The driver runs its own I/O thread (the libev reactor) and reports each request's end
through callbacks on that thread; `wait()` hands the outcome over to the event loop.
"""

import asyncio
import contextlib

from cassandra.cluster import ResponseFuture, ResultSet


async def wait(response: ResponseFuture) -> ResultSet:
    """The ResultSet of `response` (its current page), or the error it ended with."""
    loop = asyncio.get_running_loop()
    outcome: asyncio.Future[ResultSet] = loop.create_future()

    def settle(_: object = None) -> None:
        # On the event loop; the request is over: result() returns (or raises) at once.
        if outcome.done():
            return  # the awaiting task was cancelled
        try:
            outcome.set_result(response.result())
        except Exception as exc:
            outcome.set_exception(exc)

    def on_io_thread(_: object) -> None:
        # A loop closed meanwhile has no one waiting any more.
        with contextlib.suppress(RuntimeError):
            loop.call_soon_threadsafe(settle)

    response.add_callbacks(on_io_thread, on_io_thread)
    return await outcome
