// The pages of a family kept for offline use, built from its decrypted copy with GOV.UK Frontend's classes:
// the family summary, the plan (each action's progress can be changed) and the contact form, and the list of
// what waits to be sent, with the conflicts to resolve. Text goes in as text nodes, never as HTML.

export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === undefined || value === null) continue;
    if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? "" : value);
  }
  element.append(...children.flat().filter((child) => child !== null && child !== undefined));
  return element;
}

const when = (text) => new Date(text).toLocaleString("en-GB", { dateStyle: "long", timeStyle: "short" });
const day = (text) => (text ? new Date(`${text}T12:00:00`).toLocaleDateString("en-GB", { dateStyle: "long" }) : "–");
const link = (href, text) => h("a", { class: "govuk-link", href }, text);
const button = (text, attributes = {}) => h("button", { type: "submit", class: "govuk-button", "data-module": "govuk-button", ...attributes }, text);

function header(copy, title) {
  return [
    h("span", { class: "govuk-caption-l" }, `Family ${copy.family.reference}: offline copy`),
    h("h1", { class: "govuk-heading-l" }, title),
    h(
      "div",
      { class: "govuk-inset-text" },
      `You are offline. This copy was taken on ${when(copy.taken_at)} and can be used until ${when(copy.expires_at)}. `,
      "What you record is kept on this device and sent when the connection returns.",
    ),
  ];
}

function summaryRow(key, ...value) {
  return h("div", { class: "govuk-summary-list__row" }, h("dt", { class: "govuk-summary-list__key" }, key), h("dd", { class: "govuk-summary-list__value" }, ...value));
}

export function familyView(copy) {
  const { summary } = copy;
  const needs = summary.needs.map((line) =>
    h("li", {}, h("strong", {}, line.headline), line.restricted ? ": details restricted" : line.needs.length ? `: ${line.needs.join("; ")}` : ""),
  );
  const actions = summary.next_actions.map((a) => h("li", {}, `${a.action} (${a.owner}, by ${day(a.due_on)})`));
  return [
    ...header(copy, `Family ${copy.family.reference}`),
    h(
      "div",
      { class: "govuk-button-group" },
      h("a", { class: "govuk-button", href: `/families/${copy.family.id}/notes/new/` }, "Record a contact"),
      link(`/families/${copy.family.id}/plan/`, "Family plan"),
    ),
    h("h2", { class: "govuk-heading-m" }, "Summary"),
    h(
      "dl",
      { class: "govuk-summary-list" },
      summaryRow("Status", copy.family.status),
      summaryRow("Needs", needs.length ? h("ul", { class: "govuk-list" }, needs) : "None identified"),
      summaryRow("Next actions", actions.length ? h("ul", { class: "govuk-list" }, actions) : "None"),
      summaryRow("Review due", day(summary.review_due)),
      summaryRow("Next meeting", day(summary.next_meeting)),
      summaryRow("Team around the family", summary.team_around.join(", ") || "No one yet"),
    ),
  ];
}

function progressForm(copy, action, waiting, onSave) {
  const id = `progress-${action.id}`;
  const select = h(
    "select",
    { class: "govuk-select", id, name: "progress" },
    copy.progress_choices.map((c) => h("option", { value: c.value, selected: c.value === action.progress }, c.label)),
  );
  const note = h("textarea", { class: "govuk-textarea", id: `${id}-note`, name: "note", rows: "2" });
  const form = h(
    "form",
    { novalidate: true, onsubmit: (event) => { event.preventDefault(); onSave(action, select.value, note.value); } },
    h("div", { class: "govuk-form-group" }, h("label", { class: "govuk-label", for: id }, `Progress of “${action.action}”`), select),
    h("div", { class: "govuk-form-group" }, h("label", { class: "govuk-label", for: `${id}-note` }, "Progress note (optional)"), note),
    button("Save on this device", { class: "govuk-button govuk-button--secondary" }),
  );
  return [
    waiting ? h("p", { class: "govuk-body govuk-!-font-weight-bold" }, `Waiting to send: ${waiting.progress_label}`) : null,
    form,
  ];
}

