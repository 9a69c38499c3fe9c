/**
 * Seats reserved by matchmaking but not yet taken, per client address. Colyseus holds a
 * reserved seat for its reservation time whether or not anyone connects, so a flood of
 * join requests that never connect would fill a floor's room and push real attendees
 * into a second, empty copy of the floor. The matchmaking door refuses a client whose
 * reservations are piling up; a room reports a seat as taken when its socket arrives.
 */

/** How long Colyseus keeps a reserved seat (its default seatReservationTime). */
const RESERVATION_MS = 15_000;

export class PendingSeats {
  readonly #byClient = new Map<string, Map<string, number>>();
  readonly #clientOf = new Map<string, string>();
  readonly #max: number;
  readonly #now: () => number;

  constructor(maxPerClient: number, now: () => number = Date.now) {
    this.#max = maxPerClient;
    this.#now = now;
  }

  /** May this client have another seat reserved now? */
  admits(client: string): boolean {
    return this.#live(client).size < this.#max;
  }

  reserved(client: string, sessionId: string): void {
    this.#live(client).set(sessionId, this.#now() + RESERVATION_MS);
    this.#clientOf.set(sessionId, client);
  }

  /** The reservation's socket arrived (or was refused): it no longer counts. */
  taken(sessionId: string): void {
    const client = this.#clientOf.get(sessionId);
    if (client === undefined) return;
    this.#clientOf.delete(sessionId);
    const seats = this.#byClient.get(client);
    seats?.delete(sessionId);
    if (seats?.size === 0) this.#byClient.delete(client);
  }

  #live(client: string): Map<string, number> {
    let seats = this.#byClient.get(client);
    if (!seats) this.#byClient.set(client, (seats = new Map()));
    const now = this.#now();
    for (const [id, until] of seats) {
      if (until > now) continue;
      seats.delete(id);
      this.#clientOf.delete(id);
    }
    return seats;
  }
}
