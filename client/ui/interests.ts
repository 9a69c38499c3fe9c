/**
 * Interests and intents on the venue page (issue #13): "My interests…" in who's-here opens
 * an editor — the event's own tags to toggle, free tags of your own, what you are looking
 * for and offering, your organisation — that saves through `editProfile` (the server checks
 * it again and says what it refused); and, if you opted in, a star on the map over everyone
 * who shares one of your interests. The opt-in is this browser's (nobody else learns it).
 */
import { z } from "zod";
import { PROFILE_LIMITS, normalTag, uniqueTags, type ProfileEdit } from "../../shared/protocol/profile.ts";
import type { ServerMessages } from "../../shared/protocol/messages.ts";
import { api } from "../editor/api.ts";
import type { Connection } from "../net/connection.ts";
import type { VenueScene } from "../scenes/VenueScene.ts";
import { $, toast } from "./dom.ts";
import { el, labelled } from "./el.ts";
import { fromServer } from "./serverStrings.ts";
import { INTEREST_STRINGS as S } from "./interestStrings.ts";
import { closeOnEscape } from "./keys.ts";
import "./interests.css";

const MARKERS_KEY = "foyer.interestMarkers";

const savedProfile = z.object({
  person: z.object({
    headline: z.string().nullable(),
    interests: z.array(z.string()).default([]),
    lookingFor: z.array(z.string()).default([]),
    offering: z.array(z.string()).default([]),
    affiliation: z.string().nullable().default(null),
  }),
});
type Saved = ServerMessages["profileSaved"];

export interface InterestsOptions {
  conn: Connection;
  venue: VenueScene;
  /** The tags the event's host defined (none outside an event). */
  eventTags(): Promise<readonly string[]>;
}

/** Split "a co-founder, feedback" into entries. */
export function splitList(text: string): string[] {
  return uniqueTags(text.split(/[,;\n]/).map((t) => t.trim()).filter((t) => t !== ""));
}

export function markersWanted(): boolean {
  return localStorage.getItem(MARKERS_KEY) === "1";
}

export class InterestsEditor {
  readonly #o: InterestsOptions;
  #panel: HTMLElement | null = null;
  #saved: Saved | null = null;
  /** The sessions that share an interest with you, as who's-here last worked it out. */
  #shared: ReadonlySet<string> = new Set();

  constructor(o: InterestsOptions) {
    this.#o = o;
  }

