// The offline copies of families and the outbox of what was recorded offline, in IndexedDB, encrypted.
//
// Every record is sealed with AES-GCM (a fresh 96-bit IV each time) by a 256-bit key that WebCrypto made
// non-extractable: the key is kept in IndexedDB as a CryptoKey, which scripts of this site can use but never
// read out. That protects the copies at rest (a copied profile folder, a disk image, another site) but not
// from scripts running in this site's pages, nor from someone using the browser while the profile is open.
// Each record carries its expiry and owner in clear so that expired or other users' records are deleted
// without being decrypted.

const DB_NAME = "wholefamily-offline";
const COPIES = "copies";
const OUTBOX = "outbox";
const KEYS = "keys";

function opened() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => {
      const db = request.result;
      db.createObjectStore(KEYS);
      db.createObjectStore(COPIES, { keyPath: "family" });
      db.createObjectStore(OUTBOX, { keyPath: "key" });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

// Run one request on a store and resolve with its result once the transaction has committed.
async function run(storeName, mode, makeRequest) {
  const db = await opened();
  try {
    return await new Promise((resolve, reject) => {
      const transaction = db.transaction(storeName, mode);
      const request = makeRequest(transaction.objectStore(storeName));
      transaction.oncomplete = () => resolve(request.result);
      transaction.onerror = () => reject(transaction.error);
    });
  } finally {
    db.close();
  }
}

async function theKey() {
  const kept = await run(KEYS, "readonly", (store) => store.get("aes"));
  if (kept) return kept;
  const made = await crypto.subtle.generateKey({ name: "AES-GCM", length: 256 }, false, ["encrypt", "decrypt"]);
  await run(KEYS, "readwrite", (store) => store.put(made, "aes"));
  return made;
}

async function seal(value) {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const text = new TextEncoder().encode(JSON.stringify(value));
  return { iv, data: await crypto.subtle.encrypt({ name: "AES-GCM", iv }, await theKey(), text) };
}

async function unseal(sealed) {
  const text = await crypto.subtle.decrypt({ name: "AES-GCM", iv: sealed.iv }, await theKey(), sealed.data);
  return JSON.parse(new TextDecoder().decode(text));
}

// The records of a store that belong to `owner` and have not expired; the others are deleted unread.
async function live(storeName, owner) {
  const rows = await run(storeName, "readonly", (store) => store.getAll());
  const now = Date.now();
  const found = [];
  for (const row of rows) {
    if (row.owner !== owner || (row.expires && row.expires <= now)) {
      await run(storeName, "readwrite", (store) => store.delete(storeName === COPIES ? row.family : row.key));
    } else {
      found.push(await unseal(row.sealed));
    }
  }
  return found;
}

export async function saveCopy(owner, copy) {
  const row = { family: copy.family.id, owner, expires: Date.parse(copy.expires_at), sealed: await seal(copy) };
  await run(COPIES, "readwrite", (store) => store.put(row));
}

export async function removeCopy(family) {
  await run(COPIES, "readwrite", (store) => store.delete(family));
}

export const copies = (owner) => live(COPIES, owner);

export async function copyOf(owner, family) {
  return (await copies(owner)).find((copy) => copy.family.id === family);
}

// The outbox: changes recorded offline, each with its idempotency key. They never expire: what was recorded
// stays until it is sent or the keyworker discards it.
export async function putChange(owner, change) {
  const row = { key: change.key, owner, sealed: await seal(change) };
  await run(OUTBOX, "readwrite", (store) => store.put(row));
}

export async function removeChange(key) {
  await run(OUTBOX, "readwrite", (store) => store.delete(key));
}

export async function changes(owner) {
  const found = await live(OUTBOX, owner);
  return found.sort((a, b) => a.recorded_at.localeCompare(b.recorded_at));
}

// Everything this site stored: the database (copies, outbox, key) and the service worker's caches.
export async function wipe() {
  await new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(DB_NAME);
    request.onsuccess = request.onerror = request.onblocked = () => resolve();
  });
  if ("caches" in window) {
    for (const name of await caches.keys()) await caches.delete(name);
  }
}
