// Sending what was recorded offline. Each change keeps its idempotency key until the server has it, so a send
// cut off half way is sent again and recorded once. A change the server answers with a conflict stays, with
// the server's value, until the keyworker chooses.
import { changes, putChange, removeChange } from "./store.mjs";

function csrfToken() {
  const input = document.querySelector("input[name=csrfmiddlewaretoken]");
  return input ? input.value : "";
}

function request(change) {
  const family = `/api/families/${change.family}/offline/`;
  if (change.type === "note") {
    const { kind, happened_on, note, people, sensitive } = change;
    return [`${family}notes/`, { key: change.key, kind, happened_on, note, people, sensitive }];
  }
  const { progress, base, note } = change;
  return [`${family}actions/${change.action}/`, { key: change.key, progress, base, note }];
}

async function send(change) {
  const [url, body] = request(change);
  const response = await fetch(url, {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": csrfToken() },
    body: JSON.stringify(body),
  });
  const answer = await response.json().catch(() => ({}));
  return { status: response.status, answer };
}

function problems(answer) {
  if (answer.detail) return answer.detail;
  return Object.entries(answer).map(([field, messages]) => `${field}: ${[].concat(messages).join(" ")}`).join("; ");
}

// Send every waiting change; returns how many were sent. Stops at the first that cannot get through (no
// connection, signed out) and leaves it, and those after it, to the next try.
export async function flush(owner) {
  let sent = 0;
  for (const change of await changes(owner)) {
    if (change.state !== "waiting") continue;
    let result;
    try {
      result = await send(change);
    } catch {
      break; // still offline
    }
    const { status, answer } = result;
    if (status === 200 || status === 201) {
      await removeChange(change.key);
      sent += 1;
    } else if (status === 409 && answer.server) {
      await putChange(owner, { ...change, state: "conflict", server: answer.server });
    } else if (status === 400 || status === 409) {
      await putChange(owner, { ...change, state: "refused", reason: problems(answer) });
    } else {
      break; // signed out, or the server is not answering: try again later
    }
  }
  return sent;
}

// The keyworker's choice on a conflict: keep theirs (sent again over the server's value) or the server's.
export async function choose(owner, change, keepMine) {
  if (keepMine) {
    await putChange(owner, { ...change, state: "waiting", base: change.server.value, server: undefined });
    return flush(owner);
  }
  await removeChange(change.key);
  return 0;
}

export async function discard(change) {
  await removeChange(change.key);
}
