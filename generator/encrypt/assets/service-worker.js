/* The service worker of an encrypted site.

   It answers every GET under its scope for an original URL (a page, the
   search index, a PDF) by fetching the blob named HMAC(names key, path),
   decrypting it and answering with the original bytes and type, each page
   with a strict Content-Security-Policy and a Lock button.

   The keys exist here only, as non-extractable CryptoKeys in memory: the
   unlock page sends the password, this worker derives the keys and keeps
   them; no message ever returns them, and nothing is stored. The worker
   talks only to pages of its own site (a window inside its scope), so a
   page elsewhere on the same host gets no answer at all. The keys are
   forgotten on Lock, when the last page of the site closes, and whenever
   the browser stops the worker; the site then asks for the password again. */

const SCOPE = new URL(self.registration.scope);
const ROOT = SCOPE.pathname;
const PAGE_SCRIPT = __PAGE_SCRIPT__;
const PAGE_SCRIPT_HASH = __PAGE_SCRIPT_HASH__;
const LAST_PAGE_GRACE_MS = 2500;
const PUBLIC_PATH = new RegExp(
  "^(?:" + SERVICE_WORKER_FILE.replace(".", "\\.") + "|" + BLOB_DIR + "(?:params\\.json|[0-9a-f]{64}))$");
// Scripts may come from this site's folder only (not from elsewhere on the host).
const SCRIPT_SOURCE = /[;,\s']/.test(SCOPE.href) ? "'self'" : SCOPE.href;
const HASH_SOURCE = /^'sha256-[A-Za-z0-9+/]+={0,2}'$/;

let current = null;    // {salt, content, names}: the keys, while unlocked
let lastActivity = 0;  // when a page of the site last asked for something

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

/* A window of this site: never a worker, never a page outside the scope. */
function isSitePage(client) {
  return !!client && client.type === "window" && typeof client.url === "string"
    && client.url.startsWith(SCOPE.href);
}

async function sitePages() {
  const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  return windows.filter(isSitePage);
}

self.addEventListener("message", (event) => {
  if (event.origin !== SCOPE.origin || !isSitePage(event.source)) return;  // no answer at all
  const message = event.data || {};
  const reply = (data) => event.ports[0] && event.ports[0].postMessage(data);
  lastActivity = Date.now();
  if (message.type === "unlock" && typeof message.password === "string") {
    event.waitUntil(unlock(message.password).then(
      (unlocked) => reply({ unlocked: unlocked }),
      () => reply({ unlocked: false, error: "the site's parameters could not be read" })));
  } else if (message.type === "status") {
    reply({ unlocked: current !== null });  // also keeps the worker alive while pages are open
  } else if (message.type === "lock") {
    event.waitUntil(lock().then(() => reply({ unlocked: false })));
  } else if (message.type === "bye") {
    event.waitUntil(forgetIfNoPageLeft());
  }
});

async function unlock(password) {
  const response = await fetch(ROOT + PARAMS_FILE, { cache: "no-store" });
  const params = await response.json();
  if (params.format !== FORMAT) throw new Error("unknown format");
  const keys = await deriveSiteKeys(password, params);
  if (!(await isRightKey(keys, params))) return false;
  current = keys;
  return true;
}

async function lock() {
  current = null;
  for (const page of await sitePages()) page.postMessage({ type: "locked" });
}

/* A page closed or moved on: once no page of the site is left, forget the keys. */
async function forgetIfNoPageLeft() {
  await new Promise((resolve) => setTimeout(resolve, LAST_PAGE_GRACE_MS));
  if (Date.now() - lastActivity < LAST_PAGE_GRACE_MS) return;  // a page is loading
  if ((await sitePages()).length === 0) current = null;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== SCOPE.origin || !url.pathname.startsWith(ROOT)) return;
  const relative = url.pathname.slice(ROOT.length);
  if (PUBLIC_PATH.test(relative)) return;
  lastActivity = Date.now();
  event.respondWith(respond(request, url, relative));
});

