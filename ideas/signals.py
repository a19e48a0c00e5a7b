"""Events other rooms listen to. Sent only after the transaction commits.

``ideas`` knows nothing of websockets or analysis: the event publisher (backend) and later
moderation and analysis connect receivers here. Receivers get ids and absolute counts, never
users.
"""

from django.dispatch import Signal

# kwargs: challenge_id, contribution_id, created (True when it was just posted)
contribution_changed = Signal()
# kwargs: challenge_id, contribution_id, comment_id
comment_changed = Signal()
# kwargs: challenge_id, contribution_id (or None), comment_id (or None)
vote_changed = Signal()

# Sent synchronously INSIDE the transaction that stores a held item, so moderation opens its
# case atomically with it. kwargs: item, result (moderation.prescreen.Result),
# edited_on_request (bool, optional)
item_held = Signal()
# Sent after a submission was refused by the pre-screen (nothing was stored).
# kwargs: challenge_id, result
submission_refused = Signal()
