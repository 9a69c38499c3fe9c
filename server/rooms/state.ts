/**
 * Replicated state of one floor, shared with everyone: who is here (the "who's here"
 * list) and how full each table is. Avatar positions are not in the schema: each client
 * gets only the avatars near its viewport through the `pos` message
 * (shared/protocol/positions.ts). Field names and types mirror shared/protocol/state.ts,
 * which is what the client reads.
 */
import { ArraySchema, MapSchema, Schema, type } from "@colyseus/schema";

export class Person extends Schema {
  @type("string") id = "";
  @type("string") name = "";
  @type("string") avatar = "";
  @type("boolean") connected = true;
  /** host, moderator, speaker or attendee (shared/events/window.ts EVENT_ROLES). */
  @type("string") role = "attendee";
  /** Their identity (Person id): what direct messages and profile cards address. */
  @type("string") personId = "";
  /** available, busy (do not disturb) or away (shared/protocol/chat.ts STATUSES). */
  @type("string") status = "available";
  /** Interest tags from their profile (who's-here finds people by them; public, like their card). */
  @type(["string"]) interests = new ArraySchema<string>();
}

export class FloorState extends Schema {
  @type("string") floor = "";
  @type("uint32") mapVersion = 0;
  @type({ map: Person }) people = new MapSchema<Person>();
  /** People in each table / coffee corner that has a limit, by zone name ("3/4 seats"). */
  @type({ map: "uint16" }) occupancy = new MapSchema<number>();
  /** Closed tables and coffee corners, by zone name: who closed them, "host" or "inside" (knock to come in). */
  @type({ map: "string" }) closed = new MapSchema<string>();

  /** Shown greyed out while their connection dropped and they may come back. */
  setConnected(id: string, connected: boolean): void {
    const shown = this.people.get(id);
    if (shown) shown.connected = connected;
  }

  /** Shown on their avatar and in who's-here (the floor's StatusBoard). */
  setStatus(id: string, status: string): void {
    const shown = this.people.get(id);
    if (shown && shown.status !== status) shown.status = status;
  }

  /** Their profile's interests changed (the floor's InterestBoard): a new list, so clients see the person change. */
  setInterests(id: string, interests: readonly string[]): void {
    const shown = this.people.get(id);
    if (shown) shown.interests = new ArraySchema<string>(...interests);
  }

  /** A spot was closed (by a host, or the people inside) or opened (null): the floor's SpotBoard. */
  showClosed(zone: string, by: string | null): void {
    if (by === null) this.closed.delete(zone);
    else if (this.closed.get(zone) !== by) this.closed.set(zone, by);
  }

  /** Seat counts onto the shared state; counts of tables and corners the host removed or renamed go too. */
  showSeats(counts: ReadonlyMap<string, number>): void {
    const shown = this.occupancy;
    for (const [name, n] of counts) if (shown.get(name) !== n) shown.set(name, n);
    if (shown.size > counts.size) for (const name of [...shown.keys()]) if (!counts.has(name)) shown.delete(name);
  }
}
