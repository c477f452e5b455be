// Passkeys on a seeker's account pages: "Add a passkey" (profile) and
// "Sign in with a passkey" (sign-in). The server runs the WebAuthn
// ceremonies; this only carries their options to the browser's
// authenticator and its answer back. Without WebAuthn (or JavaScript) the
// buttons stay hidden and signing in with a code works as before.
(function () {
  "use strict";
  if (!window.PublicKeyCredential || !navigator.credentials) return;

  const bytes = (text) => {
    const base64 = text.replace(/-/g, "+").replace(/_/g, "/");
    const raw = atob(base64 + "===".slice((base64.length + 3) % 4));
    return Uint8Array.from(raw, (c) => c.charCodeAt(0)).buffer;
  };
  const text = (buffer) => {
    if (!buffer) return undefined;
    let raw = "";
    new Uint8Array(buffer).forEach((b) => (raw += String.fromCharCode(b)));
    return btoa(raw).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  };

  const post = async (path, body) => {
    const response = await fetch(path, {
      method: "POST",
      credentials: "same-origin",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: body === undefined ? "" : JSON.stringify(body),
    });
    const answer = response.status === 204 ? {} : await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(answer.message || "Something went wrong. Try again.");
    return answer;
  };

  const say = (box, message, good) => {
    box.textContent = message;
    box.className = good ? "notice" : "form-error";
    box.setAttribute("role", good ? "status" : "alert");
    box.hidden = false;
  };

  /** What the authenticator says when it will not (or cannot) answer. */
  const refusal = (error, what) =>
    error && error.name === "NotAllowedError"
      ? `${what} was cancelled, or this device has no passkey for FarCoder.`
      : error && error.name === "SecurityError"
        ? "Passkeys work only on the site's own address."
        : error && error.message
          ? error.message
          : `${what} did not work. Try again.`;

  async function addPasskey(button, box) {
    button.disabled = true;
    try {
      const begun = await post("/me/passkeys/new");
      const options = begun.options.publicKey;
      options.challenge = bytes(options.challenge);
      options.user.id = bytes(options.user.id);
      (options.excludeCredentials || []).forEach((c) => (c.id = bytes(c.id)));
      const made = await navigator.credentials.create({ publicKey: options });
      await post("/me/passkeys", {
        ceremony: begun.ceremony,
        credential: {
          id: made.id,
          rawId: text(made.rawId),
          type: made.type,
          extensions: made.getClientExtensionResults(),
          response: {
            attestationObject: text(made.response.attestationObject),
            clientDataJSON: text(made.response.clientDataJSON),
            transports: made.response.getTransports ? made.response.getTransports() : undefined,
          },
        },
      });
      window.location.assign("/me/profile?passkey=added#passkeys");
    } catch (error) {
      say(box, refusal(error, "Adding a passkey"), false);
      button.disabled = false;
    }
  }

  async function signIn(button, box) {
    button.disabled = true;
    try {
      const begun = await post("/me/passkeys/sign-in/new");
      const options = begun.options.publicKey;
      options.challenge = bytes(options.challenge);
      (options.allowCredentials || []).forEach((c) => (c.id = bytes(c.id)));
      const signed = await navigator.credentials.get({ publicKey: options });
      const done = await post("/me/passkeys/sign-in", {
        ceremony: begun.ceremony,
        credential: {
          id: signed.id,
          rawId: text(signed.rawId),
          type: signed.type,
          extensions: signed.getClientExtensionResults(),
          response: {
            authenticatorData: text(signed.response.authenticatorData),
            clientDataJSON: text(signed.response.clientDataJSON),
            signature: text(signed.response.signature),
            userHandle: text(signed.response.userHandle),
          },
        },
      });
      // Only a page of this site: anything else goes to the tracker.
      const asked = new URLSearchParams(window.location.search).get("next") || done.next || "/me";
      let next = "/me";
      try {
        const url = new URL(asked, window.location.origin);
        if (url.origin === window.location.origin) next = url.pathname + url.search + url.hash;
      } catch (_) {
        // not an address: the tracker
      }
      window.location.assign(next);
    } catch (error) {
      say(box, refusal(error, "Signing in with a passkey"), false);
      button.disabled = false;
    }
  }

  for (const [id, run] of [["add-passkey", addPasskey], ["passkey-sign-in", signIn]]) {
    const button = document.getElementById(id);
    if (!button) continue;
    const box = document.getElementById(`${id}-message`);
    const section = document.getElementById(`${id}-box`);
    if (section) section.hidden = false;
    button.addEventListener("click", () => run(button, box));
  }
})();
