/**
 * "People you met": a foldable panel with everyone you talked with long enough (the
 * server records it), contact requests waiting for your answer, and the cards you
 * exchanged, with vCard and CSV downloads. What you share (email, a link) is asked here
 * and sent only with a request or an accept. Refreshes when the room says you met
 * someone, and every few seconds while the tab is visible (requests come by HTTP).
 * The "Exchange contacts" button belongs on the profile card too (issue #11) once it exists.
 */
import { networkingOverviewSchema, type NetworkingOverview } from "../../shared/protocol/networking.ts";
import { AVATAR_SWATCH, toast } from "./dom.ts";
import { el } from "./el.ts";
import { closeOnEscape } from "./keys.ts";
import { NETWORKING_STRINGS as S } from "./networkingStrings.ts";
import "./networking.css";

const API = "/api/networking";
const POLL_MS = 5000;
const OPEN_KEY = "foyer.metOpen";
const SHARE_KEY = "foyer.share";

interface Share {
  email: string;
  link: string;
}

function savedShare(): Share {
  try {
    const raw: unknown = JSON.parse(localStorage.getItem(SHARE_KEY) ?? "{}");
    if (typeof raw !== "object" || raw === null) return { email: "", link: "" };
    const email = "email" in raw && typeof raw.email === "string" ? raw.email : "";
    const link = "link" in raw && typeof raw.link === "string" ? raw.link : "";
    return { email, link };
  } catch {
    return { email: "", link: "" };
  }
}

async function errorOf(res: Response): Promise<string> {
  try {
    const body: unknown = await res.json();
    if (typeof body === "object" && body !== null && "error" in body && typeof body.error === "string") return body.error;
  } catch {
    // not JSON
  }
  return `${res.status} ${res.statusText}`;
}

export class NetworkingPanel {
  readonly root: HTMLElement;
  readonly #body: HTMLElement;
  readonly #count: HTMLElement;
  readonly #chevron: HTMLElement;
  readonly #toggle: HTMLButtonElement;
  readonly #email: HTMLInputElement;
  readonly #link: HTMLInputElement;
  readonly #lists: HTMLElement;
  #data: NetworkingOverview = { met: [], cards: [], incoming: [] };
  #known: { requests: Set<string>; cards: Set<string>; met: Set<string> } | null = null;
  #timer = 0;
  #loading = false;

