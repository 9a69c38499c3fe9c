/**
 * The event while you are in the room: when a host ends it, everyone gets a `notice`
 * of kind "ended"; non-hosts leave and see the closed page with the feedback form,
 * hosts stay on the floor and are told.
 */
import type { PublicEvent } from "../../shared/protocol/events.ts";
import type { Connection, FloorRoom } from "../net/connection.ts";
import { toast } from "./dom.ts";
import { fetchVenueEvent } from "./eventApi.ts";
import { EVENT_STRINGS as S } from "./eventStrings.ts";
import { showClosedPage } from "./eventPages.ts";

/** This person's role at the event, as the room state says ("" before the state arrived). */
export function myRole(room: FloorRoom): string {
  return room.state.people?.get(room.sessionId)?.role ?? "";
}

export function followEvent(conn: Connection, room: FloorRoom, venue: string, known: () => PublicEvent | null): void {
  conn.onServer("notice", (notice) => {
    if (notice.kind !== "ended") return;
    if (myRole(room) === "host") {
      toast(S.endedWhileHost, "info", 10_000);
      return;
    }
    void (async () => {
      await conn.leave().catch(() => {});
      const event = known() ?? (await fetchVenueEvent(venue).catch(() => null));
      if (event) await showClosedPage({ ...event, phase: "ended" });
    })();
  });
}
