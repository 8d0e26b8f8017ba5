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
