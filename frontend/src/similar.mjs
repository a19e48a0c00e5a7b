// "Already here? Support it instead": while someone writes a contribution, show up to five
// similar published ones (from the analysis vectoriser). Without JavaScript nothing changes.

function render(region, results) {
  region.replaceChildren();
  if (!results.length) {
    region.hidden = true;
    return;
  }
  const heading = document.createElement("h2");
  heading.className = "nhsuk-heading-s";
  heading.textContent = "Already here? Support it instead";
  const list = document.createElement("ul");
  list.className = "nhsuk-list";
  for (const item of results) {
    const entry = document.createElement("li");
    const link = document.createElement("a");
    link.href = `/contributions/${item.id}/`;
    link.textContent = item.title || item.body.slice(0, 80);
    entry.append(link, ` (${item.up_count} up)`);
    list.append(entry);
  }
  region.append(heading, list);
  region.hidden = false;
}

export function enhanceSimilar(root) {
  root.querySelectorAll("[data-similar-api]").forEach((region) => {
    const field = document.getElementById(region.dataset.similarFor);
    if (!field) return;
    let timer = null;
    let last = "";
    field.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        const text = field.value.trim();
        if (text.length < 20 || text === last) return;
        last = text;
        try {
          const url = `${region.dataset.similarApi}?text=${encodeURIComponent(text.slice(0, 2000))}`;
          const response = await fetch(url, { headers: { Accept: "application/json" } });
          if (response.ok) render(region, await response.json());
        } catch (error) {
          // Suggestions are a nicety: say nothing if they cannot be fetched.
        }
      }, 700);
    });
  });
}
