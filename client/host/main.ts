/**
 * The host view (/host): sign in, pick a venue, see its events, create one, and run it —
 * doors, guest list with personal links, attendance and feedback. This file wires the
 * parts together and switches between the list and one event (#event=<id> in the address).
 */
import { bindSignOut } from "../editor/auth.ts";
import { applyDocumentLanguage } from "../i18n/index.ts";
import { languageSwitcher } from "../i18n/switcher.ts";
import { $, toast } from "../ui/dom.ts";
import { el } from "../ui/el.ts";
import { call, eventsAnswer, venuesAnswer, type HostEvent } from "./api.ts";
import { showCreateForm } from "./eventForm.ts";
import { showEventPage } from "./eventPage.ts";
import { showEventList } from "./eventList.ts";
import { signIn } from "./signin.ts";
import { S } from "./strings.ts";

export interface HostNav {
  venue(): string;
  list(): Promise<void>;
  open(id: string): Promise<void>;
  create(): void;
  /** Whether the server sends email, once an answer has said (null: not known yet). */
  mail: boolean | null;
}

function fillChrome(): void {
  applyDocumentLanguage();
  document.title = S.pageTitle;
  // Shown on the sign-in card too: the top bar stays hidden until signed in, so the switcher lives in a corner of its own.
  document.body.append(languageSwitcher("page-lang"));
  $("brand").textContent = S.brand;
  $("venue-label-text").textContent = S.venue;
  $("editor-link").textContent = S.editorLink;
  $("logout").textContent = S.signOut;
}

async function main(): Promise<void> {
  fillChrome();
  bindSignOut();
  await signIn(new URLSearchParams(location.search).get("setup"));
  $("topbar").classList.remove("hidden");
  const { venues } = await call("/api/venues", venuesAnswer);
  const select = $<HTMLSelectElement>("venue-select");
  select.replaceChildren(...venues.map((v) => new Option(v.name, v.slug)));
  const root = $("main");
  if (venues.length === 0) {
    root.replaceChildren(el("p", { class: "empty", text: S.noVenues }));
    return;
  }
  const nav: HostNav = {
    venue: () => select.value,
    mail: null,
    async list() {
      history.replaceState(null, "", `${location.pathname}${location.search}`);
      const { events } = await call(`/api/venues/${encodeURIComponent(select.value)}/events`, eventsAnswer);
      showEventList(root, events, nav);
    },
    async open(id: string) {
      history.replaceState(null, "", `#event=${encodeURIComponent(id)}`);
      await showEventPage(root, id, nav);
    },
    create() {
      showCreateForm(root, nav, (e: HostEvent) => void nav.open(e.id));
    },
  };
  select.addEventListener("change", () => void nav.list());
  const wanted = /^#event=([a-z0-9]+)$/.exec(location.hash)?.[1];
  if (wanted) await nav.open(wanted).catch(() => nav.list());
  else await nav.list();
}

main().catch((err: unknown) => toast(`${S.failed}: ${err instanceof Error ? err.message : String(err)}`, "warn", 15_000));
