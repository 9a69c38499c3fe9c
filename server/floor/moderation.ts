/**
 * Hosts and moderators run the room (issue #12): mute (the server pauses the microphone
 * and keeps it paused), move, remove, ban, close and open a spot, mute everyone, the
 * megaphone, bringing people on and off the stage, ending the event for all (hosts only,
 * through the same events store the API uses); and anyone's report. Every command is
 * audited — also those refused for want of a role, as attempts. Plain data: who is who
 * comes from the floor's roster here, storage is the ModerationStore port, removal is the
 * room's `dismiss`. Never holds a socket, never trusts a role the client claims.
 */
import type { Zone } from "../../shared/map/model.ts";
import type { ClientMessage, ErrorCode } from "../../shared/protocol/messages.ts";
import type { HeldSource, ModerateCommand, ModerationAction } from "../../shared/protocol/moderation.ts";
import type { ClosedBy } from "../../shared/protocol/knock.ts";
import type { Logger } from "../log.ts";
import type { Outbox } from "./outbox.ts";
import type { FloorPerson } from "./person.ts";
import { MODERATOR_ROLES, type FloorMember, type Stage } from "./stage.ts";

/** One audited action: who did (or tried) what to whom, when and why. */
export interface ModerationRecord {
  venue: string;
  floor: string;
  eventId: string | null;
  actorId: string;
  actorName: string;
  actorRole: string;
  targetId: string | null;
  targetName: string | null;
  action: ModerationAction;
  /** A zone's name (move, close, open), the megaphone's text, a ban's scope, how many were muted. */
  detail: string | null;
  reason: string | null;
  /** False: refused (the sender has no such role) — an attempt. */
  allowed: boolean;
  at: number;
}

/** Where moderation is kept (server/db/moderation.ts; in memory without a database). */
export interface ModerationStore {
  record(r: ModerationRecord): Promise<void>;
  /** Refuse this identity at the event (eventId) or the whole venue (null) from now on. */
  ban(b: { venue: string; eventId: string | null; personId: string; byId: string; reason: string | null }): Promise<void>;
}

/** For tests and servers without a database: what was recorded, in memory. */
export function memoryModerationStore(): ModerationStore & { records: ModerationRecord[]; bans: { venue: string; eventId: string | null; personId: string }[] } {
  const records: ModerationRecord[] = [];
  const bans: { venue: string; eventId: string | null; personId: string }[] = [];
  return {
    records,
    bans,
    record: async (r) => void records.push(r),
    ban: async ({ venue, eventId, personId }) => void bans.push({ venue, eventId, personId }),
  };
}

export interface ModerationOptions {
  venue: string;
  floor: string;
  outbox: Outbox;
  now(): number;
  log: Logger;
  store: ModerationStore;
  stage: Stage;
  person(id: string): FloorPerson | undefined;
  zones(): readonly Zone[];
  placeIn(person: FloorPerson, zone: Zone): void;
  /** Hold a microphone, camera or screen share paused on the server (FloorMediaLink.hold), or let it go. */
  hold(id: string, source: HeldSource, held: boolean): void;
  /** The room disconnects them without a reconnection spot (after they were told why). */
  dismiss?(id: string, message: string): void;
  /**
   * End this event now for everyone on every floor of the venue (the events store's "end",
   * then the venue's live rooms re-read their events: server/app.ts). Without it (no
   * database) ending is refused.
   */
  endEvent?(eventId: string): Promise<void>;
  /** Closed tables and corners (knock.ts keeps them: the people inside close them too). */
  spots: { readonly closed: ReadonlyMap<string, ClosedBy>; close(zone: string, by: ClosedBy): void; open(zone: string): void };
}

/** Refused attempts audited per person per minute; beyond that they are refused unrecorded. */
const ATTEMPTS_PER_MINUTE = 10;

const TOLD: Partial<Record<ModerationAction, string>> = {
  mute: "You were muted by a host. You can unmute when a host allows it.",
  unmute: "A host allowed you to speak again; unmute when you are ready.",
  bringUp: "A host brought you onto the stage: everyone in the audience hears you.",
  bringDown: "A host brought you back down from the stage.",
};
const VIDEO_NAME = { camera: "camera", screen: "screen share" } as const;

