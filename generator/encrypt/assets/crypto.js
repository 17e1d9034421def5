/* Keys and blobs of an encrypted site, with WebCrypto only.
   Mirrors generator/encrypt/keys.py and blobs.py: change both or neither. */
"use strict";

const FORMAT = "portfolio-encrypted-site/1";
const BLOB_DIR = "encrypted/";
const PARAMS_FILE = BLOB_DIR + "params.json";
const SERVICE_WORKER_FILE = "unlock-sw.js";
const STORAGE_PREFIX = "portfolio-unlock:";
const NONCE_BYTES = 12;
const utf8 = new TextEncoder();

function bytesFromBase64(text) {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function base64FromBytes(bytes) {
  let binary = "";
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]);
  return btoa(binary);
}

/* The slow step: PBKDF2-HMAC-SHA256 of the NFC-normalised password. */
async function deriveMasterKey(password, params) {
  const material = await crypto.subtle.importKey(
    "raw", utf8.encode(password.normalize("NFC")), "PBKDF2", false, ["deriveBits"]);
  const bits = await crypto.subtle.deriveBits(
    { name: "PBKDF2", hash: "SHA-256", salt: bytesFromBase64(params.salt), iterations: params.iterations },
    material, 256);
  return new Uint8Array(bits);
}

/* HKDF-SHA256 splits the master key into a decryption key and a naming key. */
async function deriveSiteKeys(master, saltBase64) {
  const material = await crypto.subtle.importKey("raw", master, "HKDF", false, ["deriveKey"]);
  const salt = bytesFromBase64(saltBase64);
  const hkdf = (info) => ({ name: "HKDF", hash: "SHA-256", salt: salt, info: utf8.encode(info) });
  const content = await crypto.subtle.deriveKey(
    hkdf("portfolio-encrypted-site/1 content"), material,
    { name: "AES-GCM", length: 256 }, false, ["decrypt"]);
  const names = await crypto.subtle.deriveKey(
    hkdf("portfolio-encrypted-site/1 names"), material,
    { name: "HMAC", hash: "SHA-256", length: 256 }, false, ["sign"]);
  return { content: content, names: names };
}

async function openBlob(contentKey, blob, associatedData) {
  const plain = await crypto.subtle.decrypt(
    { name: "AES-GCM", iv: blob.subarray(0, NONCE_BYTES), additionalData: utf8.encode(associatedData) },
    contentKey, blob.subarray(NONCE_BYTES));
  return new Uint8Array(plain);
}

async function isRightKey(keys, params) {
  try {
    await openBlob(keys.content, bytesFromBase64(params.check), "check");
    return true;
  } catch (error) {
    return false;
  }
}

async function neutralName(namesKey, path) {
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", namesKey, utf8.encode(path.normalize("NFC"))));
  return Array.from(mac, (b) => b.toString(16).padStart(2, "0")).join("");
}

/* Ask a message target one question; null when it does not answer in time. */
function ask(target, message, timeoutMs) {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    const timer = setTimeout(() => resolve(null), timeoutMs);
    channel.port1.onmessage = (event) => { clearTimeout(timer); resolve(event.data || null); };
    target.postMessage(message, [channel.port2]);
  });
}

/* A stored key record is {salt, key}: the build it belongs to and the raw master key. */
function isKeyRecord(value) {
  return !!value && typeof value.salt === "string" && typeof value.key === "string";
}
