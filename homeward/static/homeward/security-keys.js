// Security keys (WebAuthn): registering a key, and signing in with one.
// A form with data-webauthn="create" or "get" names where to fetch the options
// (data-options) and where to send the key's answer (data-answer); the server
// keeps the challenge and checks everything. No inline script: the page's CSP forbids it.
(() => {
  const toBytes = (text) => {
    const base64 = text.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(text.length / 4) * 4, "=");
    return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)).buffer;
  };
  const toText = (buffer) => {
    let binary = "";
    for (const byte of new Uint8Array(buffer)) binary += String.fromCharCode(byte);
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  };

  const post = async (form, url, body) => {
    const token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
    const response = await fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: {"X-CSRFToken": token, "Content-Type": "application/json"},
      body: body === undefined ? "{}" : JSON.stringify(body),
    });
    const answer = await response.json().catch(() => ({error: form.dataset.failed}));
    if (!response.ok) throw new Error(answer.error || form.dataset.failed);
    return answer;
  };

  const creation = (options) => {
    options.challenge = toBytes(options.challenge);
    options.user.id = toBytes(options.user.id);
    for (const item of options.excludeCredentials || []) item.id = toBytes(item.id);
    return {publicKey: options};
  };
  const request = (options) => {
    options.challenge = toBytes(options.challenge);
    for (const item of options.allowCredentials || []) item.id = toBytes(item.id);
    return {publicKey: options};
  };

  const serialise = (credential) => {
    const r = credential.response;
    const response = {clientDataJSON: toText(r.clientDataJSON)};
    if (r.attestationObject) {
      response.attestationObject = toText(r.attestationObject);
      if (r.getTransports) response.transports = r.getTransports();
    } else {
      response.authenticatorData = toText(r.authenticatorData);
      response.signature = toText(r.signature);
      if (r.userHandle) response.userHandle = toText(r.userHandle);
    }
    return {
      id: credential.id, rawId: toText(credential.rawId), type: credential.type, response,
      clientExtensionResults: credential.getClientExtensionResults(),
      authenticatorAttachment: credential.authenticatorAttachment || undefined,
    };
  };

  const run = async (form) => {
    const status = form.querySelector("[data-webauthn-status]");
    const button = form.querySelector("button[type=submit]");
    status.textContent = form.dataset.waiting;
    button.disabled = true;
    try {
      if (!window.PublicKeyCredential) throw new Error(form.dataset.unsupported);
      const options = await post(form, form.dataset.options);
      let answer;
      if (form.dataset.webauthn === "create") {
        const credential = await navigator.credentials.create(creation(options));
        const name = form.querySelector("input[name=name]");
        answer = {name: name ? name.value : "", credential: serialise(credential)};
      } else {
        answer = serialise(await navigator.credentials.get(request(options)));
      }
      const result = await post(form, form.dataset.answer, answer);
      window.location.assign(result.next);
    } catch (error) {
      status.textContent = error && error.name === "NotAllowedError" ? form.dataset.cancelled : error.message;
      button.disabled = false;
    }
  };

  document.addEventListener("submit", (event) => {
    const form = event.target.closest("form[data-webauthn]");
    if (!form) return;
    event.preventDefault();
    run(form);
  });
})();
