/**
 * The floor's door at an event: admits people (admission.ts decides), records their
 * attendance from arrival to leaving, and notices when the venue's event ends — by the
 * clock or because a host ended it — so the room can tell everyone and let attendees go.
 * Never touches a socket; the room asks it and acts on the answers.
 */
import { eventPhase } from "../../shared/events/window.ts";
import type { Logger } from "../log.ts";
import type { ServerMessages } from "../../shared/protocol/messages.ts";
import { admit, type Admission, type AdmissionDeps, type JoinRequest } from "./admission.ts";

export interface AttendanceLog {
  start(a: { eventId: string; personId: string; invitationId: string | null; floor: string }): Promise<string>;
  end(id: string): Promise<void>;
}

export interface DoorDeps {
  venue: string;
  floor: string;
  admission: AdmissionDeps;
  attendance: AttendanceLog;
  log: Logger;
}

interface Inside {
  admission: Admission;
  /** The attendance row, once written. */
  attendance: Promise<string | null>;
}

export class Door {
  readonly #deps: DoorDeps;
  readonly #inside = new Map<string, Inside>();
  /** Events whose end the room has announced (so it is said once). */
  readonly #announced = new Set<string>();

  constructor(deps: DoorDeps) {
    this.#deps = deps;
  }

  admit(request: Omit<JoinRequest, "venue">): Promise<Admission> {
    return admit(this.#deps.admission, { ...request, venue: this.#deps.venue });
  }

  /** Someone came through the door (their socket joined the room). */
  arrived(sessionId: string, admission: Admission): void {
    const { eventId } = admission;
    const attendance =
      eventId === null
        ? Promise.resolve(null)
        : this.#deps.attendance
            .start({ eventId, personId: admission.person.id, invitationId: admission.invitationId, floor: this.#deps.floor })
            .catch((err: unknown) => {
              this.#deps.log.warn({ err, person: admission.person.id }, "could not record attendance");
              return null;
            });
    this.#inside.set(sessionId, { admission, attendance });
  }

  /** They left for good (not a dropped connection that may come back). */
  left(sessionId: string): void {
    const inside = this.#inside.get(sessionId);
    if (!inside) return;
    this.#inside.delete(sessionId);
    void inside.attendance.then((id) => {
      if (id) return this.#deps.attendance.end(id).catch((err: unknown) => this.#deps.log.warn({ err }, "could not close attendance"));
    });
  }

  /** Who a session is (their identity, role and event), while they are inside. */
  who(sessionId: string): Admission | undefined {
    return this.#inside.get(sessionId)?.admission;
  }

  /**
   * Re-reads the venue's events. If the event people came in for has ended, returns it
   * once, with who must leave (everyone but its hosts).
   */
  async ended(): Promise<{ eventId: string; leaving: string[]; notice: ServerMessages["notice"] } | null> {
    const eventIds = new Set([...this.#inside.values()].flatMap((i) => (i.admission.eventId ? [i.admission.eventId] : [])));
    if (eventIds.size === 0) return null;
    const now = this.#deps.admission.now();
    const events = await this.#deps.admission.eventsOf(this.#deps.venue);
    for (const id of eventIds) {
      if (this.#announced.has(id)) continue;
      const event = events.find((e) => e.id === id);
      // Gone, or over (a host's "end now", or its time ran out) — unless extended or reopened.
      if (event && eventPhase(event, now) !== "ended") continue;
      this.#announced.add(id);
      const leaving = [...this.#inside].filter(([, i]) => i.admission.eventId === id && i.admission.role !== "host").map(([s]) => s);
      return { eventId: id, leaving, notice: { kind: "ended", message: "The event has ended. Thank you for coming!" } };
    }
    return null;
  }

  /** The room is closing: everyone still inside leaves now. */
  close(): void {
    for (const id of [...this.#inside.keys()]) this.left(id);
  }
}
