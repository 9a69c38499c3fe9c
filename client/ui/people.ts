/**
 * The "who's here" list: everyone on the floor, you first, people whose connection
 * dropped shown as away until they come back or their spot is released.
 */
import type { PersonView } from "../../shared/protocol/state.ts";
import { $, AVATAR_SWATCH, show } from "./dom.ts";

export class PeopleList {
  readonly #people = new Map<string, PersonView>();
  #me = "";
  #scheduled = false;

  setMe(id: string): void {
    this.#me = id;
    this.#render();
  }

  upsert(p: PersonView): void {
    this.#people.set(p.id, { id: p.id, name: p.name, avatar: p.avatar, connected: p.connected });
    this.#schedule();
  }

  remove(id: string): void {
    this.#people.delete(id);
    this.#schedule();
  }

  names(): string[] {
    return [...this.#people.values()].map((p) => p.name);
  }

  #schedule(): void {
    // Batch bursts (a full state arriving) into one DOM update.
    if (this.#scheduled) return;
    this.#scheduled = true;
    requestAnimationFrame(() => {
      this.#scheduled = false;
      this.#render();
    });
  }

  #render(): void {
    show("people", true);
    const list = $("people-list");
    const sorted = [...this.#people.values()].sort((a, b) =>
      a.id === this.#me ? -1 : b.id === this.#me ? 1 : a.name.localeCompare(b.name),
    );
    const items = sorted.map((p) => {
      const li = document.createElement("li");
      li.dataset.id = p.id;
      if (p.id === this.#me) li.classList.add("me");
      if (!p.connected) li.classList.add("away");
      const dot = document.createElement("span");
      dot.className = "dot";
      dot.style.background = AVATAR_SWATCH[p.avatar] ?? "#999";
      const name = document.createElement("span");
      name.className = "name";
      name.textContent = p.name + (p.id === this.#me ? " (you)" : "") + (p.connected ? "" : " — away");
      li.append(dot, name);
      return li;
    });
    list.replaceChildren(...items);
    $("people-count").textContent = `(${this.#people.size})`;
  }
}
