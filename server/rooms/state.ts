/**
 * Replicated state of one floor. `people` is shared with everyone (the "who's here"
 * list); `avatars` is tagged @view(), so each client receives only the avatars the room
 * adds to its StateView — the ones near its viewport. Field names and types mirror
 * shared/protocol/state.ts, which is what the client reads.
 */
import { MapSchema, Schema, type, view } from "@colyseus/schema";

export class Person extends Schema {
  @type("string") id = "";
  @type("string") name = "";
  @type("string") avatar = "";
  @type("boolean") connected = true;
}

export class Avatar extends Schema {
  @type("string") id = "";
  /** Feet position in whole pixels; the server keeps the exact value privately. */
  @type("uint16") x = 0;
  @type("uint16") y = 0;
  /** Index into DIRECTIONS. */
  @type("uint8") dir = 0;
  @type("boolean") moving = false;
  /** Last `move` seq applied, so the owner can tell which of its inputs are confirmed. */
  @type("uint32") seq = 0;
}

export class FloorState extends Schema {
  @type("string") floor = "";
  @type("uint32") mapVersion = 0;
  @type({ map: Person }) people = new MapSchema<Person>();
  /** People in each table / coffee corner that has a limit, by zone name ("3/4 seats"). */
  @type({ map: "uint16" }) occupancy = new MapSchema<number>();
  @view() @type({ map: Avatar }) avatars = new MapSchema<Avatar>();
}
