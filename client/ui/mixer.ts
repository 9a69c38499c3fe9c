/**
 * Mixer rounds on your page (issue #13): a card with the round's countdown, the place
 * your group meets, the group's names and an icebreaker, with "Go there" (walks you
 * there by the same pathfinding a click uses), "Teleport" and "Skip this round"; "Join
 * the mixer" while one runs; and, for hosts, the controls to start and end one. Shows
 * only what the server said (`mixer` messages); the server forms groups and checks roles.
 */
import { TILE_SIZE } from "../../shared/constants.ts";
import { icebreaker } from "../../shared/mixer/icebreakers.ts";
import { rectContainsTile, type Floor } from "../../shared/map/model.ts";
import { MIXER_LIMITS, type MixerCommand, type MixerView } from "../../shared/protocol/mixer.ts";
import type { Connection } from "../net/connection.ts";
import { toast } from "./dom.ts";
import { fromServer } from "./serverStrings.ts";
import { el, labelled } from "./el.ts";
import { MIXER_STRINGS as S } from "./mixerStrings.ts";
import "./mixer.css";

export interface MixerCardDeps {
  conn: Connection;
  myId(): string;
  floor(): Floor;
  me(): { x: number; y: number } | null;
  walkToTile(tx: number, ty: number): "walking" | "here" | "unreachable" | "not-joined";
}