export function planView(copy, waitingByAction, onSave) {
  const goals = copy.plan.goals.map((goal) => [
    h("h2", { class: "govuk-heading-m" }, goal.headline),
    h("p", { class: "govuk-body" }, goal.goal, h("br"), h("span", { class: "govuk-body-s wf-secondary" }, goal.status)),
    ...goal.actions.map((action) =>
      h(
        "div",
        { class: "wf-offline-action" },
        h("h3", { class: "govuk-heading-s" }, action.action),
        h("p", { class: "govuk-body-s" }, `${action.owner}, by ${day(action.due_on)}. Progress: ${action.progress_label}`),
        action.may_update ? progressForm(copy, action, waitingByAction.get(action.id), onSave) : null,
      ),
    ),
  ]);
  const restricted = copy.plan.restricted_headlines.length
    ? h("p", { class: "govuk-body wf-restricted" }, `Goals restricted: ${copy.plan.restricted_headlines.join(", ")}`)
    : null;
  return [
    ...header(copy, `Family plan of family ${copy.family.reference}`),
    goals.length ? goals.flat() : h("p", { class: "govuk-body" }, "The plan has no goals yet."),
    restricted,
    link(`/families/${copy.family.id}/`, `Back to family ${copy.family.reference}`),
  ];
}

function radios(name, legend, choices) {
  return h(
    "div",
    { class: "govuk-form-group" },
    h(
      "fieldset",
      { class: "govuk-fieldset" },
      h("legend", { class: "govuk-fieldset__legend govuk-fieldset__legend--s" }, legend),
      h(
        "div",
        { class: "govuk-radios", "data-module": "govuk-radios" },
        choices.map((c, i) =>
          h(
            "div",
            { class: "govuk-radios__item" },
            h("input", { class: "govuk-radios__input", id: `${name}-${i}`, name, type: "radio", value: c.value }),
            h("label", { class: "govuk-label govuk-radios__label", for: `${name}-${i}` }, c.label),
          ),
        ),
      ),
    ),
  );
}

function checkbox(id, name, value, label) {
  return h(
    "div",
    { class: "govuk-checkboxes__item" },
    h("input", { class: "govuk-checkboxes__input", id, name, type: "checkbox", value }),
    h("label", { class: "govuk-label govuk-checkboxes__label", for: id }, label),
  );
}

export function noteView(copy, onSave) {
  const error = h("p", { class: "govuk-error-message", hidden: true });
  const now = new Date();
  const today = [now.getFullYear(), now.getMonth() + 1, now.getDate()].map((n) => String(n).padStart(2, "0")).join("-");
  const form = h(
    "form",
    {
      novalidate: true,
      onsubmit: (event) => {
        event.preventDefault();
        const data = new FormData(form);
        const missing = !data.get("kind") ? "Choose what kind of contact it was" : !data.get("note").trim() ? "Enter the note" : !data.get("happened_on") ? "Enter the date of the contact" : "";
        error.textContent = missing;
        error.hidden = !missing;
        if (!missing) onSave(data);
      },
    },
    error,
    radios("kind", "What kind of contact?", copy.note_kinds),
    h("div", { class: "govuk-form-group" }, h("label", { class: "govuk-label", for: "happened_on" }, "Date"), h("input", { class: "govuk-input govuk-input--width-10", id: "happened_on", name: "happened_on", type: "date", value: today, max: today })),
    copy.members.length
      ? h(
          "div",
          { class: "govuk-form-group" },
          h(
            "fieldset",
            { class: "govuk-fieldset" },
            h("legend", { class: "govuk-fieldset__legend govuk-fieldset__legend--s" }, "Who was it with?"),
            h("div", { class: "govuk-checkboxes", "data-module": "govuk-checkboxes" }, copy.members.map((m) => checkbox(`people-${m.id}`, "people", m.id, m.name))),
          ),
        )
      : null,
    h("div", { class: "govuk-form-group" }, h("label", { class: "govuk-label", for: "note" }, "Note"), h("textarea", { class: "govuk-textarea", id: "note", name: "note", rows: "6" })),
    copy.may_mark_sensitive
      ? h("div", { class: "govuk-form-group govuk-checkboxes" }, checkbox("sensitive", "sensitive", "yes", "Sensitive: only practitioners who may see sensitive details can read it"))
      : null,
    button("Save on this device"),
  );
  return [...header(copy, "Add a contact or case note"), form];
}

