// Visits offline, as progressive enhancement: without JavaScript (or without IndexedDB and WebCrypto) the site
// works as before, online. With them: the family page stores its offline copy, encrypted; the service worker
// shows the offline page for every page asked for with no connection, and this module fills it from the copy;
// what is recorded offline goes to an outbox sent when the connection returns; signing out deletes it all.
import { flush, choose, discard } from "./outbox.mjs";
import { changes, copies, copyOf, putChange, removeCopy, saveCopy, wipe } from "./store.mjs";
import * as view from "./render.mjs";

const PAGES = [
  [/^\/families\/(\d+)\/$/, "family"],
  [/^\/families\/(\d+)\/plan\/$/, "plan"],
  [/^\/families\/(\d+)\/notes\/new\/$/, "note"],
];

function show(holder, title, parts) {
  holder.replaceChildren(...parts.flat().filter(Boolean));
  document.title = `${title} – Supporting Families casework (offline)`;
}

// On the family page: store its offline copy while the server hands it out, delete it once it does not.
async function storeCopy(owner, form) {
  const family = Number(form.dataset.offlineFamily);
  const response = form.dataset.offlineCopy
    ? await fetch(form.dataset.offlineCopy, { credentials: "same-origin", headers: { Accept: "application/json" } })
    : { ok: false, status: 410 };
  if (response.ok) await saveCopy(owner, await response.json());
  else if ([403, 404, 410].includes(response.status)) await removeCopy(family);
  form.dataset.offlineState = response.ok ? "stored" : "removed";
}

async function showOutbox(owner) {
  const holder = document.getElementById("wf-outbox");
  if (!holder) return;
  const onChoose = async (change, keepMine) => {
    await choose(owner, change, keepMine);
    await showOutbox(owner);
  };
  const onDiscard = async (change) => {
    await discard(change);
    await showOutbox(owner);
  };
  holder.replaceChildren(...view.outboxView(await changes(owner), onChoose, onDiscard).flat());
  holder.dataset.offlineState = "shown";
}

async function sync(owner) {
  if (!navigator.onLine) return;
  await flush(owner);
  await showOutbox(owner);
}

function recorded(copy, fields) {
  return { key: crypto.randomUUID(), family: copy.family.id, family_reference: copy.family.reference, recorded_at: new Date().toISOString(), state: "waiting", ...fields };
}

// The offline page, shown by the service worker in place of a page asked for with no connection.
async function showOffline(holder, owner) {
  const found = PAGES.map(([pattern, page]) => [location.pathname.match(pattern), page]).find(([match]) => match);
  const copy = found && (await copyOf(owner, Number(found[0][1])));
  if (!copy) {
    const intro = found ? [view.h("p", { class: "govuk-body" }, "This page is not kept on this device for offline use.")] : [];
    show(holder, "Offline copies", [view.h("h1", { class: "govuk-heading-l" }, "Offline copies"), intro, view.copiesView(await copies(owner)), view.h("div", { id: "wf-outbox" })]);
    return showOutbox(owner);
  }
  const page = found[1];
  if (page === "family") return show(holder, `Family ${copy.family.reference}`, view.familyView(copy));
  if (page === "note") {
    const kinds = Object.fromEntries(copy.note_kinds.map((k) => [k.value, k.label]));
    return show(holder, "Add a contact or case note", view.noteView(copy, async (data) => {
      const kind = data.get("kind");
      const change = recorded(copy, {
        type: "note", kind, kind_label: kinds[kind], happened_on: data.get("happened_on"), note: data.get("note"),
        people: data.getAll("people").map(Number), sensitive: data.get("sensitive") === "yes",
      });
      await putChange(owner, change);
      show(holder, "Saved on this device", view.savedView(copy, `${kinds[kind]} saved on this device`));
    }));
  }
  const showPlan = async () => {
    const waiting = new Map((await changes(owner)).filter((c) => c.type === "progress").map((c) => [c.action, c]));
    show(holder, `Family plan of family ${copy.family.reference}`, view.planView(copy, waiting, async (action, progress, note) => {
      const label = copy.progress_choices.find((c) => c.value === progress).label;
      const earlier = waiting.get(action.id);
      if (earlier) await discard(earlier); // a second change of the same action replaces the first
      await putChange(owner, recorded(copy, {
        type: "progress", action: action.id, action_text: action.action, progress, progress_label: label,
        base: action.progress, version: action.version, note,
      }));
      await showPlan();
    }));
  };
  return showPlan();
}

async function signOut(owner, event) {
  const form = event.target;
  event.preventDefault();
  await flush(owner).catch(() => 0);
  const left = (await changes(owner)).length;
  const question = `${left} change(s) recorded offline could not be sent. Sign out and delete them from this device?`;
  if (left && !window.confirm(question)) return;
  await wipe();
  if ("serviceWorker" in navigator) {
    for (const registration of await navigator.serviceWorker.getRegistrations()) await registration.unregister();
  }
  form.submit();
}

export async function start() {
  const bar = document.querySelector(".wf-user-bar[data-user]");
  if (!bar || !window.isSecureContext || !("indexedDB" in window) || !crypto.subtle) return;
  const owner = bar.dataset.user;
  for (const form of document.querySelectorAll("form[data-sign-out]")) {
    form.addEventListener("submit", (event) => signOut(owner, event));
  }
  const holder = document.getElementById("wf-offline");
  const keep = document.querySelector("form[data-offline-family]");
  if (holder && (location.pathname !== holder.dataset.page || !navigator.onLine)) {
    await showOffline(holder, owner);
  } else {
    if (keep) await storeCopy(owner, keep).catch(() => {});
    await sync(owner);
  }
  window.addEventListener("online", () => sync(owner));
  // The service worker is installed once a family is kept for offline use (it then stays), and last, so that
  // caching the shell does not compete with the page's own requests on a weak signal.
  if ("serviceWorker" in navigator && (holder || keep?.dataset.offlineCopy)) {
    await navigator.serviceWorker.register("/offline-worker.js", { scope: "/" }).catch(() => {});
  }
}
