/**
 * The venue beyond one floor, on the real server with real colyseus.js clients and the
 * built-in venue's two floors (Main hall and Roof terrace): who's-here shows the people of
 * the other floor with their status and role, the event channel and a direct message reach
 * someone on the other floor, and a group conversation reaches exactly its members —
 * persisted, with history, announced again when a member comes back.
 */
import type { Room } from "colyseus.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FloorStateView } from "../../shared/protocol/state.ts";
import { startServer, waitFor, type RunningServer } from "../support/server.ts";
import { seenElsewhere, venueGuest } from "../support/venue.ts";

type FloorRoom = Room<FloorStateView>;
let server: RunningServer;
const open: FloorRoom[] = [];

beforeAll(async () => {
  server = await startServer({ env: { FOYER_MEDIA: "off" } });
});
afterAll(async () => {
  for (const r of open) if (r.connection.isOpen) await r.leave().catch(() => {});
  await server?.stop();
});

async function guest(name: string, floor: string, token?: string) {
  const g = await venueGuest(server, name, floor, token);
  open.push(g.room);
  return g;
}

describe("who's here across floors", () => {
  it("lists the people of the other floor with status, and forgets them when they leave", async () => {
    const ada = await guest("Ada", "main");
    const ben = await guest("Ben", "terrace");
    const onTerrace = await waitFor(() => seenElsewhere(ada, "Ben"), "Ben on the terrace in Ada's who's-here");
    expect(onTerrace).toMatchObject({ floor: "terrace", floorName: "Roof terrace", personId: ben.personId, status: "available", connected: true, id: ben.room.sessionId });
    await waitFor(() => seenElsewhere(ben, "Ada")?.floor === "main", "Ada in the Main hall in Ben's who's-here");
    // Nobody appears twice: your own floor comes from the room's state, not the roster.
    expect(seenElsewhere(ada, "Ada")).toBeUndefined();

    ben.room.send("status", { status: "busy" });
    await waitFor(() => seenElsewhere(ada, "Ben")?.status === "busy", "Ben busy in Ada's list");

    await ben.room.leave();
    await waitFor(() => !seenElsewhere(ada, "Ben"), "Ben gone from Ada's list");
  });

  it("the event channel and a direct message reach someone on the other floor", async () => {
    const cy = await guest("Cy", "main");
    const dee = await guest("Dee", "terrace");
    cy.room.send("chatSend", { channel: "event", text: "talk starts in five" });
    await waitFor(() => dee.chat.find((m) => m.text === "talk starts in five"), "the event message on the terrace");
    dee.room.send("chatSend", { channel: "direct", to: cy.personId, text: "save me a seat" });
    const dm = await waitFor(() => cy.chat.find((m) => m.text === "save me a seat"), "Dee's direct message downstairs");
    expect(dm.to?.personId).toBe(cy.personId);
  });
});

describe("group conversations", () => {
  it("reach exactly their members on any floor, keep their history, and come back with a member", async () => {
    const eva = await guest("Eva", "main");
    const fay = await guest("Fay", "terrace");
    const gus = await guest("Gus", "main");
    const hal = await guest("Hal", "main"); // not in the group
    await waitFor(() => seenElsewhere(eva, "Fay"), "Fay in Eva's who's-here");

    eva.room.send("chatGroup", { add: [fay.personId, gus.personId] });
    const started = await waitFor(() => fay.groups[0], "Fay told about the new group");
    expect(started.members.map((m) => m.name).sort()).toEqual(["Eva", "Fay", "Gus"]);
    await waitFor(() => eva.groups.length > 0 && gus.groups.length > 0, "every member told");

    eva.room.send("chatSend", { channel: "group", group: started.id, text: "lunch after this?" });
    await waitFor(() => fay.chat.find((m) => m.text === "lunch after this?") && gus.chat.find((m) => m.text === "lunch after this?"), "the group message with Fay and Gus");
    expect(fay.chat.find((m) => m.text === "lunch after this?")?.group?.id).toBe(started.id);

    // Hal is not in it: he does not see it, cannot write to it, cannot read it.
    hal.room.send("chatSend", { channel: "group", group: started.id, text: "me too" });
    hal.room.send("chatHistory", { channel: "group", group: started.id });
    await waitFor(() => hal.errors.filter((e) => e.field === "group").length === 2, "Hal refused twice, naming the group");
    expect(hal.chat.some((m) => m.channel === "group")).toBe(false);
    expect(hal.groups).toHaveLength(0);

    // Added later, Hal is told and receives what follows.
    gus.room.send("chatGroup", { group: started.id, add: [hal.personId] });
    await waitFor(() => hal.groups.find((g) => g.id === started.id), "Hal added");
    gus.room.send("chatSend", { channel: "group", group: started.id, text: "Hal is in" });
    await waitFor(() => hal.chat.find((m) => m.text === "Hal is in"), "Hal receives the next message");

    // Fay comes back: the group is announced again and its history is there.
    await fay.room.leave();
    const back = await guest("Fay", "terrace", fay.token);
    const again = await waitFor(() => back.groups.find((g) => g.id === started.id), "the group announced on rejoining");
    expect(again.members).toHaveLength(4);
    back.room.send("chatHistory", { channel: "group", group: started.id });
    const page = await waitFor(() => back.history.find((h) => h.group === started.id), "the group's history");
    expect(page.messages.map((m) => m.text)).toEqual(["Hal is in", "lunch after this?"]);
  });

  it("refuses a group beyond eight people and people who are not in the venue, naming the field", async () => {
    const ivy = await guest("Ivy", "main");
    ivy.room.send("chatGroup", { add: Array.from({ length: 8 }, (_, i) => `p${i}`) });
    ivy.room.send("chatGroup", { add: ["nobody-here"] });
    const errors = await waitFor(() => (ivy.errors.length >= 2 ? ivy.errors : null), "two refusals");
    expect(errors.map((e) => e.field)).toEqual(["add", "add"]);
    expect(errors[0]!.message).toMatch(/at most 8/);
    expect(errors[1]!.message).toMatch(/not in the venue/);
  });
});
