/**
 * Creating an event: title, texts, start and end as wall-clock times in a chosen time
 * zone (the browser's by default; sent as ISO with that zone's offset), access, capacity,
 * password and agenda items added and removed in place. Checked with the server's own
 * schema before it is sent.
 */
import { createEventSchema } from "../../shared/protocol/events.ts";
import { el } from "../ui/el.ts";
import { fromServer } from "../ui/serverStrings.ts";
import { issueMessage } from "../ui/validationStrings.ts";
import { viewerTimeZone } from "../ui/eventTime.ts";
import { call, eventAnswer, type HostEvent } from "./api.ts";
import type { HostNav } from "./main.ts";
import { S } from "./strings.ts";
import { isoToLocal, localToIso, timeZones } from "./time.ts";

function input(id: string, type = "text"): HTMLInputElement {
  const i = el("input", { id });
  i.type = type;
  return i;
}

function row(label: string, control: HTMLElement): HTMLElement {
  const l = el("label", { text: label });
  l.htmlFor = control.id;
  return el("div", { class: "field" }, l, control);
}

/** The agenda editor: rows of from/until/what/where, each removable. */
function agendaEditor(): { box: HTMLElement; rows: () => { starts: string; ends: string; title: string; place: string }[] } {
  const list = el("div", { class: "agenda-rows", id: "agenda-rows" });
  let n = 0;
  const add = () => {
    n++;
    const starts = input(`agenda-${n}-starts`, "datetime-local");
    const ends = input(`agenda-${n}-ends`, "datetime-local");
    const title = input(`agenda-${n}-title`);
    title.maxLength = 120;
    const place = input(`agenda-${n}-place`);
    place.maxLength = 120;
    const remove = el("button", { class: "danger small", text: S.agendaRemove });
    remove.type = "button";
    const r = el("fieldset", { class: "agenda-row" }, row(S.agendaStarts, starts), row(S.agendaEnds, ends), row(S.agendaTitle, title), row(S.agendaPlace, place), remove);
    remove.addEventListener("click", () => r.remove());
    list.append(r);
    title.focus();
  };
  const addButton = el("button", { class: "secondary", id: "agenda-add", text: S.agendaAdd });
  addButton.type = "button";
  addButton.addEventListener("click", add);
  const rows = () =>
    [...list.querySelectorAll("fieldset.agenda-row")].map((r) => {
      const v = (sel: string) => r.querySelector<HTMLInputElement>(sel)?.value ?? "";
      return { starts: v('input[id$="-starts"]'), ends: v('input[id$="-ends"]'), title: v('input[id$="-title"]'), place: v('input[id$="-place"]') };
    });
  return { box: el("section", { class: "agenda-editor" }, el("h2", { text: S.agenda }), list, addButton), rows };
}

/** "AI, open source" → ["AI", "open source"]. */
export function splitTags(text: string): string[] {
  return text.split(",").map((t) => t.trim()).filter((t) => t !== "");
}

