/* The unlock page, served at the site root and as the host's 404 page.
   It derives the key from the password, checks it, hands it to the service
   worker, keeps it for the browser session, then reloads the same URL,
   which the worker now answers with the decrypted original. */
(function () {
  const form = document.getElementById("unlock");
  const input = document.getElementById("password");
  const button = document.getElementById("submit");
  const status = document.getElementById("status");
  const RELOAD_GUARD_MS = 10000;

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
          if (params.format === FORMAT) return { root: root, params: params };
        }
      } catch (error) {
        /* not here (or not JSON): look one folder up */
      }
      parts.pop();
    }
    return null;
  }

  function storedRecord(storageKey, params) {
    try {
      const record = JSON.parse(sessionStorage.getItem(storageKey));
      return isKeyRecord(record) && record.salt === params.salt ? record : null;
    } catch (error) {
      return null;
    }
  }

  async function main() {
    if (!window.isSecureContext || !("serviceWorker" in navigator) || !window.crypto || !crypto.subtle) {
      say("This browser cannot open the encrypted site from here: it needs an https:// address "
        + "(or http://localhost) and service workers enabled (not available in some private windows).", true);
      return;
    }
    const site = await findSite();
    if (!site) {
      say("The encrypted site is incomplete: its parameters (" + PARAMS_FILE + ") were not found.", true);
      return;
    }
    const root = site.root;
    const params = site.params;
    const storageKey = STORAGE_PREFIX + root;

    navigator.serviceWorker.addEventListener("message", (event) => {
      const data = event.data || {};
      if (data.type === "need-key" && event.ports[0]) event.ports[0].postMessage(storedRecord(storageKey, params));
    });
    navigator.serviceWorker.startMessages();

    let registration;
    try {
      registration = await navigator.serviceWorker.register(root + SERVICE_WORKER_FILE, { scope: root });
    } catch (error) {
      say("The browser refused to start the decrypting service worker: " + error.message, true);
      return;
    }
    await navigator.serviceWorker.ready;

    async function enter(record, automatic) {
      sessionStorage.setItem(storageKey, JSON.stringify(record));
      const worker = registration.active || (await navigator.serviceWorker.ready).active;
      const reply = await ask(worker, { type: "key", record: record }, 10000);
      if (reply !== "ok") {
        say("The decrypting service worker did not answer; reload the page to try again.", true);
        return;
      }
      const guardKey = storageKey + ":reloaded";
      const last = Number(sessionStorage.getItem(guardKey) || 0);
      if (automatic && Date.now() - last < RELOAD_GUARD_MS) {
        // We were just here: the worker did not take over the page. Do not loop.
        say("The site is unlocked but this page was not opened through it. Reload the page.", true);
        showForm();
        return;
      }
      sessionStorage.setItem(guardKey, String(Date.now()));
      say("Unlocked. Opening…", false);
      location.reload();
    }

    function showForm() {
      form.hidden = false;
      input.focus();
    }

    // Already unlocked in this tab, or in another tab the worker can ask.
    let record = storedRecord(storageKey, params);
    if (!record && registration.active) {
      const answer = await ask(registration.active, { type: "get-key" }, 5000);
      if (isKeyRecord(answer) && answer.salt === params.salt) record = answer;
    }
    if (record) {
      const keys = await deriveSiteKeys(bytesFromBase64(record.key), record.salt);
      if (await isRightKey(keys, params)) return enter(record, true);
      sessionStorage.removeItem(storageKey);
      if (registration.active) registration.active.postMessage({ type: "forget-key" });
    }

    say("", false);
    showForm();
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      button.disabled = true;
      say("Checking the password…", false);
      try {
        const master = await deriveMasterKey(input.value, params);
        const keys = await deriveSiteKeys(master, params.salt);
        if (!(await isRightKey(keys, params))) {
          say("Wrong password. Nothing was unlocked; try again.", true);
          input.select();
          return;
        }
        await enter({ salt: params.salt, key: base64FromBytes(master) }, false);
      } catch (error) {
        say("Unlocking failed: " + error.message, true);
      } finally {
        button.disabled = false;
      }
    });
  }

  main().catch((error) => say("Unlocking failed: " + error.message, true));
})();