export class Moderation {
  readonly #o: ModerationOptions;
  readonly #members = new Map<string, FloorMember>();
  /** Muted by a host, by identity (a reload must not escape it). */
  readonly #muted = new Set<string>();
  /** Cameras and screen shares a host stopped, by identity (they cannot start them until allowed). */
  readonly #stopped = new Map<string, Set<"camera" | "screen">>();
  readonly #attempts = new Map<string, number[]>();

  constructor(o: ModerationOptions) {
    this.#o = o;
  }

  member(id: string): FloorMember | undefined {
    return this.#members.get(id);
  }

  members(): IterableIterator<[string, FloorMember]> {
    return this.#members.entries();
  }

  /** Closed tables and corners, by name, and who closed them (Places refuses steps into them). */
  get closed(): ReadonlyMap<string, ClosedBy> {
    return this.#o.spots.closed;
  }

  /** Is this session muted by a host? */
  isMuted(id: string): boolean {
    const m = this.#members.get(id);
    return m !== undefined && this.#muted.has(m.personId);
  }

  join(id: string, member: FloorMember): void {
    this.#members.set(id, member);
    for (const source of this.#stopped.get(member.personId) ?? []) {
      this.#o.hold(id, source, true);
      this.#o.outbox.send(id, "moderated", { action: "stop", source, message: `A host stopped your ${VIDEO_NAME[source]}. You can start it again when a host allows it.` });
    }
    if (!this.#muted.has(member.personId)) return;
    this.#o.hold(id, "mic", true);
    this.#o.outbox.send(id, "moderated", { action: "mute", source: "mic", message: TOLD.mute ?? "" });
  }

  leave(id: string): void {
    this.#members.delete(id);
    this.#attempts.delete(id);
  }

  /** `moderate`: carried out for hosts and moderators; refused (and audited as an attempt) for anyone else. */
  command(p: FloorPerson, cmd: ModerateCommand): void {
    const actor = this.#members.get(p.id);
    const hostsOnly = cmd.action === "endEvent";
    if (!actor || !(hostsOnly ? actor.role === "host" : MODERATOR_ROLES.has(actor.role))) {
      this.#refuse(p.id, "forbidden", hostsOnly ? "only hosts can end the event" : `only hosts and moderators can ${cmd.action}`);
      if (actor && this.#mayAudit(p.id)) this.#audit(actor, cmd, null, false, null);
      return;
    }
    if (cmd.action === "endEvent") return this.#endEvent(p.id, actor, cmd);
    const outcome = this.#carryOut(p.id, actor, cmd);
    if (!outcome.ok) return this.#refuse(p.id, outcome.code ?? "not_found", outcome.message, outcome.field);
    this.#audit(actor, cmd, outcome.target ?? null, true, outcome.detail ?? null);
    this.#o.outbox.send(p.id, "moderationDone", { action: cmd.action, message: outcome.done });
  }

  /** `report`: anyone may tell the moderators about someone on this floor. */
  report(p: FloorPerson, m: ClientMessage<"report">): void {
    const actor = this.#members.get(p.id);
    const target = this.#members.get(m.id);
    if (!actor || !target || m.id === p.id) return this.#refuse(p.id, "not_found", `id: nobody else with id "${m.id}" is on this floor`, "id", "report");
    if (!this.#mayAudit(p.id)) return this.#refuse(p.id, "rate_limited", "too many reports; wait a minute", undefined, "report");
    for (const [id, who] of this.#members) if (MODERATOR_ROLES.has(who.role)) this.#o.outbox.send(id, "reported", { id: m.id, name: target.name, by: actor.name, reason: m.reason });
    this.#record({ actor, target, action: "report", detail: null, reason: m.reason, allowed: true });
    this.#o.outbox.send(p.id, "moderationDone", { action: "report", message: `Thank you. The moderators were told about ${target.name}.` });
  }

  #carryOut(
    self: string,
    actor: FloorMember,
    cmd: Exclude<ModerateCommand, { action: "endEvent" }>,
  ): { ok: true; done: string; target?: FloorMember; detail?: string } | { ok: false; message: string; field?: string; code?: ErrorCode } {
    switch (cmd.action) {
      case "close":
      case "open": {
        const zone = this.#o.zones().find((z) => z.name === cmd.zone);
        if (!zone || (zone.kind !== "table" && zone.kind !== "coffee-corner")) return { ok: false, field: "zone", message: `zone: "${cmd.zone}" is not a table or coffee corner on this floor` };
        if (cmd.action === "close") this.#o.spots.close(zone.name, "host");
        else this.#o.spots.open(zone.name);
        return { ok: true, done: `${zone.name} is ${cmd.action === "close" ? "closed: nobody else can walk in" : "open again"}.`, detail: zone.name };
      }
      case "muteAll": {
        let n = 0;
        for (const [id, m] of this.#members) {
          if (id === self || m.role === "host" || this.#muted.has(m.personId)) continue;
          this.#mute(id, m);
          n++;
        }
        return { ok: true, done: `Muted ${n} ${n === 1 ? "person" : "people"} on this floor.`, detail: String(n) };
      }
      case "megaphone": {
        for (const id of this.#members.keys()) this.#o.outbox.send(id, "megaphone", { from: actor.name, text: cmd.text });
        return { ok: true, done: "Your announcement is on everyone's screen.", detail: cmd.text };
      }
    }
    const target = this.#members.get(cmd.id);
    const person = this.#o.person(cmd.id);
    if (!target || !person) return { ok: false, field: "id", message: `id: nobody with id "${cmd.id}" is on this floor` };
    if (target.role === "host" && actor.role !== "host") return { ok: false, code: "forbidden", field: "id", message: `id: moderators cannot ${cmd.action} a host` };
    if ((cmd.action === "remove" || cmd.action === "ban") && (target.role === "host" || cmd.id === self)) return { ok: false, code: "forbidden", field: "id", message: `id: a host cannot be ${cmd.action === "ban" ? "banned" : "removed"}` };
    const why = "reason" in cmd && cmd.reason ? ` (${cmd.reason})` : "";
    switch (cmd.action) {
      case "mute":
        this.#mute(cmd.id, target);
        return { ok: true, done: `${target.name} is muted until you allow them to speak.`, target };
      case "unmute":
        this.#muted.delete(target.personId);
        for (const [id, m] of this.#members) if (m.personId === target.personId) {
          this.#o.hold(id, "mic", false);
          this.#o.outbox.send(id, "moderated", { action: "unmute", source: "mic", message: TOLD.unmute ?? "" });
        }
        return { ok: true, done: `${target.name} may speak again.`, target };
      case "stop":
      case "allow": {
        const stopped = this.#stopped.get(target.personId) ?? new Set<"camera" | "screen">();
        if (cmd.action === "stop") stopped.add(cmd.source);
        else stopped.delete(cmd.source);
        if (stopped.size > 0) this.#stopped.set(target.personId, stopped);
        else this.#stopped.delete(target.personId);
        const what = VIDEO_NAME[cmd.source];
        const message = cmd.action === "stop" ? `A host stopped your ${what}${why}. You can start it again when a host allows it.` : `A host allowed your ${what} again.`;
        for (const [id, m] of this.#members) if (m.personId === target.personId) {
          this.#o.hold(id, cmd.source, cmd.action === "stop");
          this.#o.outbox.send(id, "moderated", { action: cmd.action, source: cmd.source, message });
        }
        return { ok: true, done: cmd.action === "stop" ? `${target.name}'s ${what} is stopped until you allow it.` : `${target.name} may turn on their ${what} again.`, target, detail: cmd.source };
      }
      case "move": {
        const zone = this.#o.zones().find((z) => z.name === cmd.zone);
        if (!zone) return { ok: false, field: "zone", message: `zone: there is no zone "${cmd.zone}" on this floor` };
        this.#o.placeIn(person, zone);
        this.#o.outbox.send(cmd.id, "moderated", { action: "move", message: `A host moved you to ${zone.name}.` });
        return { ok: true, done: `${target.name} is now at ${zone.name}.`, target, detail: zone.name };
      }
      case "remove":
        this.#dismiss(cmd.id, `A host removed you from the event${why}.`, "remove");
        return { ok: true, done: `${target.name} was removed.`, target };
      case "ban": {
        const eventId = cmd.scope === "venue" ? null : target.eventId;
        const detail = eventId === null ? "venue" : "event";
        // Stored before they go, so a quick rejoin is already refused.
        void this.#o.store
          .ban({ venue: this.#o.venue, eventId, personId: target.personId, byId: actor.personId, reason: cmd.reason ?? null })
          .catch((err: unknown) => this.#o.log.warn({ err, person: target.personId }, "could not store a ban"))
          .then(() => this.#dismiss(cmd.id, `A host banned you from this ${detail}${why}.`, "ban"));
        return { ok: true, done: `${target.name} was banned from this ${detail}.`, target, detail };
      }
      case "bringUp": {
        const up = this.#o.stage.bringUp(cmd.id);
        if (!up.ok) return { ok: false, field: "id", message: up.message };
        this.#o.outbox.send(cmd.id, "moderated", { action: "bringUp", message: TOLD.bringUp ?? "" });
        return { ok: true, done: `${target.name} is on ${up.stage.name}.`, target, detail: up.stage.name };
      }
      case "bringDown": {
        const down = this.#o.stage.bringDown(cmd.id);
        if (!down.ok) return { ok: false, field: "id", message: down.message };
        this.#o.outbox.send(cmd.id, "moderated", { action: "bringDown", message: TOLD.bringDown ?? "" });
        return { ok: true, done: `${target.name} is back in the audience.`, target };
      }
    }
  }

  /** Stored first, then every floor's door notices and lets its attendees go (door.ts `ended`). */
  #endEvent(self: string, actor: FloorMember, cmd: Extract<ModerateCommand, { action: "endEvent" }>): void {
    const eventId = actor.eventId;
    const end = this.#o.endEvent;
    if (eventId === null || !end) return this.#refuse(self, "not_found", "there is no event on in this venue to end");
    end(eventId).then(
      () => {
        this.#audit(actor, cmd, null, true, eventId);
        this.#o.outbox.send(self, "moderationDone", { action: "endEvent", message: "The event is ending for everyone on every floor." });
      },
      (err: unknown) => {
        this.#o.log.warn({ err, event: eventId }, "could not end the event");
        this.#refuse(self, "not_found", "the event could not be ended; try again in a moment");
      },
    );
  }

  #mute(id: string, target: FloorMember): void {
    this.#muted.add(target.personId);
    for (const [session, m] of this.#members) if (m.personId === target.personId) {
      this.#o.hold(session, "mic", true);
      this.#o.outbox.send(session, "moderated", { action: "mute", source: "mic", message: TOLD.mute ?? "" });
    }
    if (!this.#members.has(id)) this.#o.hold(id, "mic", true);
  }

  #dismiss(id: string, message: string, action: ModerationAction): void {
    if (!this.#members.has(id)) return;
    this.#o.outbox.send(id, "moderated", { action, message });
    this.#o.outbox.send(id, "notice", { kind: "kicked", message });
    this.#o.dismiss?.(id, message);
  }

  #refuse(id: string, code: ErrorCode, message: string, field?: string, type: "moderate" | "report" = "moderate"): void {
    this.#o.outbox.send(id, "error", { code, type, message, ...(field ? { field } : {}) });
  }

  /** At most ATTEMPTS_PER_MINUTE audited refusals (or reports) per person, so a modified client cannot flood the log. */
  #mayAudit(id: string): boolean {
    const now = this.#o.now();
    const recent = (this.#attempts.get(id) ?? []).filter((t) => now - t < 60_000);
    if (recent.length >= ATTEMPTS_PER_MINUTE) return false;
    recent.push(now);
    this.#attempts.set(id, recent);
    return true;
  }

  #audit(actor: FloorMember, cmd: ModerateCommand, target: FloorMember | null, allowed: boolean, detail: string | null): void {
    const named = "id" in cmd ? (target ?? this.#members.get(cmd.id) ?? null) : null;
    const zone = "zone" in cmd ? cmd.zone : null;
    this.#record({ actor, target: named, action: cmd.action, detail: detail ?? zone, reason: "reason" in cmd ? (cmd.reason ?? null) : null, allowed });
  }

  #record(r: { actor: FloorMember; target: FloorMember | null; action: ModerationAction; detail: string | null; reason: string | null; allowed: boolean }): void {
    const row: ModerationRecord = {
      venue: this.#o.venue,
      floor: this.#o.floor,
      eventId: r.actor.eventId,
      actorId: r.actor.personId,
      actorName: r.actor.name,
      actorRole: r.actor.role,
      targetId: r.target?.personId ?? null,
      targetName: r.target?.name ?? null,
      action: r.action,
      detail: r.detail,
      reason: r.reason,
      allowed: r.allowed,
      at: this.#o.now(),
    };
    this.#o.store.record(row).catch((err: unknown) => this.#o.log.warn({ err, action: r.action }, "could not record a moderation action"));
  }
}
