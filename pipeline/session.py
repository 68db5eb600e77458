"""Sessions and the one interruption mechanism.

A session runs one turn at a time. Starting a new turn (or :meth:`Session.interrupt`) cancels the running
one: its task is cancelled, its LLM thread is told to stop, queued events of the old turn are dropped, and
its stream ends with a single :class:`TurnCancelled` — nothing else from it is emitted afterwards.
Each turn has a number; a turn's events carry it, so a front end can also drop stale events itself.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

from pipeline.events import Event, TurnCancelled, TurnFailed
from pipeline.templates import message
from pipeline.turn import Guide, TurnInput

__all__ = ["Session"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _End:
    """Marks the end of a turn's event queue."""


@dataclass
class _Running:
    turn_id: int
    task: asyncio.Task[None]
    stop: threading.Event
    queue: asyncio.Queue[Event | _End]
    cancel_reason: str | None = None
    done: asyncio.Event = field(default_factory=asyncio.Event)


class Session:
    """One customer's conversation (history lives in the store under ``session_id``)."""

    def __init__(self, guide: Guide, session_id: str | None = None, customer_id: str | None = None) -> None:
        self.guide = guide
        self.id = session_id or uuid.uuid4().hex[:12]
        self.customer_id = customer_id
        self._turn_counter = 0
        self._running: _Running | None = None

    @property
    def busy(self) -> bool:
        return self._running is not None and not self._running.task.done()

    async def interrupt(self, reason: str = "stopped") -> None:
        """Cancel the running turn, if any; returns once it has stopped."""
        run = self._running
        if run is None or run.cancel_reason is not None:
            return
        run.cancel_reason = reason
        run.stop.set()
        run.task.cancel()
        run.queue.put_nowait(_End())
        await asyncio.gather(run.task, return_exceptions=True)

    async def ask(
        self, text: str | None = None, audio: object | None = None, image: object | None = None
    ) -> AsyncIterator[Event]:
        """Start a turn (interrupting the running one) and stream its events."""
        await self.interrupt("new turn")
        self._turn_counter += 1
        turn_id = self._turn_counter
        stop = threading.Event()
        queue: asyncio.Queue[Event | _End] = asyncio.Queue()
        inp = TurnInput(text=text, audio=audio, customer_id=self.customer_id, image=image)

        async def run() -> None:
            try:
                async for ev in self.guide.run(turn_id, self.id, inp, stop):
                    queue.put_nowait(ev)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("turn %d failed", turn_id)
                queue.put_nowait(TurnFailed(turn_id, message("failed", self.guide.config.default_lang)))
            finally:
                queue.put_nowait(_End())

        running = _Running(turn_id, asyncio.create_task(run()), stop, queue)
        self._running = running
        while True:
            item = await queue.get()
            if running.cancel_reason is not None:
                yield TurnCancelled(turn_id, running.cancel_reason)
                return
            if isinstance(item, _End):
                return
            yield item
