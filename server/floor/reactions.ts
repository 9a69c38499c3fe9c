/**
 * Reactions, status and profile cards (issue #11): a wave or a clap goes to everyone
 * whose client sees you (the interest view decides), your status (available, busy =
 * do not disturb, away) is shown to the whole floor on the who's-here state, and a
 * profile card is answered from the person's identity. Plain data; says things through
 * the Outbox and the StatusBoard, never a socket.
 */
import type { ClientMessage } from "../../shared/protocol/messages.ts";
import type { Status } from "../../shared/protocol/chat.ts";
import type { FloorChat } from "./chat.ts";
import type { InterestView } from "./interest.ts";
import type { Outbox } from "./outbox.ts";
import type { FloorPerson } from "./person.ts";

/** One reaction per person this often (holding a key must not flood the floor). */
export const REACTION_MS = 600;

/** Where a status is shown to everyone (the room's replicated who's-here state). */
export interface StatusBoard {
  setStatus(id: string, status: Status): void;
}

export interface ReactionsOptions {
  outbox: Outbox;
  now(): number;
  chat: FloorChat;
  view: InterestView;
  people(): Iterable<FloorPerson>;
  board?: StatusBoard | null;
}

export class Reactions {
  readonly #o: ReactionsOptions;
  readonly #last = new Map<string, number>();

  constructor(o: ReactionsOptions) {
    this.#o = o;
  }

  react(p: FloorPerson, m: ClientMessage<"react">): void {
    const now = this.#o.now();
    if (now - (this.#last.get(p.id) ?? -Infinity) < REACTION_MS) return; // dropped quietly: a key held down
    this.#last.set(p.id, now);
    for (const q of this.#o.people()) {
      if (!q.connected) continue;
      if (q.id === p.id || this.#sees(q, p.id)) this.#o.outbox.send(q.id, "reaction", { id: p.id, kind: m.kind });
    }
  }

  status(p: FloorPerson, m: ClientMessage<"status">): void {
    this.#o.chat.setStatus(p.id, m.status);
    this.#o.board?.setStatus(p.id, m.status);
  }

  profile(p: FloorPerson, m: ClientMessage<"profile">): void {
    const member = this.#o.chat.member(m.id);
    if (!member) {
      this.#o.outbox.send(p.id, "error", { code: "not_found", type: "profile", field: "id", message: `id: nobody with id "${m.id}" is on this floor` });
      return;
    }
    void this.#o.chat.store.profile(member.personId).then(
      (more) =>
        this.#o.outbox.send(p.id, "profile", {
          id: m.id,
          personId: member.personId,
          name: member.name,
          avatar: member.avatar,
          role: member.role,
          status: member.status,
          headline: more?.headline ?? null,
          pronouns: more?.pronouns ?? null,
          interests: more?.interests ?? [],
          lookingFor: more?.lookingFor ?? [],
          offering: more?.offering ?? [],
          affiliation: more?.affiliation ?? null,
        }),
      () => this.#o.outbox.send(p.id, "error", { code: "not_found", type: "profile", field: "id", message: "id: that profile cannot be read right now" }),
    );
  }

  leave(id: string): void {
    this.#last.delete(id);
  }

  #sees(viewer: FloorPerson, id: string): boolean {
    for (const seen of this.#o.view.seen(viewer)) if (seen === id) return true;
    return false;
  }
}
