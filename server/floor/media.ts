/**
 * The floor's media wiring: a media peer follows each person in and out, `media`
 * requests are checked per method and answered, and positions go to the floor's media at
 * 10 Hz when someone moved. Never touches mediasoup: server/media does; with media off
 * (or in a unit test) everything here is a no-op or a polite refusal.
 */
import type { Participant } from "../../shared/audibility/model.ts";
import type { Floor } from "../../shared/map/model.ts";
import { checkMediaRequest, type CheckedMediaRequest, type MediaEvent, type MediaResponse } from "../../shared/protocol/media.ts";
import type { ClientMessage } from "../../shared/protocol/messages.ts";
import type { HeldSource } from "../../shared/protocol/moderation.ts";
import type { Logger } from "../log.ts";
import type { Outbox } from "./outbox.ts";
import type { FloorPerson } from "./person.ts";
import { relaySpeaking } from "./voice.ts";

/** Media updates run every this many ticks (10 Hz); the audibility model's hysteresis covers the gap. */
const MEDIA_EVERY_TICKS = 2;
const NOBODY: readonly string[] = [];

/** What the floor needs from its media (FloorMedia in server/media implements it). */
export interface FloorMediaPort {
  addPeer(id: string, send: (event: MediaEvent) => void): void;
  removePeer(id: string): void;
  handle(peerId: string, request: CheckedMediaRequest): Promise<MediaResponse>;
  /** Resolves when done; a call while one is still running is folded into the next. */
  update(people: readonly Participant[], floor: Pick<Floor, "zones">, moved: boolean, apart?: (listener: string, speaker: string) => boolean): Promise<void>;
  subscribedTo(listenerId: string): ReadonlySet<string>;
  flowing(): Map<string, Set<string>>;
  /** Was `id`'s microphone loud moments ago (speaking, from its audio level)? */
  voiceActive?(id: string): boolean;
  /** A host holds `source` paused for `id` (moderation), or lets it go. */
  forcePause?(id: string, source: HeldSource, held: boolean): Promise<void>;
  close(): void;
}

export class FloorMediaLink {
  readonly #media: FloorMediaPort | null;
  readonly #outbox: Outbox;
  readonly #log: Logger;
  /** Someone moved (or the plan changed) since the last media update: media skips a floor standing still. */
  #moved = true;
  #ticks = 0;
  /** Someone muted or unmuted: the next tick updates media (not the next 10 Hz update). */
  #soon = false;

  /** Two people kept apart (one blocked the other): never a consumer between them (server/floor/blocks.ts). */
  readonly #apart: (a: string, b: string) => boolean;

  constructor(media: FloorMediaPort | null, outbox: Outbox, log: Logger, apart: (a: string, b: string) => boolean = () => false) {
    this.#apart = apart;
    this.#media = media;
    this.#outbox = outbox;
    this.#log = log;
  }

  /** Someone arrived, or came back with a reloaded page: their media starts afresh. */
  join(id: string): void {
    this.#media?.addPeer(id, (event) => this.#outbox.send(id, "mediaEvent", event));
  }

  leave(id: string): void {
    this.#media?.removePeer(id);
  }

  /** A host muted `id` or stopped their camera or screen (held), or allowed it again: their media follows on the server. */
  hold(id: string, source: HeldSource, held: boolean): void {
    const media = this.#media;
    if (!media?.forcePause) return;
    this.#soon = true;
    media.forcePause(id, source, held).catch((err: unknown) => this.#log.warn({ err, person: id, source }, "could not hold media"));
  }

  /** Someone blocked or unblocked someone: subscriptions follow on the next tick, even if nobody moved. */
  separated(): void {
    this.#moved = true;
    this.#soon = true;
  }

  /**
   * Who is speaking, from their microphones' levels (for "who I met": a conversation counts
   * while one of the two speaks); undefined without media, where standing together counts.
   */
  get voiceActivity(): ((id: string) => boolean) | undefined {
    const media = this.#media;
    return media?.voiceActive ? (id) => media.voiceActive?.(id) ?? false : undefined;
  }

  /** Speakers this listener receives (they must be visible to them too). */
  heard(id: string): Iterable<string> {
    return this.#media?.subscribedTo(id) ?? NOBODY;
  }

  /** A `media` request: its data is checked here, at the edge; the answer is always a `mediaResponse`. */
  request(person: FloorPerson, req: ClientMessage<"media">): void {
    const media = this.#media;
    if (!media) {
      this.#outbox.send(person.id, "mediaResponse", { requestId: req.requestId, ok: false, error: "media is not available on this server" });
      return;
    }
    const checked = checkMediaRequest(req);
    if (!checked.ok) {
      this.#outbox.send(person.id, "mediaResponse", checked.response);
      this.#outbox.refuse(person.id, "media", checked.response.error);
      return;
    }
    void media.handle(person.id, checked.request).then((response) => {
      this.#outbox.send(person.id, "mediaResponse", response);
      if (checked.request.method === "setProducerPaused") this.#soon = true;
    });
  }

  /** `person` muted or unmuted their microphone: tell who hears them now (server/floor/voice.ts). */
  speaking(person: FloorPerson, data: ClientMessage<"speaking">, people: Iterable<FloorPerson>): void {
    relaySpeaking(person.id, data.muted, people, (id) => this.heard(id), this.#outbox);
    this.#soon = true;
  }

  /** Positions changed (someone moved, or a new plan moved the zones under them). */
  moved(): void {
    this.#moved = true;
  }

  /** After each tick: every MEDIA_EVERY_TICKS, subscriptions follow where people stand. */
  afterTick(people: Iterable<FloorPerson>, plan: Pick<Floor, "zones">): void {
    if (!this.#media || (++this.#ticks % MEDIA_EVERY_TICKS !== 0 && !this.#soon)) return;
    this.#soon = false;
    const positions: Participant[] = [];
    for (const p of people) positions.push({ id: p.id, x: p.walker.x, y: p.walker.y });
    const moved = this.#moved;
    this.#moved = false;
    this.#media.update(positions, plan, moved, this.#apart).catch((err: unknown) => this.#log.warn({ err }, "media update failed"));
  }

  /** For tests: which speakers each listener receives flowing media from. */
  flowing(): Map<string, Set<string>> {
    return this.#media?.flowing() ?? new Map();
  }

  close(): void {
    this.#media?.close();
  }
}
