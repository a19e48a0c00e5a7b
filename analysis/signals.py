"""Events analysis sends for other rooms.

``run_progressed`` is sent after each progress report, and when a run finishes or fails, once
the write is committed. kwargs: run_id
"""

from django.dispatch import Signal

run_progressed = Signal()