  start(): void {
    document.getElementById("interests-button")?.remove(); // a page that joined again
    const button = el("button", { id: "interests-button", text: S.editButton });
    button.type = "button";
    button.title = S.editButtonTitle;
    button.addEventListener("click", () => void this.open());
    $("people-filter").before(button);
    const people = this.#o.venue.people;
    people.onShared = (shared) => {
      this.#shared = new Set(shared.keys());
      this.#mark();
    };
    this.#o.conn.onServer("profileSaved", (m) => {
      this.#saved = m;
      this.close();
      toast(S.saved);
    });
    this.#o.conn.onServer("error", (e) => {
      if (e.type !== "editProfile") return;
      this.#problem(S.refused(fromServer(e.message.replace(/^invalid editProfile: /, ""))));
    });
    closeOnEscape({ root: () => this.#panel, isOpen: () => this.#panel !== null, close: () => this.close(), returnTo: () => $("interests-button"), anywhere: true });
  }

  /** What is saved now: the last answer, else the server's copy of your identity. */
  async #current(): Promise<Saved> {
    if (this.#saved) return this.#saved;
    try {
      const { person } = await api("/api/people/me", savedProfile);
      return person;
    } catch {
      return { headline: null, interests: this.#o.venue.people.myInterests(), lookingFor: [], offering: [], affiliation: null };
    }
  }

  async open(): Promise<void> {
    if (this.#panel) return;
    const [now, offered] = await Promise.all([this.#current(), this.#o.eventTags().catch(() => [])]);
    if (this.#panel) return;
    let tags = [...now.interests];
    const eventTags = uniqueTags([...offered]);
    const has = (tag: string) => tags.some((t) => normalTag(t) === normalTag(tag));
    const toggle = (tag: string) => {
      tags = has(tag) ? tags.filter((t) => normalTag(t) !== normalTag(tag)) : [...tags, tag];
      draw();
    };

    const eventBox = el("div", { class: "tag-choices", id: "interests-event-tags" });
    const mineBox = el("ul", { class: "tags mine", id: "interests-mine" });
    mineBox.setAttribute("aria-label", S.yourTags);
    const draw = () => {
      eventBox.replaceChildren(
        ...eventTags.map((tag) => {
          const b = el("button", { class: "tag", text: tag });
          b.type = "button";
          b.setAttribute("aria-pressed", String(has(tag)));
          b.addEventListener("click", () => toggle(tag));
          return b;
        }),
      );
      mineBox.replaceChildren(
        ...(tags.length === 0
          ? [el("li", { class: "none", text: S.noTags })]
          : tags.map((tag) => {
              const remove = el("button", { class: "remove", text: "×" });
              remove.type = "button";
              remove.title = S.removeTag(tag);
              remove.setAttribute("aria-label", S.removeTag(tag));
              remove.addEventListener("click", () => toggle(tag));
              return el("li", { class: "tag" }, el("span", { text: tag }), remove);
            })),
      );
    };

    const add = el("input", { id: "interests-add" });
    add.type = "text";
    add.maxLength = PROFILE_LIMITS.tag + 20; // longer is refused with a message, not cut off silently
    add.placeholder = S.addTagPlaceholder;
    add.setAttribute("aria-label", S.addTagLabel);
    const addButton = el("button", { id: "interests-add-button", text: S.addTag });
    addButton.type = "button";
    const addTyped = () => {
      const typed = splitList(add.value);
      if (typed.length === 0) return;
      const long = typed.find((t) => t.length > PROFILE_LIMITS.tag);
      if (long) return this.#problem(S.tooLong(PROFILE_LIMITS.tag));
      const next = uniqueTags([...tags, ...typed]);
      if (next.length > PROFILE_LIMITS.interests) return this.#problem(S.tooMany(PROFILE_LIMITS.interests));
      tags = next;
      add.value = "";
      this.#problem(null);
      draw();
    };
    addButton.addEventListener("click", addTyped);
    add.addEventListener("keydown", (e) => {
      if (e.key === "Enter") {
        e.preventDefault();
        addTyped();
      }
    });

    const text = (id: string, value: string, max: number, hint: string) => {
      const input = el("input", { id });
      input.type = "text";
      input.value = value;
      input.maxLength = max;
      input.placeholder = hint;
      return input;
    };
    const headline = text("interests-headline", now.headline ?? "", PROFILE_LIMITS.headline, "");
    const lookingFor = text("interests-looking-for", now.lookingFor.join(", "), PROFILE_LIMITS.intent * PROFILE_LIMITS.intents, S.lookingForHint);
    const offering = text("interests-offering", now.offering.join(", "), PROFILE_LIMITS.intent * PROFILE_LIMITS.intents, S.offeringHint);
    const affiliation = text("interests-affiliation", now.affiliation ?? "", PROFILE_LIMITS.affiliation, S.affiliationHint);
    const markers = el("input", { id: "interests-markers" });
    markers.type = "checkbox";
    markers.checked = markersWanted();

    const save = el("button", { class: "primary", id: "interests-save", text: S.save });
    save.type = "submit";
    const cancel = el("button", { text: S.cancel });
    cancel.type = "button";
    cancel.addEventListener("click", () => this.close());
    const error = el("p", { class: "interests-error hidden", id: "interests-error" });
    error.setAttribute("role", "alert");

    const form = el(
      "form",
      { class: "interests-editor", id: "interests-editor" },
      el("h3", { text: S.title }),
      el("p", { class: "hint", text: S.intro }),
      eventTags.length ? el("section", {}, el("h4", { text: S.eventTags }), el("p", { class: "hint", text: S.eventTagsHint }), eventBox) : null,
      el("section", {}, el("h4", { text: S.yourTags }), mineBox, el("div", { class: "add-row" }, add, addButton)),
      labelled(S.headline, headline),
      labelled(S.lookingFor, lookingFor),
      labelled(S.offering, offering),
      labelled(S.affiliation, affiliation),
      el("label", { class: "check" }, markers, el("span", { text: S.markers })),
      error,
      el("div", { class: "actions" }, save, cancel),
    );
    form.setAttribute("role", "dialog");
    form.setAttribute("aria-label", S.title);
    form.noValidate = true;
    // Typing must not walk the avatar (the game listens for WASD on the window).
    form.addEventListener("keydown", (e) => {
      if (e.key !== "Escape") e.stopPropagation();
    });
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      if (add.value.trim()) addTyped();
      if (!error.classList.contains("hidden")) return;
      localStorage.setItem(MARKERS_KEY, markers.checked ? "1" : "0");
      this.#mark();
      const edit: ProfileEdit = { headline: headline.value, interests: tags, lookingFor: splitList(lookingFor.value), offering: splitList(offering.value), affiliation: affiliation.value };
      this.#problem(null);
      save.disabled = true;
      save.textContent = S.saving;
      this.#o.conn.send("editProfile", edit);
    });
    draw();
    document.body.append(form);
    this.#panel = form;
    (eventBox.querySelector("button") ?? add).focus();
  }

  close(): void {
    this.#panel?.remove();
    this.#panel = null;
  }

  #problem(message: string | null): void {
    const error = this.#panel?.querySelector<HTMLElement>("#interests-error");
    if (!error) {
      if (message) toast(message, "warn");
      return;
    }
    error.textContent = message ?? "";
    error.classList.toggle("hidden", message === null);
    const save = this.#panel?.querySelector<HTMLButtonElement>("#interests-save");
    if (save && message !== null) {
      save.disabled = false;
      save.textContent = S.save;
    }
  }

  #mark(): void {
    this.#o.venue.markShared(markersWanted() ? this.#shared : new Set());
  }
}
