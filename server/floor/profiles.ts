/**
 * Editing your profile in the venue (issue #13): interests, what you are looking for and
 * offering, your affiliation. The schema already refused anything too long or too many
 * (nothing is saved then); this saves it under the person's identity, puts the interests on
 * the who's-here state (every session of that person on this floor) and tells them what is
 * saved. Profile cards read the same store, so the next card anyone opens shows it.
 */
import type { ClientMessage } from "../../shared/protocol/messages.ts";
import type { ChatStore } from "./chat.ts";
import type { Logger } from "../log.ts";
import type { Outbox } from "./outbox.ts";
import type { FloorPerson } from "./person.ts";

/** Where interests show for everyone (the room's replicated who's-here state). */
export interface InterestBoard {
  setInterests(id: string, interests: readonly string[]): void;
}

export interface ProfilesOptions {
  outbox: Outbox;
  log: Logger;
  store: ChatStore;
  /** The identity behind a session on this floor. */
  personOf(id: string): string | undefined;
  /** Every session of that identity on this floor (one person, two tabs). */
  sessionsOf(personId: string): string[];
  board?: InterestBoard | null;
}

export class Profiles {
  readonly #o: ProfilesOptions;
  /** Sessions with a save in flight: a second one waits for the answer rather than race it. */
  readonly #saving = new Set<string>();

  constructor(o: ProfilesOptions) {
    this.#o = o;
  }

  edit(p: FloorPerson, m: ClientMessage<"editProfile">): void {
    const personId = this.#o.personOf(p.id);
    if (!personId) return this.#refuse(p, "not_found", "you are not on this floor any more");
    if (this.#saving.has(p.id)) return this.#refuse(p, "rate_limited", "your last change is still being saved; try again in a moment");
    this.#saving.add(p.id);
    const affiliation = m.affiliation?.trim() ? m.affiliation.trim() : null;
    const edit = { interests: m.interests, lookingFor: m.lookingFor, offering: m.offering, affiliation, ...(m.headline !== undefined ? { headline: m.headline?.trim() ? m.headline.trim() : null } : {}) };
    void this.#o.store.saveProfile(personId, edit).then(
      (saved) => {
        this.#saving.delete(p.id);
        for (const id of this.#o.sessionsOf(personId)) this.#o.board?.setInterests(id, saved.interests);
        this.#o.outbox.send(p.id, "profileSaved", { headline: saved.headline, interests: saved.interests, lookingFor: saved.lookingFor, offering: saved.offering, affiliation: saved.affiliation });
      },
      (err: unknown) => {
        this.#saving.delete(p.id);
        this.#o.log.warn({ err, person: personId }, "could not save a profile");
        this.#refuse(p, "unreachable", "your profile could not be saved right now; nothing was changed, try again");
      },
    );
  }

  leave(id: string): void {
    this.#saving.delete(id);
  }

  #refuse(p: FloorPerson, code: "not_found" | "rate_limited" | "unreachable", message: string): void {
    this.#o.outbox.send(p.id, "error", { code, type: "editProfile", message });
  }
}
