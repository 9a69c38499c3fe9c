/**
 * The guest list: add people by name, email and role or import a CSV file (every bad
 * row is listed with its line, nothing is stored), see each new guest's personal link
 * with a copy button and download the links as CSV (made here, in the browser), issue a
 * new link, remove a guest. "Send by email" appears once the server says it has mail.
 */
import { guestSchema as guestInput } from "../../shared/protocol/events.ts";
import { EVENT_ROLES } from "../../shared/events/window.ts";
import { el } from "../ui/el.ts";
import { fromServer } from "../ui/serverStrings.ts";
import { issueMessage, problemOnly } from "../ui/validationStrings.ts";
import { addedGuestsAnswer, ApiRefusal, call, eventPath, guestsAnswer, linkAnswer, okAnswer, type AddedGuests, type Guest, type HostEvent } from "./api.ts";
import type { HostNav } from "./main.ts";
import { S } from "./strings.ts";

/** One CSV cell; a cell a spreadsheet would run as a formula gets a leading quote. */
function csvCell(v: string): string {
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function linksCsv(rows: { name: string; email: string | null; role: string; link: string }[]): string {
  return [["name", "email", "role", "link"], ...rows.map((r) => [r.name, r.email ?? "", r.role, r.link])].map((r) => r.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

function roleSelect(id: string): HTMLSelectElement {
  const s = el("select", { id });
  s.append(...EVENT_ROLES.map((r) => new Option(S.roles[r] ?? r, r, r === "attendee", r === "attendee")));
  return s;
}

export function guestSection(event: HostEvent, nav: HostNav): HTMLElement {
  const section = el("section", { class: "host-section", id: "guests" });
  const status = el("p", { class: "status", id: "guests-status" });
  status.setAttribute("role", "status");
  const error = el("div", { class: "error", id: "guests-error" });
  error.setAttribute("role", "alert");
  const links = el("div", { class: "links hidden", id: "guest-links" });
  const table = el("div", { id: "guest-table" });
  /** Every link shown since the page opened, for the CSV download. */
  const shown = new Map<string, { name: string; email: string | null; role: string; link: string }>();

  // ---- adding one guest
  const name = el("input", { id: "guest-name" });
  name.maxLength = 80;
  const email = el("input", { id: "guest-email" });
  email.type = "email";
  const role = roleSelect("guest-role");
  const sendEmail = el("input", { id: "guest-send-email" });
  sendEmail.type = "checkbox";
  const sendEmailLabel = el("label", { class: "check", id: "guest-send-email-label" }, sendEmail, el("span", { text: S.sendEmail }));
  const showMail = () => sendEmailLabel.classList.toggle("hidden", nav.mail !== true);
  showMail();
  const add = el("button", { class: "primary", id: "guest-add", text: S.addGuest });
  add.type = "submit";
  const labelled = (text: string, c: HTMLElement) => {
    const l = el("label", { text });
    l.htmlFor = c.id;
    return el("div", { class: "field" }, l, c);
  };
  const form = el(
    "form",
    { class: "guest-form", id: "guest-form" },
    el("div", { class: "field-row" }, labelled(S.guestName, name), labelled(S.guestEmail, email), labelled(S.guestRole, role), el("div", { class: "field end" }, add)),
  );
  form.noValidate = true;

  // ---- importing a CSV file
  const file = el("input", { id: "guest-csv" });
  file.type = "file";
  file.accept = ".csv,text/csv,text/plain";
  const fileLabel = el("label", { class: "file-button", text: S.importCsv });
  fileLabel.htmlFor = file.id;
  const importRow = el("div", { class: "import" }, fileLabel, file, el("span", { class: "hint", text: S.importHint }), sendEmailLabel);

  const afterAdding = (answer: AddedGuests) => {
    nav.mail = answer.mail;
    showMail();
    for (const g of answer.guests) shown.set(g.id, { name: g.name, email: g.email, role: g.role, link: g.link });
    const notes = [S.added(answer.guests.length)];
    if (answer.emailed > 0) notes.push(S.emailed(answer.emailed));
    status.textContent = notes.join(" ");
    error.replaceChildren(...answer.emailErrors.map((e) => el("p", { text: e })));
    renderLinks();
    void refresh();
  };

  const post = async (body: object) => {
    error.replaceChildren();
    status.textContent = "";
    try {
      afterAdding(await call(`${eventPath(event.id)}/guests`, addedGuestsAnswer, { method: "POST", json: { ...body, ...(nav.mail && sendEmail.checked ? { sendEmail: true } : {}) } }));
      return true;
    } catch (err) {
      if (err instanceof ApiRefusal && err.problems.length > 0) {
        const list = el("ul", { class: "problems", id: "csv-problems" });
        for (const p of err.problems) list.append(el("li", { text: S.csvLine(p.line, p.field, problemOnly(p.message)) }));
        error.replaceChildren(el("p", { text: S.csvProblems(err.problems.length) }), list);
      } else error.replaceChildren(el("p", { text: fromServer(err instanceof Error ? err.message : String(err)) }));
      return false;
    }
  };

  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const guest = guestInput.safeParse({ name: name.value, ...(email.value.trim() ? { email: email.value.trim().toLowerCase() } : {}), role: role.value });
    if (!guest.success) {
      const issue = guest.error.issues[0];
      error.replaceChildren(el("p", { text: `${issue?.path[0] === "email" ? S.guestEmail : S.guestName}: ${issueMessage(issue)}` }));
      return;
    }
    add.disabled = true;
    void post({ guests: [guest.data] }).then((ok) => {
      add.disabled = false;
      if (!ok) return;
      name.value = "";
      email.value = "";
      role.value = "attendee";
      name.focus();
    });
  });

  file.addEventListener("change", () => {
    const f = file.files?.[0];
    if (!f) return;
    void f.text().then(async (csv) => {
      await post({ csv });
      file.value = "";
    });
  });

  // ---- the links shown once
  function renderLinks(): void {
    links.classList.toggle("hidden", shown.size === 0);
    const rows = [...shown.values()];
    const download = el("a", { class: "button secondary", id: "download-links", text: S.downloadLinks });
    download.href = URL.createObjectURL(new Blob([linksCsv(rows)], { type: "text/csv;charset=utf-8" }));
    download.download = "guest-links.csv";
    const list = el("ul", { class: "link-list" });
    for (const r of rows) {
      const field = el("input", { class: "link-field" });
      field.readOnly = true;
      field.value = r.link;
      field.setAttribute("aria-label", `${S.link}: ${r.name}`);
      const copy = el("button", { class: "secondary small", text: S.copy });
      copy.type = "button";
      copy.addEventListener("click", () => {
        field.select();
        void navigator.clipboard
          ?.writeText(r.link)
          .then(() => (copy.textContent = S.copied))
          .catch(() => document.execCommand("copy"));
      });
      const li = el("li", {}, el("span", { class: "link-name", text: r.name }), field, copy);
      li.dataset.guest = r.name;
      list.append(li);
    }
    links.replaceChildren(el("h3", { text: S.newLinks }), el("p", { class: "hint", text: S.newLinksHint }), list, download);
  }

  // ---- the list
  async function refresh(): Promise<void> {
    const { guests } = await call(`${eventPath(event.id)}/guests`, guestsAnswer);
    table.replaceChildren(guests.length ? guestTable(guests) : el("p", { class: "empty", text: S.noGuests }));
  }

  function guestTable(guests: Guest[]): HTMLElement {
    const body = el("tbody");
    for (const g of guests) {
      const newLink = el("button", { class: "secondary small", text: S.newLink });
      newLink.type = "button";
      newLink.addEventListener("click", () => {
        void call(`${eventPath(event.id)}/guests/${encodeURIComponent(g.id)}/link`, linkAnswer, { method: "POST" }).then(({ link }) => {
          shown.set(g.id, { name: g.name, email: g.email, role: g.role, link });
          renderLinks();
        });
      });
      const remove = el("button", { class: "danger small", text: S.remove });
      remove.type = "button";
      remove.addEventListener("click", () => {
        void call(`${eventPath(event.id)}/guests/${encodeURIComponent(g.id)}`, okAnswer, { method: "DELETE" }).then(() => {
          shown.delete(g.id);
          renderLinks();
          return refresh();
        });
      });
      body.append(
        el(
          "tr",
          {},
          el("td", { text: g.name }),
          el("td", { text: g.email ?? "" }),
          el("td", { text: S.roles[g.role] ?? g.role }),
          el("td", { text: g.used ? S.used : S.notUsed }),
          el("td", { class: "actions" }, newLink, remove),
        ),
      );
    }
    return el(
      "table",
      { class: "data" },
      el("thead", {}, el("tr", {}, ...[S.colName, S.colEmail, S.guestRole, S.used, ""].map((t) => el("th", { text: t })))),
      body,
    );
  }

  section.append(el("h2", { text: S.guests }), form, importRow, status, error, links, table);
  void refresh();
  return section;
}
