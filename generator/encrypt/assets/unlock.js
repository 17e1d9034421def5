/* The unlock page, served at the site root and as the host's 404 page.
   It starts the service worker, sends it the password (the worker derives
   and checks the keys, and keeps them), then reloads the same URL, which
   the worker now answers with the decrypted original. This page never
   holds a key, and stores nothing but the time of its last reload. */
(function () {
  const form = document.getElementById("unlock");
  const input = document.getElementById("password");
  const button = document.getElementById("submit");
  const status = document.getElementById("status");
  const RELOAD_GUARD_MS = 10000;
  const UNLOCK_TIMEOUT_MS = 120000;  // the key derivation is slow on purpose

  function say(text, isError) {
    status.textContent = text;
    status.className = isError ? "error" : "";
  }

  /* The site root is the nearest folder above this URL that holds the
     parameters: this page may be a 404 page shown at any depth, and the
     site may live in a sub-folder of its host. */
  async function findSite() {
    const parts = location.pathname.split("/");
    parts.pop();
    while (parts.length > 0) {
      const root = parts.join("/") + "/";
      try {
        const response = await fetch(root + PARAMS_FILE, { cache: "no-store" });
        if (response.ok) {
          const params = await response.json();
          if (params.format === FORMAT) return root;
        }
      } catch (error) {
        /* not here (or not JSON): look one folder up */
      }
      parts.pop();
    }
    return null;
  }

  async function main() {
    if (!window.isSecureContext || !("serviceWorker" in navigator) || !window.crypto || !crypto.subtle) {
      say("This browser cannot open the encrypted site from here: it needs an https:// address "
        + "(or http://localhost) and service workers enabled (not available in some private windows).", true);
      return;
    }
    const root = await findSite();
    if (!root) {
      say("The encrypted site is incomplete: its parameters (" + PARAMS_FILE + ") were not found.", true);
      return;
    }
    const workerUrl = new URL(root + SERVICE_WORKER_FILE, location.href).href;
    let registration;
    try {
      registration = await navigator.serviceWorker.register(workerUrl, { scope: root });
    } catch (error) {
      say("The browser refused to start the decrypting service worker: " + error.message, true);
      return;
    }
    await navigator.serviceWorker.ready;
    const worker = registration.active;
    if (!worker || worker.scriptURL !== workerUrl) {
      say("The decrypting service worker did not start; reload the page to try again.", true);
      return;
    }

    function reopen(automatic) {
      const guardKey = "unlock-reloaded:" + root;
      const last = Number(sessionStorage.getItem(guardKey) || 0);
      if (automatic && Date.now() - last < RELOAD_GUARD_MS) {
        // We were just here: the worker did not take over the page. Do not loop.
        say("The site is unlocked but this page was not opened through it. Reload the page.", true);
        return;
      }
      sessionStorage.setItem(guardKey, String(Date.now()));
      say("Unlocked. Opening…", false);
      location.reload();
    }

    // Already unlocked in another tab of this site: the worker still has its keys.
    const state = await ask(worker, { type: "status" }, 5000);
    if (state && state.unlocked) return reopen(true);

    say("", false);
    form.hidden = false;
    input.focus();
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      button.disabled = true;
      say("Checking the password…", false);
      try {
        const reply = await ask(worker, { type: "unlock", password: input.value }, UNLOCK_TIMEOUT_MS);
        if (reply && reply.unlocked) {
          input.value = "";
          reopen(false);
        } else if (reply && reply.error) {
          say("Unlocking failed: " + reply.error, true);
        } else if (reply) {
          say("Wrong password. Nothing was unlocked; try again.", true);
          input.select();
        } else {
          say("The decrypting service worker did not answer; reload the page to try again.", true);
        }
      } finally {
        button.disabled = false;
      }
    });
  }

  main().catch((error) => say("Unlocking failed: " + error.message, true));
})();