async function respond(request, url, relative) {
  // Never into a frame, an object or an embed: only a page of its own.
  if (request.mode === "navigate" && request.destination !== "document") return plain(403, "Forbidden");
  let path;
  try {
    path = decodeURIComponent(relative);
  } catch (error) {
    return plain(400, "Bad request");
  }
  const keys = current;
  if (!keys) return locked(request);
  const candidates = path === "" || path.endsWith("/")
    ? [[path + "index.html", false]]
    : [[path, false], [path + "/index.html", true]];
  for (const [candidate, isFolder] of candidates) {
    const file = await openFile(keys, candidate);
    if (file === STALE) return forgetAndLock(request);
    if (file && isFolder) return Response.redirect(new URL(url.pathname + "/" + url.search, url).href, 301);
    if (file) return answer(file, 200);
  }
  const missing = await openFile(keys, "404.html");
  if (missing && missing !== STALE) return answer(missing, 404);
  // Nothing at all: maybe the site was rebuilt with a new salt since it was unlocked.
  if (!(await isCurrentBuild(keys))) return forgetAndLock(request);
  return plain(404, "Not found");
}

const STALE = {};

/* {type, body, scripts} of an original path, null when the site has no such
   file, STALE when the blob does not open with these keys. */
async function openFile(keys, path) {
  const name = await neutralName(keys.names, path);
  const response = await fetch(ROOT + BLOB_DIR + name);
  if (response.status === 404) return null;
  if (!response.ok) throw new Error("blob " + name + ": HTTP " + response.status);
  const blob = new Uint8Array(await response.arrayBuffer());
  try {
    // The same NFC form the blob was sealed under (blobs.py): a URL may come decomposed.
    return readSealedFile(await openBlob(keys.content, blob, ("file:" + path).normalize("NFC")));
  } catch (error) {
    return STALE;
  }
}

function answer(file, status) {
  let body = file.body;
  const headers = securityHeaders(file.scripts);
  headers["Content-Type"] = file.type;
  if (file.type.startsWith("text/html")) {
    body = withPageScript(new TextDecoder().decode(body));
    headers["Cache-Control"] = "no-store";  // a locked site is not shown again from the back button
  }
  return new Response(body, { status: status, headers: headers });
}

/* Scripts only from the site's folder, inline ones only by the hash the
   build took of the page as the theme wrote it; no plugins, no <base>, and
   no page of another site (or another folder of this host) may frame it. */
function securityHeaders(scripts) {
  const hashes = [PAGE_SCRIPT_HASH].concat(scripts.filter((hash) => HASH_SOURCE.test(hash)));
  const policy = [
    "default-src 'self'",
    "script-src " + SCRIPT_SOURCE + " " + hashes.join(" "),
    "worker-src " + SCRIPT_SOURCE,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "frame-src 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
  return {
    "Content-Security-Policy": policy,
    // A page elsewhere on the host that opens this one gets no handle on it.
    "Cross-Origin-Opener-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
  };
}

/* Every decrypted page carries a small script: the Lock button, and a
   check that locks the page when the site was locked elsewhere. */
function withPageScript(html) {
  const script = "<script>" + PAGE_SCRIPT + "</script>";
  const head = /<head(?:\s[^>]*)?>/i.exec(html);
  if (!head) return script + html;
  const at = head.index + head[0].length;
  return html.slice(0, at) + script + html.slice(at);
}

async function isCurrentBuild(keys) {
  try {
    const response = await fetch(ROOT + PARAMS_FILE, { cache: "no-store" });
    const params = await response.json();
    return params.salt === keys.salt;
  } catch (error) {
    return true;  // cannot tell (offline): keep the keys
  }
}

async function forgetAndLock(request) {
  current = null;
  return locked(request);
}

/* Without keys a page request gets the unlock page (at the same URL, so it
   comes back here after unlocking); anything else is refused. */
async function locked(request) {
  if (request.mode !== "navigate") return plain(401, "This site is locked.");
  const page = await fetch(ROOT + "index.html", { cache: "no-store" });
  return new Response(await page.arrayBuffer(), {
    status: 200,
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Cache-Control": "no-store",
      "Content-Security-Policy": "frame-ancestors 'none'",
      "Cross-Origin-Opener-Policy": "same-origin",
    },
  });
}

function plain(status, text) {
  return new Response(text, {
    status: status,
    headers: { "Content-Type": "text/plain; charset=utf-8", "X-Content-Type-Options": "nosniff" },
  });
}
