/* Keys and blobs of an encrypted site, with WebCrypto only. The build
   writes them with the same steps: change both sides or neither.

   Both keys are non-extractable CryptoKeys: once derived, not even this
   worker can read their bytes back, and nothing can send them anywhere. */
"use strict";

const NONCE_BYTES = 12;
const utf8 = new TextEncoder();

function bytesFromBase64(text) {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/* PBKDF2-HMAC-SHA256 of the NFC-normalised password (the one slow step),
   then HKDF-SHA256 into a decryption key and a naming key. */
async function deriveSiteKeys(password, params) {
  const material = await crypto.subtle.importKey(
    "raw", utf8.encode(password.normalize("NFC")), "PBKDF2", false, ["deriveBits"]);
  const salt = bytesFromBase64(params.salt);
  const master = new Uint8Array(await crypto.subtle.deriveBits(
    { name: "PBKDF2", hash: "SHA-256", salt: salt, iterations: params.iterations }, material, 256));
  let hkdfKey;
  try {
    hkdfKey = await crypto.subtle.importKey("raw", master, "HKDF", false, ["deriveKey"]);
  } finally {
    master.fill(0);  // importKey keeps its own copy, out of reach of script
  }
  const hkdf = (info) => ({ name: "HKDF", hash: "SHA-256", salt: salt, info: utf8.encode(info) });
  const content = await crypto.subtle.deriveKey(
    hkdf("sealed-site/2 content"), hkdfKey, { name: "AES-GCM", length: 256 }, false, ["decrypt"]);
  const names = await crypto.subtle.deriveKey(
    hkdf("sealed-site/2 names"), hkdfKey, { name: "HMAC", hash: "SHA-256", length: 256 }, false, ["sign"]);
  return { salt: params.salt, content: content, names: names };
}

async function openBlob(contentKey, blob, associatedData) {
  const plain = await crypto.subtle.decrypt(
    { name: "AES-GCM", iv: blob.subarray(0, NONCE_BYTES), additionalData: utf8.encode(associatedData) },
    contentKey, blob.subarray(NONCE_BYTES));
  return new Uint8Array(plain);
}

/* A decrypted file blob: one line of JSON ({type, size, scripts}), the body, then padding. */
function readSealedFile(plain) {
  const newline = plain.indexOf(10);
  const header = JSON.parse(new TextDecoder().decode(plain.subarray(0, newline)));
  return {
    type: header.type,
    body: plain.subarray(newline + 1, newline + 1 + header.size),
    scripts: Array.isArray(header.scripts) ? header.scripts : [],
  };
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
