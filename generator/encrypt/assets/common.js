/* Names shared by the unlock page and the service worker of an encrypted site. */
"use strict";

const FORMAT = "sealed-site/2";
const BLOB_DIR = "encrypted/";
const PARAMS_FILE = BLOB_DIR + "params.json";
const SERVICE_WORKER_FILE = "unlock-sw.js";

/* Ask a message target one question; null when it does not answer in time. */
function ask(target, message, timeoutMs) {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    const timer = setTimeout(() => resolve(null), timeoutMs);
    channel.port1.onmessage = (event) => { clearTimeout(timer); resolve(event.data || null); };
    target.postMessage(message, [channel.port2]);
  });
}
