/**
 * Mixer rounds (issue #13): a host starts N rounds of M seconds; people who opted in are
 * grouped each round by shared/mixer/grouping.ts (no pair that already met — in an earlier
 * round or in the who-I-met log — while avoidable; interests spread, "looking for" meets
 * "offering", and colleagues kept apart when the host asks) and each group gets a
 * free table or coffee corner, a tile to walk to and an icebreaker. Late joiners go into
 * the smallest group, leavers are taken out of theirs. Plain data with an injected clock,
 * driven by the floor's tick; says everything through the Outbox, never holds a socket.
 */
import { formGroups, type MixerParticipant, type MixerPlace } from "../../shared/mixer/grouping.ts";
import { ICEBREAKER_COUNT } from "../../shared/mixer/icebreakers.ts";
import { isBlocked, rectContainsTile, type Floor, type Zone } from "../../shared/map/model.ts";
import { tileOf } from "../../shared/movement/step.ts";
import type { MixerCommand, MixerGroupView, MixerView } from "../../shared/protocol/mixer.ts";
import type { Logger } from "../log.ts";
import type { Outbox } from "./outbox.ts";
import type { FloorPerson } from "./person.ts";
import { MODERATOR_ROLES, type FloorMember } from "./stage.ts";

/** Round 1 starts this long after a host starts the mixer, unless they say otherwise. */
export const DEFAULT_START_IN_SECONDS = 30;

export interface MixerOptions {
  outbox: Outbox;
  now(): number;
  random(): number;
  log: Logger;
  member(id: string): FloorMember | undefined;
  person(id: string): FloorPerson | undefined;
  people(): Iterable<FloorPerson>;
  plan(): Floor;
  /** Tables and corners a host closed (never assigned). */
  closed(): { has(name: string): boolean };
  /** Put someone on a tile now ("Teleport"). */
  placeAt(p: FloorPerson, tx: number, ty: number): void;
  /** Interests, intents and affiliation from the person's profile (by identity). */
  profile?(personId: string): Promise<MixerProfile | null>;
  /** Pairs among these identities who met before (the who-I-met log). */
  metAmong?(personIds: readonly string[]): Promise<Iterable<readonly [string, string]>>;
}

type Settings = Extract<MixerCommand, { action: "start" }>;

/** What grouping reads from a profile (shared/mixer/grouping.ts). */
export type MixerProfile = Pick<MixerParticipant, "interests" | "lookingFor" | "offering" | "affiliation">;

interface Group {
  members: string[];
  place: string | null;
  tile: { tx: number; ty: number } | null;
  capacity: number;
  icebreaker: number | null;
}

interface Run {
  settings: Settings;
  phase: "lobby" | "round";
  round: number;
  /** When the lobby or this round ends. */
  endsAt: number;
  groups: Group[];
  /** Sessions sitting this round out. */
  skipped: Set<string>;
  /** A round is being formed (interests and the log are read): the clock waits for it. */
  forming: boolean;
}

function pairKey(a: string, b: string): string {
  return a < b ? `${a}\n${b}` : `${b}\n${a}`;
}

/** A walkable tile of `zone`, the one nearest its centre (a table's middle is often furniture). */
export function tileInZone(plan: Pick<Floor, "width" | "height" | "blocked">, zone: Zone): { tx: number; ty: number } | null {
  const { x, y, width, height } = zone.rect;
  const cx = x + (width - 1) / 2;
  const cy = y + (height - 1) / 2;
  let best: { tx: number; ty: number } | null = null;
  let bestD = Infinity;
  for (let ty = y; ty < y + height; ty++)
    for (let tx = x; tx < x + width; tx++) {
      if (isBlocked(plan, tx, ty)) continue;
      const d = (tx - cx) ** 2 + (ty - cy) ** 2;
      if (d < bestD) (bestD = d), (best = { tx, ty });
    }
  return best;
}

export class Mixer {
  readonly #o: MixerOptions;
  /** Opted in, in order of joining. */
  readonly #joined = new Set<string>();
  /** Pairs of identities who shared a group in this floor's mixers or met here. */
  readonly #met = new Set<string>();
  /** Of those, the pairs who shared a group: repeated last when some repeat is unavoidable. */
  readonly #grouped = new Set<string>();
  #run: Run | null = null;
  /** Bumped on stop, so a round still being formed for a stopped mixer is dropped. */
  #generation = 0;

  constructor(o: MixerOptions) {
    this.#o = o;
  }