export function showCreateForm(root: HTMLElement, nav: HostNav, created: (e: HostEvent) => void): void {
  const tz = viewerTimeZone();
  const title = input("event-title");
  title.maxLength = 120;
  title.required = true;
  const description = el("textarea", { id: "event-description" });
  description.maxLength = 4000;
  description.rows = 3;
  const welcome = el("textarea", { id: "event-welcome" });
  welcome.maxLength = 1000;
  welcome.rows = 3;
  // Default: the next full hour, for an hour.
  const nextHour = Math.ceil(Date.now() / 3_600_000) * 3_600_000;
  const starts = input("event-starts", "datetime-local");
  starts.value = isoToLocal(nextHour, tz);
  const ends = input("event-ends", "datetime-local");
  ends.value = isoToLocal(nextHour + 3_600_000, tz);
  const zone = el("select", { id: "event-timezone" });
  zone.append(...timeZones().map((z) => new Option(z, z, z === tz, z === tz)));
  const access = el("fieldset", { class: "choice", id: "event-access" }, el("legend", { text: S.accessLabel }));
  for (const [value, text] of [["open", S.accessOpen], ["invite", S.accessInvite]] as const) {
    const r = input(`event-access-${value}`, "radio");
    r.name = "access";
    r.value = value;
    r.checked = value === "open";
    const l = el("label", { text });
    l.htmlFor = r.id;
    access.append(el("span", { class: "choice-option" }, r, l));
  }
  const capacity = input("event-capacity", "number");
  capacity.min = "1";
  capacity.max = "100000";
  const password = input("event-password", "password");
  password.autocomplete = "new-password";
  const tags = input("event-tags");
  const agenda = agendaEditor();
  const error = el("p", { class: "error", id: "event-error" });
  error.setAttribute("role", "alert");
  const submit = el("button", { class: "primary", id: "event-create", text: S.create });
  submit.type = "submit";
  const cancel = el("button", { class: "secondary", text: S.cancel });
  cancel.type = "button";
  cancel.addEventListener("click", () => void nav.list());

  const form = el(
    "form",
    { class: "panel-form", id: "create-event" },
    el("h1", { text: S.createTitle }),
    row(S.title, title),
    row(S.description, description),
    row(S.welcome, welcome),
    row(S.tags, tags),
    el("div", { class: "field-row" }, row(S.starts, starts), row(S.ends, ends), row(S.timeZone, zone)),
    access,
    el("div", { class: "field-row" }, row(S.capacity, capacity), row(S.eventPassword, password)),
    agenda.box,
    error,
    el("div", { class: "row" }, submit, cancel),
  );
  form.noValidate = true;
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const timeZone = zone.value;
    const at = (field: string, v: string) => {
      const iso = localToIso(v, timeZone);
      if (!iso) throw new Error(S.invalidTime(field));
      return iso;
    };
    let body: unknown;
    try {
      body = {
        title: title.value,
        ...(description.value.trim() ? { description: description.value } : {}),
        ...(welcome.value.trim() ? { welcome: welcome.value } : {}),
        startsAt: at(S.starts, starts.value),
        endsAt: at(S.ends, ends.value),
        timeZone,
        access: form.querySelector<HTMLInputElement>('input[name="access"]:checked')?.value ?? "open",
        ...(capacity.value.trim() ? { capacity: Number(capacity.value) } : {}),
        ...(password.value ? { password: password.value } : {}),
        ...(tags.value.trim() ? { tags: splitTags(tags.value) } : {}),
        agenda: agenda
          .rows()
          .filter((r) => r.title.trim() || r.starts)
          .map((r) => ({
            startsAt: at(`${S.agenda} ${S.agendaStarts}`, r.starts),
            ...(r.ends ? { endsAt: at(`${S.agenda} ${S.agendaEnds}`, r.ends) } : {}),
            title: r.title,
            ...(r.place.trim() ? { place: r.place } : {}),
          })),
      };
    } catch (err) {
      error.textContent = err instanceof Error ? err.message : String(err);
      return;
    }
    const parsed = createEventSchema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = String(issue?.path[0] ?? "");
      const labels: Record<string, string> = { title: S.title, description: S.description, welcome: S.welcome, startsAt: S.starts, endsAt: S.ends, timeZone: S.timeZone, capacity: S.capacity, password: S.eventPassword, agenda: S.agenda, tags: S.tags };
      error.textContent = `${labels[field] ?? field}: ${issueMessage(issue)}`;
      return;
    }
    error.textContent = "";
    submit.disabled = true;
    submit.textContent = S.creating;
    call(`/api/venues/${encodeURIComponent(nav.venue())}/events`, eventAnswer, { method: "POST", json: parsed.data }).then(
      ({ event }) => created(event),
      (err: unknown) => {
        error.textContent = fromServer(err instanceof Error ? err.message : String(err));
        submit.disabled = false;
        submit.textContent = S.create;
      },
    );
  });
  root.replaceChildren(form);
  title.focus();
}