export function savedView(copy, text) {
  return [
    h("div", { class: "govuk-panel govuk-panel--confirmation" }, h("h1", { class: "govuk-panel__title" }, text), h("div", { class: "govuk-panel__body" }, "Kept on this device until the connection returns")),
    h("p", { class: "govuk-body" }, link(`/families/${copy.family.id}/`, `Back to family ${copy.family.reference}`)),
  ];
}

export function copiesView(copies) {
  if (!copies.length) return [h("p", { class: "govuk-body" }, "No family is kept for offline use on this device.")];
  return [
    h("h2", { class: "govuk-heading-m" }, "Families on this device"),
    h("ul", { class: "govuk-list" }, copies.map((copy) => h("li", {}, link(`/families/${copy.family.id}/`, `Family ${copy.family.reference}`), ` (until ${when(copy.expires_at)})`))),
  ];
}

function describe(change) {
  if (change.type === "note") return `${change.kind_label} of ${day(change.happened_on)} for family ${change.family_reference}`;
  return `Progress of “${change.action_text}” in family ${change.family_reference}: ${change.progress_label}`;
}

function conflictView(change, onChoose) {
  const server = change.server;
  return h(
    "div",
    { class: "govuk-summary-card" },
    h("div", { class: "govuk-summary-card__title-wrapper" }, h("h3", { class: "govuk-summary-card__title" }, `Progress of “${change.action_text}” in family ${change.family_reference}`)),
    h(
      "div",
      { class: "govuk-summary-card__content" },
      h(
        "dl",
        { class: "govuk-summary-list" },
        summaryRow("Yours", `${change.progress_label}${change.note ? ` (note: ${change.note})` : ""}, recorded offline on ${when(change.recorded_at)}`),
        summaryRow("On the server", `${server.label}, changed by ${server.changed_by} on ${when(server.changed_at)}`),
      ),
      h(
        "div",
        { class: "govuk-button-group" },
        h("button", { type: "button", class: "govuk-button", onclick: () => onChoose(change, true) }, "Keep yours"),
        h("button", { type: "button", class: "govuk-button govuk-button--secondary", onclick: () => onChoose(change, false) }, "Keep the one on the server"),
      ),
    ),
  );
}

export function outboxView(changes, onChoose, onDiscard) {
  const waiting = changes.filter((c) => c.state === "waiting");
  const conflicts = changes.filter((c) => c.state === "conflict");
  const refused = changes.filter((c) => c.state === "refused");
  const parts = [];
  if (conflicts.length) {
    parts.push(
      h("h2", { class: "govuk-heading-m" }, "Changes to check"),
      h("p", { class: "govuk-body" }, "These were changed on the server after your offline copy was taken. Choose which to keep: nothing has been overwritten."),
      conflicts.map((c) => conflictView(c, onChoose)),
    );
  }
  if (waiting.length) {
    parts.push(h("h2", { class: "govuk-heading-m" }, "Waiting to send"), h("ul", { class: "govuk-list govuk-list--bullet" }, waiting.map((c) => h("li", {}, describe(c)))));
  }
  if (refused.length) {
    parts.push(
      h("h2", { class: "govuk-heading-m" }, "Could not be sent"),
      refused.map((c) =>
        h("p", { class: "govuk-body" }, `${describe(c)}: ${c.reason} `, h("button", { type: "button", class: "govuk-button govuk-button--warning", onclick: () => onDiscard(c) }, "Discard")),
      ),
    );
  }
  return parts;
}