function clock(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

function numberInput(value: number, min: number, max: number, step = 1): HTMLInputElement {
  const input = el("input");
  Object.assign(input, { type: "number", min: String(min), max: String(max), step: String(step), value: String(value), required: true });
  return input;
}

export class MixerCard {
  readonly root: HTMLElement;
  readonly #deps: MixerCardDeps;
  #view: MixerView | null = null;
  /** performance.now() at which the view's countdown reaches zero. */
  #endsAt = 0;
  #timer = 0;
  #hostOpen = false;
  #arrived = false;
  readonly #language = (document.documentElement.lang || navigator.language || "en").toLowerCase();

  constructor(deps: MixerCardDeps) {
    this.#deps = deps;
    this.root = el("section", { class: "mixer-card hidden", id: "mixer-card" });
    this.root.setAttribute("aria-label", S.title);
    this.root.setAttribute("aria-live", "polite");
    document.body.append(this.root);
    deps.conn.onServer("mixer", (v) => this.#show(v));
    deps.conn.onServer("error", (e) => {
      if (e.type === "mixer") toast(fromServer(e.message), "warn");
    });
    // What the server said on arrival may have come before this card listened: ask again.
    this.#send({ action: "view" });
  }

  #send(cmd: MixerCommand): void {
    this.#deps.conn.send("mixer", cmd);
  }

  #show(v: MixerView): void {
    const before = this.#view;
    if (v.phase === "done" && before?.phase !== "done") toast(S.done, "info", 8000);
    if (v.phase === "idle" && before && before.phase !== "idle" && before.phase !== "done") toast(S.stopped);
    const newPlace = v.group?.place !== before?.group?.place || v.round !== before?.round;
    if (newPlace) this.#arrived = false;
    this.#view = v.phase === "done" ? { ...v, phase: "idle" } : v;
    this.#endsAt = performance.now() + v.remainingMs;
    this.#render();
    clearInterval(this.#timer);
    if (v.phase === "lobby" || v.phase === "round") this.#timer = window.setInterval(() => this.#tick(), 500);
  }

  /** The countdown, and "You are there" once you stand in your group's place. */
  #tick(): void {
    const count = this.root.querySelector(".mixer-clock");
    const v = this.#view;
    if (!v) return;
    const left = this.#endsAt - performance.now();
    if (count) count.textContent = v.phase === "lobby" ? S.startsIn(clock(left)) : S.endsIn(clock(left));
    const place = v.group?.place;
    const me = this.#deps.me();
    if (!this.#arrived && place && me) {
      const zone = this.#deps.floor().zones.find((z) => z.name === place);
      if (zone && rectContainsTile(zone.rect, Math.floor(me.x / TILE_SIZE), Math.floor(me.y / TILE_SIZE))) {
        this.#arrived = true;
        this.#render();
      }
    }
  }

  #render(): void {
    const v = this.#view;
    const active = v !== null && (v.phase === "lobby" || v.phase === "round");
    this.root.classList.toggle("hidden", !active && v?.mayRun !== true);
    this.root.replaceChildren();
    if (!v) return;
    if (!active) {
      if (!v.mayRun) return;
      if (!this.#hostOpen) {
        const open = el("button", { class: "mixer-open", text: S.open });
        open.type = "button";
        open.onclick = () => ((this.#hostOpen = true), this.#render());
        this.root.append(open);
        return;
      }
      this.root.append(this.#hostForm());
      return;
    }
    const heading = el("header", {}, el("h2", { text: v.phase === "lobby" ? S.lobby(v.participants) : S.round(v.round, v.rounds) }), el("span", { class: "mixer-clock", text: "" }));
    this.root.append(heading);
    if (!v.joined) {
      this.root.append(this.#button(S.join, { action: "join" }, "primary mixer-join"));
    } else if (v.phase === "lobby") {
      this.root.append(el("p", { text: S.joinedWaiting }));
    } else if (v.skipped) {
      this.root.append(el("p", { text: S.skipped }));
    } else if (!v.group) {
      this.root.append(el("p", { text: S.joinedWaiting }));
    } else {
      const g = v.group;
      this.root.append(el("p", { class: "mixer-place", text: g.place ? S.place(g.place) : S.openFloor }));
      const names = el("ul", { class: "mixer-group" }, ...g.members.map((m) => el("li", { text: m.id === this.#deps.myId() ? `${m.name} ${S.you}` : m.name })));
      names.setAttribute("aria-label", S.group);
      this.root.append(g.members.length > 1 ? names : el("p", { text: S.alone }));
      const prompt = g.prompt ?? (g.icebreaker !== null ? icebreaker(g.icebreaker, this.#language) : null);
      if (prompt) this.root.append(el("blockquote", { class: "mixer-icebreaker" }, el("strong", { text: `${S.icebreaker}: ` }), prompt));
      const actions = el("div", { class: "mixer-actions" });
      if (g.tile && this.#arrived) actions.append(el("span", { class: "mixer-arrived", text: S.arrived }));
      else if (g.tile) {
        const tile = g.tile;
        const go = el("button", { class: "primary mixer-go", text: S.go });
        go.type = "button";
        go.onclick = () => {
          const result = this.#deps.walkToTile(tile.tx, tile.ty);
          if (result === "unreachable") toast(S.unreachable, "warn");
        };
        actions.append(go, this.#button(S.teleport, { action: "teleport" }, "mixer-teleport"));
      }
      actions.append(this.#button(S.skip, { action: "skip" }, "mixer-skip"));
      this.root.append(actions);
    }
    const foot = el("div", { class: "mixer-actions" });
    if (v.joined) foot.append(this.#button(S.leave, { action: "leave" }, "plain mixer-leave"));
    if (v.mayRun) foot.append(this.#button(S.stop, { action: "stop" }, "plain mixer-stop"));
    if (foot.childElementCount) this.root.append(foot);
    this.#tick();
  }

  #button(text: string, cmd: MixerCommand, cls: string): HTMLButtonElement {
    const b = el("button", { class: cls, text });
    b.type = "button";
    b.onclick = () => this.#send(cmd);
    return b;
  }

  /** A host's controls: N rounds × M minutes, group sizes, a lead-in, an optional prompt, keeping colleagues apart. */
  #hostForm(): HTMLFormElement {
    const rounds = numberInput(3, MIXER_LIMITS.rounds.min, MIXER_LIMITS.rounds.max);
    const minutes = numberInput(8, 0.5, MIXER_LIMITS.seconds.max / 60, 0.5);
    const minSize = numberInput(2, MIXER_LIMITS.size.min, MIXER_LIMITS.size.max);
    const maxSize = numberInput(4, MIXER_LIMITS.size.min, MIXER_LIMITS.size.max);
    const startIn = numberInput(30, MIXER_LIMITS.startIn.min, MIXER_LIMITS.startIn.max);
    const prompt = el("textarea");
    Object.assign(prompt, { maxLength: MIXER_LIMITS.prompt, rows: 2, placeholder: S.promptPlaceholder });
    const apart = el("input", { class: "mixer-apart" });
    apart.type = "checkbox";
    const start = el("button", { class: "primary mixer-start", text: S.start });
    start.type = "submit";
    const close = el("button", { class: "plain", text: S.close });
    close.type = "button";
    close.onclick = () => ((this.#hostOpen = false), this.#render());
    const form = el(
      "form",
      { class: "mixer-host" },
      el("h2", { text: S.hostTitle }),
      el("div", { class: "mixer-grid" }, labelled(S.rounds, rounds), labelled(S.minutes, minutes), labelled(S.minSize, minSize), labelled(S.maxSize, maxSize), labelled(S.startIn, startIn)),
      labelled(S.prompt, prompt),
      el("label", { class: "mixer-check" }, apart, el("span", { text: S.avoidSameAffiliation })),
      el("div", { class: "mixer-actions" }, start, close),
    );
    form.onsubmit = (e) => {
      e.preventDefault();
      const text = prompt.value.trim();
      this.#send({
        action: "start",
        rounds: rounds.valueAsNumber,
        seconds: Math.round(minutes.valueAsNumber * 60),
        minSize: minSize.valueAsNumber,
        maxSize: maxSize.valueAsNumber,
        startIn: startIn.valueAsNumber,
        ...(text ? { prompt: text } : {}),
        ...(apart.checked ? { avoidSameAffiliation: true } : {}),
      });
      this.#hostOpen = false;
    };
    return form;
  }
}
