// homeward's own script (no inline scripts: the content security policy forbids them).
// Drop empty filter fields from HTMX requests, so the address bar keeps a short,
// shareable query string (?q=олекс rather than ?q=олекс&kind=&legal_status=…).
document.addEventListener("htmx:configRequest", (event) => {
  if (event.detail.verb !== "get") return;
  const parameters = event.detail.parameters;
  for (const name of Object.keys(parameters)) {
    if (parameters[name] === "") delete parameters[name];
  }
});

// After an HTMX update, tell screen readers what changed and keep the keyboard focus in the page.
// The summary is the swapped content's [data-announce] element, copied into #announcer: a live region
// present since the page loaded (regions that arrive with new content are not reliably announced).
const announced = new WeakSet();
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-announce]").forEach((element) => announced.add(element));
});
document.addEventListener("htmx:afterSettle", (event) => {
  const fresh = [...document.querySelectorAll("[data-announce]")].filter((element) => !announced.has(element));
  fresh.forEach((element) => announced.add(element));
  const announcer = document.getElementById("announcer");
  if (announcer && fresh.length) {
    const text = fresh.map((element) => element.textContent.trim().replace(/\s+/g, " ")).join(" ");
    announcer.textContent = "";
    window.setTimeout(() => { announcer.textContent = text; }, 100);
  }
  // The focused control was replaced (a form swapped with its result): focus the first field in
  // error, else the new content's heading, rather than leaving the keyboard at the top of the page.
  const active = document.activeElement;
  if (active && active !== document.body && active.isConnected) return;
  const region = event.detail.target && event.detail.target.isConnected ? event.detail.target : null;
  if (!region) return;
  const place = region.querySelector("[aria-invalid='true']") || region.querySelector("h2, h3") || region;
  if (!place.matches("input, select, textarea, button, a[href]") && !place.hasAttribute("tabindex")) {
    place.setAttribute("tabindex", "-1");
  }
  place.focus();
});

// A table wider than its box scrolls sideways: keyboard users reach the box with Tab and scroll it with
// the arrow keys, and screen readers hear it as a region named by the table's caption. Tables that fit
// get no extra tab stop.
function markScrollingTables() {
  document.querySelectorAll(".table-scroll").forEach((box) => {
    if (box.scrollWidth > box.clientWidth + 1) {
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      const caption = box.querySelector("caption");
      if (caption) box.setAttribute("aria-label", caption.textContent.trim());
    } else if (box.hasAttribute("tabindex")) {
      ["tabindex", "role", "aria-label"].forEach((name) => box.removeAttribute(name));
    }
  });
}
document.addEventListener("DOMContentLoaded", markScrollingTables);
document.addEventListener("htmx:afterSettle", markScrollingTables);
window.addEventListener("resize", markScrollingTables);
