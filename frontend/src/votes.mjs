// Vote without a page reload: the vote forms post to the page view without JavaScript; with
// it, the same vote goes to the REST API and the counts update in place.

function csrfToken(form) {
  const field = form.querySelector("input[name=csrfmiddlewaretoken]");
  return field ? field.value : "";
}

function render(container, result) {
  container.querySelectorAll("[data-count=up]").forEach((el) => {
    el.textContent = String(result.up_count);
  });
  container.querySelectorAll("[data-count=down]").forEach((el) => {
    el.textContent = String(result.down_count);
  });
  container.querySelectorAll("button[data-vote]").forEach((button) => {
    const pressed = Number(button.dataset.vote) === result.my_vote;
    button.setAttribute("aria-pressed", pressed ? "true" : "false");
    const form = button.closest("form");
    const valueField = form && form.querySelector("input[name=value]");
    if (valueField) {
      valueField.value = pressed ? "withdraw" : button.dataset.vote === "1" ? "up" : "down";
    }
  });
  const status = container.querySelector("[data-vote-status]");
  if (status) {
    status.textContent = `${result.up_count} up, ${result.down_count} down`;
  }
}

export function enhanceVotes(root) {
  root.querySelectorAll("[data-vote-api]").forEach((container) => {
    container.addEventListener("submit", async (event) => {
      const form = event.target;
      const valueField = form.querySelector("input[name=value]");
      if (!valueField) return;
      event.preventDefault();
      const value = valueField.value;
      const method = value === "withdraw" ? "DELETE" : "PUT";
      const body = value === "withdraw" ? undefined : JSON.stringify({ value: value === "up" ? 1 : -1 });
      try {
        const response = await fetch(container.dataset.voteApi, {
          method,
          body,
          credentials: "same-origin",
          headers: {
            "Content-Type": "application/json",
            Accept: "application/json",
            "X-CSRFToken": csrfToken(form),
          },
        });
        if (!response.ok) {
          form.submit(); // let the page explain what went wrong
          return;
        }
        render(container, await response.json());
      } catch (error) {
        form.submit();
      }
    });
  });
}