  constructor() {
    this.#count = el("span", { class: "count" });
    this.#chevron = el("span", { class: "chevron" });
    this.#toggle = el("button", { id: "met-toggle" }, el("span", { text: S.title }), this.#count, this.#chevron);
    this.#toggle.type = "button";
    this.#toggle.title = S.toggleTitle;
    this.#toggle.setAttribute("aria-controls", "met-body");
    this.#toggle.addEventListener("click", () => this.#open(this.root.classList.contains("collapsed")));

    const share = savedShare();
    this.#email = this.#input("email", S.emailLabel, share.email, "you@example.org");
    this.#link = this.#input("url", S.linkLabel, share.link, S.linkPlaceholder);
    const card = el(
      "details",
      { class: "met-share" },
      el("summary", { text: S.yourCard }),
      el("p", { class: "hint", text: S.yourCardHint }),
      this.#label(S.emailLabel, this.#email),
      this.#label(S.linkLabel, this.#link),
    );
    this.#lists = el("div", { class: "met-lists" });
    this.#body = el("div", { id: "met-body" }, this.#lists, card);
    this.root = el("aside", { id: "met", class: "panel" }, el("h2", {}, this.#toggle), this.#body);
    this.root.setAttribute("aria-label", S.title);
    document.body.append(this.root);
    closeOnEscape({ root: () => this.root, isOpen: () => !this.root.classList.contains("collapsed"), close: () => this.#open(false), returnTo: () => this.#toggle });
    this.#followPeopleList();
    this.#open(localStorage.getItem(OPEN_KEY) === "1", false);
    this.#render();
  }

  /** Start reading the list (after joining), and again whenever `met` says so. */
  start(): void {
    void this.refresh();
    this.#timer = window.setInterval(() => {
      if (document.visibilityState === "visible") void this.refresh();
    }, POLL_MS);
  }

  stop(): void {
    window.clearInterval(this.#timer);
  }

  async refresh(): Promise<void> {
    if (this.#loading) return;
    this.#loading = true;
    try {
      const res = await fetch(API, { credentials: "same-origin" });
      if (!res.ok) throw new Error(await errorOf(res));
      const parsed = networkingOverviewSchema.safeParse(await res.json());
      if (!parsed.success) throw new Error("unexpected answer");
      this.#announce(parsed.data);
      this.#data = parsed.data;
      this.#render();
    } catch {
      this.#lists.dataset.error = S.couldNotLoad;
    } finally {
      this.#loading = false;
    }
  }

  #announce(next: NetworkingOverview): void {
    const known = this.#known;
    this.#known = { requests: new Set(next.incoming.map((r) => r.id)), cards: new Set(next.cards.map((c) => c.personId)), met: new Set(next.met.map((m) => m.id)) };
    if (!known) return; // the first read is not news
    for (const m of next.met) if (!known.met.has(m.id)) toast(S.metToast(m.name));
    for (const r of next.incoming)
      if (!known.requests.has(r.id)) {
        toast(S.newRequestToast(r.from.name));
        this.#open(true);
      }
    for (const c of next.cards) if (!known.cards.has(c.personId)) toast(S.exchangedToast(c.name));
  }

  /** Stand right under "Who's here" (its height changes as people come and go, or it folds). */
  #followPeopleList(): void {
    const people = document.getElementById("people");
    if (!people) return;
    const place = () => {
      const box = people.getBoundingClientRect();
      const top = people.classList.contains("hidden") ? 12 : Math.round(box.bottom + 8);
      this.root.style.top = `${top}px`;
      this.root.style.maxHeight = `calc(100vh - ${top + 80}px)`;
    };
    new ResizeObserver(place).observe(people);
    new MutationObserver(place).observe(people, { attributes: true, attributeFilter: ["class"] });
    window.addEventListener("resize", place);
    place();
  }

  #open(open: boolean, remember = true): void {
    this.root.classList.toggle("collapsed", !open);
    this.#toggle.setAttribute("aria-expanded", String(open));
    this.#chevron.textContent = open ? S.hide : S.show;
    if (remember) localStorage.setItem(OPEN_KEY, open ? "1" : "0");
  }

  #input(type: string, label: string, value: string, placeholder: string): HTMLInputElement {
    const input = el("input");
    input.type = type;
    input.value = value;
    input.placeholder = placeholder;
    input.maxLength = type === "email" ? 200 : 300;
    input.setAttribute("aria-label", label);
    // Typing must not walk the avatar (the game listens for WASD on the window).
    input.addEventListener("keydown", (e) => {
      if (e.key !== "Escape") e.stopPropagation();
    });
    input.addEventListener("change", () => localStorage.setItem(SHARE_KEY, JSON.stringify({ email: this.#email.value.trim(), link: this.#link.value.trim() })));
    return input;
  }

  #label(text: string, control: HTMLElement): HTMLLabelElement {
    return el("label", {}, el("span", { class: "label-text", text }), control);
  }

  #share(): { email?: string; links?: string[] } {
    const email = this.#email.value.trim();
    const link = this.#link.value.trim();
    return { ...(email ? { email } : {}), ...(link ? { links: [link] } : {}) };
  }

  async #post(path: string, body: unknown): Promise<void> {
    const res = await fetch(API + path, { method: "POST", credentials: "same-origin", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    if (!res.ok) {
      toast(S.problem(await errorOf(res)), "warn", 6000);
      return;
    }
    await this.refresh();
  }

  #button(text: string, onClick: () => Promise<void>, kind = ""): HTMLButtonElement {
    const b = el("button", { class: `met-btn ${kind}`.trim(), text });
    b.type = "button";
    b.addEventListener("click", () => {
      b.disabled = true;
      void onClick().finally(() => (b.disabled = false));
    });
    return b;
  }

  /** "Exchange contacts", "Accept" or where the exchange stands, for someone you met. */
  #contactAction(m: NetworkingOverview["met"][number]): HTMLElement {
    if (m.contact === "none") return this.#button(S.exchange, () => this.#post("/contacts", { personId: m.id, ...this.#share() }), "primary");
    if (m.contact === "asks-you" && m.exchangeId) {
      const id = m.exchangeId;
      return this.#button(S.accept, () => this.#post(`/contacts/${encodeURIComponent(id)}/answer`, { accept: true, ...this.#share() }), "primary");
    }
    return el("span", { class: `met-state ${m.contact}`, text: m.contact === "asked" ? S.asked : m.contact === "declined" ? S.declined : S.exchanged });
  }

  /**
   * The same, for someone's profile card (by identity): null when you have not met them
   * (the server refuses an exchange with a stranger). What you share is set in this panel.
   */
  contactButton(personId: string): HTMLElement | null {
    const m = this.#data.met.find((x) => x.id === personId);
    return m ? this.#contactAction(m) : null;
  }

  #render(): void {
    const { met, cards, incoming } = this.#data;
    this.#count.textContent = `(${met.length})` + (incoming.length ? ` · ${S.requestsBadge(incoming.length)}` : "");
    this.root.classList.toggle("has-requests", incoming.length > 0);
    delete this.#lists.dataset.error;

    const requests = incoming.map((r) =>
      el(
        "li",
        { class: "met-request" },
        el("div", { class: "who" }, el("strong", { text: r.from.name }), el("span", { text: ` ${S.asksYou}` })),
        el(
          "div",
          { class: "actions" },
          this.#button(S.accept, () => this.#post(`/contacts/${encodeURIComponent(r.id)}/answer`, { accept: true, ...this.#share() }), "primary"),
          this.#button(S.decline, () => this.#post(`/contacts/${encodeURIComponent(r.id)}/answer`, { accept: false })),
        ),
      ),
    );
    const people = met.map((m) => {
      const dot = el("span", { class: "dot" });
      dot.style.background = AVATAR_SWATCH[m.avatar] ?? "#999";
      const action = this.#contactAction(m);
      const li = el(
        "li",
        { class: "met-person" },
        dot,
        el("div", { class: "who" }, el("span", { class: "name", text: m.name }), m.headline ? el("span", { class: "headline", text: m.headline }) : null),
        action,
      );
      li.dataset.person = m.id;
      return li;
    });
    const cardItems = cards.map((c) => {
      const links = c.links.map((href) => {
        const a = el("a", { text: href.replace(/^https?:\/\//, "") });
        a.href = href;
        a.target = "_blank";
        a.rel = "noopener noreferrer";
        return a;
      });
      const email = c.email ? el("a", { text: c.email }) : null;
      if (email && c.email) email.href = `mailto:${c.email}`;
      const li = el("li", { class: "met-card" }, el("strong", { text: c.name }), c.headline ? el("span", { class: "headline", text: c.headline }) : null, email, ...links);
      li.dataset.person = c.personId;
      return li;
    });
    const exportLinks = (() => {
      if (cards.length === 0) return null;
      const vcf = el("a", { text: S.exportVcf });
      vcf.href = `${API}/contacts.vcf`;
      vcf.download = "foyer-contacts.vcf";
      const csv = el("a", { text: S.exportCsv });
      csv.href = `${API}/contacts.csv`;
      csv.download = "foyer-contacts.csv";
      return el("p", { class: "met-export" }, vcf, " · ", csv);
    })();
    this.#lists.replaceChildren(
      ...(requests.length ? [el("ul", { class: "met-requests" }, ...requests)] : []),
      met.length ? el("ul", { class: "met-people" }, ...people) : el("p", { class: "met-none", text: S.nobodyYet }),
      ...(cards.length && exportLinks ? [el("h3", { text: S.cards }), el("ul", { class: "met-cards" }, ...cardItems), exportLinks] : []),
    );
  }
}
