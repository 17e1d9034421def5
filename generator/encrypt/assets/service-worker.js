/* The service worker of an encrypted site.

   It answers every same-origin GET under its scope for an original URL
   (a page, the search index, a PDF) by fetching the blob named
   HMAC(names key, original path), decrypting it and answering with the
   original bytes and Content-Type. Its keys live in memory only; browsers
   stop idle workers, so when it wakes without keys it asks the open pages,
   which keep the key for the browser session (sessionStorage). With no key
   anywhere it answers navigations with the unlock page. */

const SCOPE = new URL(self.registration.scope);
const ROOT = SCOPE.pathname;
const STORAGE_KEY = STORAGE_PREFIX + ROOT;
const ASK_TIMEOUT_MS = 1500;
const PAGE_SCRIPT = __PAGE_SCRIPT__;
const PUBLIC_PATH = new RegExp(
  "^(?:" + SERVICE_WORKER_FILE.replace(".", "\\.") + "|" + BLOB_DIR + "(?:params\\.json|[0-9a-f]{64}))$");

let current = null;   // {record, keys}
let pending = null;   // the question to the open pages while there is no key

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("message", (event) => {
  const message = event.data || {};
  const port = event.ports[0];
  if (message.type === "key" && isKeyRecord(message.record)) {
    event.waitUntil(useKey(message.record).then(
      () => port && port.postMessage("ok"),
      () => port && port.postMessage("error")));
  } else if (message.type === "get-key" && port) {
    event.waitUntil(currentKeys().then(() => port.postMessage(current ? current.record : null)));
  } else if (message.type === "forget-key") {
    current = null;
  }
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== SCOPE.origin || !url.pathname.startsWith(ROOT)) return;
  const relative = url.pathname.slice(ROOT.length);
  if (PUBLIC_PATH.test(relative)) return;
  event.respondWith(respond(request, url, relative));
});

async function useKey(record) {
  const keys = await deriveSiteKeys(bytesFromBase64(record.key), record.salt);
  current = { record: record, keys: keys };
}

async function currentKeys() {
  if (current) return current;
  if (!pending) {
    pending = askPages().then(async (record) => {
      if (record) await useKey(record);
      return current;
    }).finally(() => { pending = null; });
  }
  return pending;
}

/* The first key record any open page of this site answers with. */
async function askPages() {
  const pages = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  return new Promise((resolve) => {
    let left = pages.length;
    if (left === 0) resolve(null);
    for (const page of pages) {
      ask(page, { type: "need-key" }, ASK_TIMEOUT_MS).then((answer) => {
        if (isKeyRecord(answer)) resolve(answer);
        else if (--left === 0) resolve(null);
      });
    }
  });
}

async function respond(request, url, relative) {
  let path;
  try {
    path = decodeURIComponent(relative);
  } catch (error) {
    return plain(400, "Bad request");
  }
  const unlocked = await currentKeys();
  if (!unlocked) return locked(request);
  const candidates = path === "" || path.endsWith("/")
    ? [[path + "index.html", false]]
    : [[path, false], [path + "/index.html", true]];
  for (const [candidate, isFolder] of candidates) {
    const file = await openFile(unlocked, candidate);
    if (file === STALE) return forgetAndLock(request);
    if (file && isFolder) return Response.redirect(new URL(url.pathname + "/" + url.search, url).href, 301);
    if (file) return answer(file, 200);
  }
  const missing = await openFile(unlocked, "404.html");
  if (missing && missing !== STALE) return answer(missing, 404);
  // Nothing at all: maybe the site was rebuilt with a new salt since this key was given.
  if (!(await isCurrentBuild(unlocked.record))) return forgetAndLock(request);
  return plain(404, "Not found");
}

const STALE = {};

/* {type, body} of an original path, null when the site has no such file,
   STALE when the blob does not open with this key. */
async function openFile(unlocked, path) {
  const name = await neutralName(unlocked.keys.names, path);
  const response = await fetch(ROOT + BLOB_DIR + name);
  if (response.status === 404) return null;
  if (!response.ok) throw new Error("blob " + name + ": HTTP " + response.status);
  const blob = new Uint8Array(await response.arrayBuffer());
  let bytes;
  try {
    bytes = await openBlob(unlocked.keys.content, blob, "file:" + path);
  } catch (error) {
    return STALE;
  }
  const newline = bytes.indexOf(10);
  return {
    type: new TextDecoder().decode(bytes.subarray(0, newline)),
    body: bytes.subarray(newline + 1),
  };
}

function answer(file, status) {
  let body = file.body;
  if (file.type.startsWith("text/html")) body = withPageScript(new TextDecoder().decode(body));
  return new Response(body, { status: status, headers: { "Content-Type": file.type } });
}

/* Every decrypted page carries a small script that keeps the key for this
   browser session and hands it back when the worker wakes up without it. */
function withPageScript(html) {
  const script = "<script>" + PAGE_SCRIPT.replace(
    "__STORAGE_KEY__", JSON.stringify(STORAGE_KEY).replace(/</g, "\\u003c")) + "</script>";
  const head = /<head(?:\s[^>]*)?>/i.exec(html);
  if (!head) return script + html;
  const at = head.index + head[0].length;
  return html.slice(0, at) + script + html.slice(at);
}

async function isCurrentBuild(record) {
  try {
    const response = await fetch(ROOT + PARAMS_FILE, { cache: "no-store" });
    const params = await response.json();
    return params.salt === record.salt;
  } catch (error) {
    return true;  // cannot tell (offline): keep the key
  }
}

async function forgetAndLock(request) {
  current = null;
  return locked(request);
}

/* Without a key a page request gets the unlock page (at the same URL, so it
   comes back here after unlocking); anything else is refused. */
async function locked(request) {
  if (request.mode !== "navigate") return plain(401, "This site is locked.");
  const page = await fetch(ROOT + "index.html", { cache: "no-store" });
  return new Response(await page.arrayBuffer(), {
    status: 200,
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" },
  });
}

function plain(status, text) {
  return new Response(text, { status: status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}
