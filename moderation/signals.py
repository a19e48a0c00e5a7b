"""Events moderation sends for other rooms (after the transaction commits).

Receivers get the challenge's id only: who did what stays in the audit log.
"""

from django.dispatch import Signal

# Something in a challenge's moderation changed (a case opened or closed, a decision, an
# appeal). kwargs: challenge_id
queue_changed = Signal()