  /** Someone arrived: if a mixer is on, they see it (and can join); a host sees the controls. */
  join(id: string): void {
    if (this.#run || MODERATOR_ROLES.has(this.#o.member(id)?.role ?? "")) this.#tell(id);
  }

  /** Two people met on this floor (who-I-met): they are not grouped together later. */
  met(a: string, b: string): void {
    const pa = this.#o.member(a)?.personId;
    const pb = this.#o.member(b)?.personId;
    if (pa && pb && pa !== pb) this.#met.add(pairKey(pa, pb));
  }

  /** Left the floor: out of the mixer and out of their group. */
  leave(id: string): void {
    this.#joined.delete(id);
    this.#run?.skipped.delete(id);
    this.#outOfGroup(id);
  }

  command(p: FloorPerson, cmd: MixerCommand): void {
    switch (cmd.action) {
      case "start":
        return this.#start(p, cmd);
      case "stop":
        return this.#stop(p);
      case "join":
        return this.#optIn(p);
      case "leave":
        this.leave(p.id);
        return this.#tell(p.id);
      case "skip":
        return this.#skip(p);
      case "teleport":
        return this.#teleport(p);
      case "view":
        return this.#tell(p.id);
    }
  }

  /** The clock: the lobby or a round ran out → the next round (or the end). */
  afterTick(): void {
    const run = this.#run;
    if (!run || run.forming || this.#o.now() < run.endsAt) return;
    if (run.phase === "round" && run.round >= run.settings.rounds) return this.#finish();
    void this.#nextRound(run);
  }

  /** What `id` sees now. */
  view(id: string): MixerView {
    const run = this.#run;
    const mayRun = MODERATOR_ROLES.has(this.#o.member(id)?.role ?? "");
    const participants = [...this.#joined].filter((j) => this.#o.person(j)).length;
    if (!run) return { phase: "idle", round: 0, rounds: 0, seconds: 0, remainingMs: 0, joined: this.#joined.has(id), participants, mayRun, group: null, skipped: false };
    const group = run.phase === "round" ? run.groups.find((g) => g.members.includes(id)) : undefined;
    return {
      phase: run.phase,
      round: run.round,
      rounds: run.settings.rounds,
      seconds: run.settings.seconds,
      remainingMs: run.forming ? run.settings.seconds * 1000 : Math.max(0, run.endsAt - this.#o.now()),
      joined: this.#joined.has(id),
      participants,
      mayRun,
      group: group ? this.#groupView(group, run) : null,
      skipped: run.skipped.has(id),
    };
  }

  /** The table or corner of `id`'s group in the round under way (held for them), or null. */
  placeOf(id: string): string | null {
    const run = this.#run;
    if (run?.phase !== "round") return null;
    return run.groups.find((g) => g.members.includes(id))?.place ?? null;
  }

  /** In a group of the round under way (that round is their conversation). */
  inGroup(id: string): boolean {
    return this.#run?.phase === "round" && this.#run.groups.some((g) => g.members.includes(id));
  }

  /** For tests and the bench: this round's groups (session ids). */
  groups(): { members: string[]; place: string | null }[] {
    return (this.#run?.groups ?? []).map((g) => ({ members: [...g.members], place: g.place }));
  }

  // ------------------------------------------------------------ commands

  #refuse(p: FloorPerson, message: string, field?: string): void {
    this.#o.outbox.send(p.id, "error", { code: "forbidden", type: "mixer", message, ...(field ? { field } : {}) });
  }

  #mayRun(p: FloorPerson): boolean {
    if (MODERATOR_ROLES.has(this.#o.member(p.id)?.role ?? "")) return true;
    this.#refuse(p, "only a host or moderator can start or stop mixer rounds", "action");
    return false;
  }

  #start(p: FloorPerson, settings: Settings): void {
    if (!this.#mayRun(p)) return;
    if (this.#run) return this.#refuse(p, "a mixer is already running: stop it first", "action");
    const startIn = settings.startIn ?? DEFAULT_START_IN_SECONDS;
    this.#run = { settings, phase: "lobby", round: 0, endsAt: this.#o.now() + startIn * 1000, groups: [], skipped: new Set(), forming: false };
    this.#o.log.info({ by: p.id, rounds: settings.rounds, seconds: settings.seconds }, "mixer started");
    this.#tellEveryone();
    if (startIn === 0) this.afterTick();
  }

  #stop(p: FloorPerson): void {
    if (!this.#mayRun(p)) return;
    if (!this.#run) return this.#refuse(p, "no mixer is running", "action");
    this.#o.log.info({ by: p.id }, "mixer stopped");
    this.#end("idle");
  }

  #optIn(p: FloorPerson): void {
    const run = this.#run;
    if (!run) return this.#refuse(p, "no mixer is running: a host starts one", "action");
    if (this.#joined.has(p.id)) return this.#tell(p.id);
    this.#joined.add(p.id);
    if (run.phase === "round" && !run.forming) this.#addLate(p.id, run);
    this.#tellEveryone(); // the participant count changed
  }

  #skip(p: FloorPerson): void {
    const run = this.#run;
    if (!run || run.phase !== "round" || !this.#joined.has(p.id)) return this.#refuse(p, "you are not in a mixer round", "action");
    run.skipped.add(p.id);
    this.#outOfGroup(p.id);
    this.#tell(p.id);
  }

  #teleport(p: FloorPerson): void {
    const group = this.#run?.phase === "round" ? this.#run.groups.find((g) => g.members.includes(p.id)) : undefined;
    if (!group?.tile) return this.#refuse(p, "you have no place to go to in this round", "action");
    this.#o.placeAt(p, group.tile.tx, group.tile.ty);
  }

  // ------------------------------------------------------------ rounds

  async #nextRound(run: Run): Promise<void> {
    const generation = this.#generation;
    run.forming = true;
    const here = [...this.#joined].filter((id) => this.#o.person(id) && this.#o.member(id));
    const identity = new Map(here.map((id) => [id, this.#o.member(id)!.personId]));
    const [profiles, logged] = await Promise.all([
      Promise.all(here.map((id) => (this.#o.profile?.(identity.get(id)!) ?? Promise.resolve(null)).catch(() => null))),
      (this.#o.metAmong?.([...new Set(identity.values())]) ?? Promise.resolve([])).catch((err: unknown) => {
        this.#o.log.warn({ err }, "could not read who met whom for the mixer");
        return [];
      }),
    ]);
    if (generation !== this.#generation || this.#run !== run) return;
    // Someone may have left while the profiles were read.
    const still = here.filter((id) => this.#joined.has(id) && this.#o.person(id));
    const bySession = new Map(here.map((id, i) => [id, profiles[i] ?? null]));
    const sessionsOf = new Map<string, string[]>();
    for (const id of still) sessionsOf.set(identity.get(id)!, [...(sessionsOf.get(identity.get(id)!) ?? []), id]);
    const met: [string, string][] = [];
    const grouped: [string, string][] = [];
    const addPairs = (a: string, b: string, to = met) => {
      for (const sa of sessionsOf.get(a) ?? []) for (const sb of sessionsOf.get(b) ?? []) to.push([sa, sb]);
    };
    for (const [a, b] of logged) addPairs(a, b);
    for (const key of this.#met) {
      const [a, b] = key.split("\n");
      addPairs(a!, b!);
    }
    for (const key of this.#grouped) {
      const [a, b] = key.split("\n");
      addPairs(a!, b!, grouped);
    }
    const places = this.#freePlaces(new Set(still));
    const grouping = formGroups({
      participants: still.map((id) => {
        const p = bySession.get(id);
        return { id, interests: p?.interests ?? [], lookingFor: p?.lookingFor ?? [], offering: p?.offering ?? [], affiliation: p?.affiliation ?? null };
      }),
      avoidSameAffiliation: run.settings.avoidSameAffiliation ?? false,
      met,
      grouped,
      minSize: run.settings.minSize,
      maxSize: run.settings.maxSize,
      places: places.map((z) => ({ name: z.name, capacity: z.capacity })),
      seed: Math.floor(this.#o.random() * 2 ** 31),
    });
    const first = Math.floor(this.#o.random() * ICEBREAKER_COUNT);
    run.groups = grouping.groups.map((g, i) => {
      const place = places.find((z) => z.name === g.place);
      // More groups than free places: the group meets on the open floor where one of them stands.
      const tile = place?.tile ?? this.#meetingTile(g.members);
      return { members: g.members, place: place?.name ?? null, tile, capacity: place?.capacity ?? Infinity, icebreaker: run.settings.prompt ? null : (first + i) % ICEBREAKER_COUNT };
    });
    for (const g of run.groups) this.#remember(g.members);
    run.phase = "round";
    run.round++;
    run.skipped.clear();
    run.endsAt = this.#o.now() + run.settings.seconds * 1000;
    run.forming = false;
    this.#o.log.info({ round: run.round, groups: run.groups.length, people: still.length, repeats: grouping.repeatedPairs }, "mixer round formed");
    // Joined while the round was formed: into the smallest group.
    for (const id of this.#joined) if (!still.includes(id) && this.#o.person(id)) this.#addLate(id, run);
    this.#tellEveryone();
  }

  /** Tables and corners nobody else stands in and no host closed, with a tile to walk to. */
  #freePlaces(participants: ReadonlySet<string>): (MixerPlace & { tile: { tx: number; ty: number } })[] {
    const plan = this.#o.plan();
    const closed = this.#o.closed();
    const spots = plan.zones.filter((z): z is Extract<Zone, { kind: "table" | "coffee-corner" }> => z.kind === "table" || z.kind === "coffee-corner");
    const busy = new Set<string>();
    for (const p of this.#o.people()) {
      if (participants.has(p.id)) continue;
      const { tx, ty } = tileOf(p.walker);
      for (const z of spots) if (rectContainsTile(z.rect, tx, ty)) busy.add(z.name);
    }
    return spots.flatMap((z) => {
      const tile = tileInZone(plan, z);
      if (!tile || busy.has(z.name) || closed.has(z.name)) return [];
      const capacity = z.kind === "table" ? z.seats : (z.capacity ?? Infinity);
      return [{ name: z.name, capacity, tile }];
    });
  }

  /**
   * Where a group without a place meets: the tile of a member who stands on the open floor,
   * else the open tile nearest the first member. Never inside a table or corner: that may be
   * another group's place, or too small for both (the last ones in would stand at its edge,
   * alone, all round).
   */
  #meetingTile(members: readonly string[]): { tx: number; ty: number } | null {
    const plan = this.#o.plan();
    const spots = plan.zones.filter((z) => z.kind === "table" || z.kind === "coffee-corner");
    const open = (tx: number, ty: number) => !isBlocked(plan, tx, ty) && !spots.some((z) => rectContainsTile(z.rect, tx, ty));
    const tiles = members.flatMap((m) => {
      const p = this.#o.person(m);
      return p ? [tileOf(p.walker)] : [];
    });
    const first = tiles.find((t) => open(t.tx, t.ty)) ?? tiles[0];
    if (!first || open(first.tx, first.ty)) return first ?? null;
    for (let r = 1; r < Math.max(plan.width, plan.height); r++)
      for (let dy = -r; dy <= r; dy++)
        for (let dx = -r; dx <= r; dx++) {
          if (Math.max(Math.abs(dx), Math.abs(dy)) !== r) continue; // the ring at distance r
          if (open(first.tx + dx, first.ty + dy)) return { tx: first.tx + dx, ty: first.ty + dy };
        }
    return first;
  }

  /** A late joiner goes into the smallest group with room (preferring one without anyone they met). */
  #addLate(id: string, run: Run): void {
    const pid = this.#o.member(id)?.personId;
    const room = run.groups.filter((g) => g.members.length < Math.min(g.capacity, run.settings.maxSize + 1));
    if (room.length === 0 || !pid) return; // they wait for the next round
    const repeats = (g: Group) => g.members.filter((m) => this.#met.has(pairKey(pid, this.#o.member(m)?.personId ?? m))).length;
    room.sort((a, b) => repeats(a) - repeats(b) || a.members.length - b.members.length);
    const group = room[0]!;
    group.members.push(id);
    this.#remember(group.members);
    for (const m of group.members) this.#tell(m);
  }

  #outOfGroup(id: string): void {
    const run = this.#run;
    const group = run?.groups.find((g) => g.members.includes(id));
    if (!run || !group) return;
    group.members = group.members.filter((m) => m !== id);
    const [last, ...others] = group.members;
    if (last !== undefined && others.length === 0 && run.phase === "round") {
      // Left on their own (the others skipped or went): into another group of this round
      // rather than a whole round at an empty table; without room, out of the round, and
      // free to be offered a conversation (nudge.ts).
      run.groups = run.groups.filter((g) => g !== group);
      this.#addLate(last, run);
      this.#tell(last);
      return;
    }
    for (const m of group.members) this.#tell(m);
  }

  #remember(members: readonly string[]): void {
    const ids = members.map((m) => this.#o.member(m)?.personId ?? m);
    for (let i = 0; i < ids.length; i++)
      for (let j = i + 1; j < ids.length; j++) {
        if (ids[i] === ids[j]) continue;
        this.#met.add(pairKey(ids[i]!, ids[j]!));
        this.#grouped.add(pairKey(ids[i]!, ids[j]!));
      }
  }

  #finish(): void {
    this.#o.log.info({ rounds: this.#run?.round }, "mixer finished");
    this.#end("done");
  }

  /** The mixer ends (stopped, or the last round ran out): everyone is told once, then it is idle. */
  #end(phase: "idle" | "done"): void {
    const run = this.#run;
    this.#generation++;
    this.#run = null;
    this.#joined.clear();
    for (const p of this.#o.people()) {
      if (!p.connected) continue;
      const view = this.view(p.id);
      this.#o.outbox.send(p.id, "mixer", { ...view, phase, round: run?.round ?? 0, rounds: run?.settings.rounds ?? 0 });
    }
  }

  // ------------------------------------------------------------ telling people

  #groupView(g: Group, run: Run): MixerGroupView {
    return {
      place: g.place,
      tile: g.tile,
      members: g.members.map((id) => ({ id, name: this.#o.member(id)?.name ?? "Someone" })),
      icebreaker: g.icebreaker,
      prompt: run.settings.prompt || null,
    };
  }

  #tell(id: string): void {
    this.#o.outbox.send(id, "mixer", this.view(id));
  }

  #tellEveryone(): void {
    for (const p of this.#o.people()) if (p.connected) this.#tell(p.id);
  }
}
