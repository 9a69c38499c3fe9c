/**
 * Someone in the venue for integration tests of who's-here across floors and venue-wide
 * chat: joins a floor with an identity made the way the join form does, and records what
 * they are told (chat, groups, history, errors) and whom they see on other floors.
 */
import type { Room } from "colyseus.js";
import { expect } from "vitest";
import type { ServerMessages } from "../../shared/protocol/messages.ts";
import type { FloorStateView } from "../../shared/protocol/state.ts";
import type { RosterEntry } from "../../shared/protocol/venue.ts";
import { joinFloor } from "./avatars.ts";
import { waitFor, type RunningServer } from "./server.ts";
import { Visitor } from "./visitor.ts";

type FloorRoom = Room<FloorStateView>;

/** Someone in the venue: their room, what they were told, and who they see elsewhere. */
export interface VenueGuest {
  room: FloorRoom;
  personId: string;
  chat: ServerMessages["chat"][];
  groups: ServerMessages["chatGroup"][];
  history: ServerMessages["chatHistory"][];
  errors: ServerMessages["error"][];
  elsewhere: Map<string, RosterEntry>;
}

/** Join `floor` as `name` (with a fresh identity made the way the join form does) and record what arrives. */
export async function venueGuest(server: Pick<RunningServer, "url" | "wsUrl">, name: string, floor: string, token?: string): Promise<VenueGuest & { token: string }> {
  let identity = token;
  if (!identity) {
    const visitor = new Visitor(server.url);
    expect((await visitor.call("POST", "/api/people", { name, avatar: "teal" })).status).toBe(201);
    identity = visitor.identity!;
  }
  const heard: Omit<VenueGuest, "room" | "personId"> = { chat: [], groups: [], history: [], errors: [], elsewhere: new Map() };

  const listen = (room: FloorRoom) => {
    room.onMessage("chat", (m: ServerMessages["chat"]) => heard.chat.push(m));
    room.onMessage("chats", (m: ServerMessages["chats"]) => heard.chat.push(...m.messages));
    room.onMessage("chatGroup", (m: ServerMessages["chatGroup"]) => heard.groups.push(m));
    room.onMessage("chatHistory", (m: ServerMessages["chatHistory"]) => heard.history.push(m));
    room.onMessage("error", (m: ServerMessages["error"]) => heard.errors.push(m));
    room.onMessage("roster", (m: ServerMessages["roster"]) => {
      heard.elsewhere.clear();
      for (const e of m.people) heard.elsewhere.set(e.key, e);
    });
    room.onMessage("rosterChanged", (m: ServerMessages["rosterChanged"]) => {
      for (const k of m.gone) heard.elsewhere.delete(k);
      for (const e of m.upsert) heard.elsewhere.set(e.key, e);
    });
    for (const t of ["reaction", "chatSettings", "chatUpdated", "profile", "notice", "mediaEvent", "met"]) room.onMessage(t, () => {});
  };
  const room = await joinFloor(server.wsUrl, { name, avatar: "teal", floor }, 10_000, identity, listen);
  const personId = await waitFor(() => room.state.people.get(room.sessionId)?.personId, `${name}'s identity`);
  return { ...heard, room, personId, token: identity };
}

/** Who `g` sees on another floor, by name. */
export function seenElsewhere(g: VenueGuest, name: string): RosterEntry | undefined {
  return [...g.elsewhere.values()].find((e) => e.name === name);
}

