// Live updates: vote and comment counts change in place, new contributions are announced,
// withdrawn or hidden ones are marked. Pages work without this file (and without sockets):
// it only adds to them. Messages carry absolute counts, so a missed one is repaired by the
// next; after a lost connection the page reconnects with backoff and fetches current counts.

const MAX_DELAY_MS = 30000;

function setText(root, selector, value) {
  root.querySelectorAll(selector).forEach((el) => {
    el.textContent = String(value);
  });
}

function plural(count, word) {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

function applyCounts(kind, message) {
  document.querySelectorAll(`[data-live-${kind}="${message.id}"]`).forEach((el) => {
    setText(el, "[data-count=up]", message.up);
    setText(el, "[data-count=down]", message.down);
  });
  if (kind === "contribution") {
    document.querySelectorAll(`[data-live-comments="${message.id}"]`).forEach((el) => {
      el.textContent = el.dataset.format === "plural" ? plural(message.comments, "comment") : String(message.comments);
    });
  }
}

function markRemoved(kind, id) {
  document.querySelectorAll(`[data-live-${kind}="${id}"]`).forEach((el) => {
    const status = el.querySelector("[data-vote-status]") || el;
    el.querySelectorAll("button").forEach((button) => {
      button.disabled = true;
    });
    if (status.dataset.voteStatus !== undefined) {
      status.textContent = "This is no longer available.";
    }
  });
}

function announceNew(root) {
  const banner = root.querySelector("[data-live-new]");
  if (!banner) return;
  const counter = banner.querySelector("[data-live-new-count]");
  const count = Number(banner.dataset.count || "0") + 1;
  banner.dataset.count = String(count);
  if (counter) counter.textContent = plural(count, "new contribution");
  banner.hidden = false;
}

function handle(root, message) {
  switch (message.type) {
    case "contribution.counts":
      applyCounts("contribution", message);
      break;
    case "comment.counts":
      applyCounts("comment", message);
      break;
    case "contribution.removed":
      markRemoved("contribution", message.id);
      break;
    case "comment.removed":
      markRemoved("comment", message.id);
      break;
    case "contribution.new":
      announceNew(root);
      break;
    case "queue.changed":
      Object.entries(message.open || {}).forEach(([queue, count]) => {
        setText(document, `[data-live-queue="${queue}"]`, count);
      });
      announceNew(root);
      break;
    case "run.progress":
      if (message.status === "succeeded" || message.status === "failed") {
        window.location.reload(); // the finished page says what happened
        return;
      }
      document.querySelectorAll("[data-live-progress]").forEach((el) => {
        el.value = message.progress;
        el.textContent = `${Math.round(message.progress * 100)}%`;
      });
      setText(document, "[data-live-step]", message.step);
      break;
    default:
      break;
  }
}

async function catchUp(root) {
  const url = root.dataset.liveSync;
  if (!url) return;
  const ids = (attribute) =>
    [...new Set([...document.querySelectorAll(`[${attribute}]`)].map((el) => el.getAttribute(attribute)))].join(",");
  const query = new URLSearchParams({
    contributions: ids("data-live-contribution"),
    comments: ids("data-live-comment"),
  });
  try {
    const response = await fetch(`${url}?${query}`, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    });
    if (!response.ok) return;
    const body = await response.json();
    (body.items || []).forEach((message) => handle(root, message));
  } catch (error) {
    // Offline: the next reconnect tries again.
  }
}

function connect(root, attempt) {
  const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
  const socket = new WebSocket(`${scheme}//${window.location.host}${root.dataset.liveSocket}`);
  let opened = false;
  socket.addEventListener("open", () => {
    opened = true;
    root.dataset.liveState = "open";
    if (attempt > 0) catchUp(root);
  });
  socket.addEventListener("message", (event) => {
    root.dispatchEvent(new Event("live:message"));
    try {
      handle(root, JSON.parse(event.data));
    } catch (error) {
      // A message this page does not understand is not worth breaking it for.
    }
  });
  socket.addEventListener("close", (event) => {
    root.dataset.liveState = "closed";
    if (event.code === 4403) return; // not allowed to listen: the page works without it
    const next = opened ? 1 : attempt + 1;
    const delay = Math.min(MAX_DELAY_MS, 1000 * 2 ** Math.min(next, 5)) * (0.5 + Math.random() / 2);
    window.setTimeout(() => connect(root, next), delay);
  });
}

// A run's page also asks the API when the socket has been quiet for a while: the embedded
// default's in-memory channel layer cannot carry messages from the worker process.
function poll(root) {
  const url = root.dataset.livePoll;
  let last = Date.now();
  root.addEventListener("live:message", () => {
    last = Date.now();
  });
  window.setInterval(async () => {
    if (Date.now() - last < 3000) return;
    try {
      const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
      if (!response.ok) return;
      const run = await response.json();
      handle(root, { type: "run.progress", ...run });
    } catch (error) {
      // Try again on the next tick.
    }
  }, 3000);
}

export function enhanceLive(doc) {
  doc.querySelectorAll("[data-live-socket]").forEach((root) => {
    if ("WebSocket" in window) connect(root, 0);
    if (root.dataset.livePoll) poll(root);
  });
}
