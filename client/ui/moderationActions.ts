/**
 * The buttons of moderation on a person (issue #12): for hosts and moderators, a "Host
 * actions" part of someone's profile card (mute, camera and screen, the stage, move,
 * remove, ban) and a quick mute beside their name in who's-here; for everyone, report and
 * block. Each button sends one room message; the server checks the role and says what
 * happened (moderationDone, or an error shown as a toast). Never decides anything itself.
 */
import type { Zone } from "../../shared/map/model.ts";
import type { ClientMessage, ClientMessageType, ServerMessages } from "../../shared/protocol/messages.ts";
import type { ModerateCommand } from "../../shared/protocol/moderation.ts";
import type { PersonView } from "../../shared/protocol/state.ts";
import { el, labelled } from "./el.ts";
import { MODERATION_STRINGS as S } from "./moderationStrings.ts";

/** Roles that run the room (the server checks them again). */
export const RUNS_THE_ROOM: ReadonlySet<string> = new Set(["host", "moderator"]);
/** Zones a host can move someone into. */
const MOVABLE: ReadonlySet<Zone["kind"]> = new Set(["spawn", "coffee-corner", "table", "stage", "audience"]);

export interface ModerationContext {
  send<T extends ClientMessageType>(type: T, message: ClientMessage<T>): void;
  /** Your role on this floor (host, moderator, speaker, attendee). */
  myRole(): string;
  zones(): readonly Zone[];
  /** Did you block this identity? */
  isBlocked(personId: string): boolean;
}

function button(text: string, onClick: () => void, cls = ""): HTMLButtonElement {
  const b = el("button", { text, ...(cls ? { class: cls } : {}) });
  b.type = "button";
  b.addEventListener("click", onClick);
  return b;
}

/** A button that asks for a second click within a few seconds before it acts (remove, ban, end the event). */
export function confirmButton(text: string, confirmText: string, onConfirm: () => void, cls = "danger"): HTMLButtonElement {
  let armed = 0;
  const b = button(text, () => {
    if (!armed) {
      b.textContent = confirmText;
      armed = window.setTimeout(() => {
        armed = 0;
        b.textContent = text;
      }, 5000);
      return;
    }
    window.clearTimeout(armed);
    armed = 0;
    b.textContent = text;
    onConfirm();
  }, cls);
  return b;
}

function reasonInput(): HTMLInputElement {
  const input = el("input", { class: "reason" });
  input.type = "text";
  input.maxLength = 300;
  input.placeholder = S.reasonPlaceholder;
  input.setAttribute("aria-label", S.reasonPlaceholder);
  // Typing must not walk the avatar (the game listens for keys on the window).
  input.addEventListener("keydown", (e) => {
    if (e.key !== "Escape") e.stopPropagation();
  });
  return input;
}

const reasonOf = (input: HTMLInputElement) => (input.value.trim() ? { reason: input.value.trim() } : {});

/** The profile card's moderation part: host actions (for hosts and moderators), then report and block (for everyone). */
export function moderationSection(ctx: ModerationContext, p: ServerMessages["profile"], close: () => void): HTMLElement {
  const box = el("div", { class: "moderation" });
  const moderate = (cmd: ModerateCommand) => ctx.send("moderate", cmd);
  if (RUNS_THE_ROOM.has(ctx.myRole()) && !(p.role === "host" && ctx.myRole() !== "host")) {
    const id = p.id;
    const grid = el(
      "div",
      { class: "mod-grid" },
      button(S.mute, () => moderate({ action: "mute", id }), "mod-mute"),
      button(S.unmute, () => moderate({ action: "unmute", id }), "mod-unmute"),
      button(S.stopCamera, () => moderate({ action: "stop", id, source: "camera" }), "mod-stop-camera"),
      button(S.allowCamera, () => moderate({ action: "allow", id, source: "camera" })),
      button(S.stopScreen, () => moderate({ action: "stop", id, source: "screen" }), "mod-stop-screen"),
      button(S.allowScreen, () => moderate({ action: "allow", id, source: "screen" })),
      button(S.bringUp, () => moderate({ action: "bringUp", id }), "mod-bring-up"),
      button(S.bringDown, () => moderate({ action: "bringDown", id })),
    );
    const where = el("select", { class: "mod-zone" });
    for (const z of ctx.zones()) if (MOVABLE.has(z.kind) && z.name) where.append(new Option(z.name, z.name));
    where.setAttribute("aria-label", S.moveLabel(p.name));
    const move = el("div", { class: "mod-row" }, el("span", { class: "label-text", text: S.moveTo }), where, button(S.move, () => where.value && moderate({ action: "move", id, zone: where.value })));
    const reason = reasonInput();
    const scope = el("select", { class: "mod-scope" });
    scope.append(new Option(S.banEvent, "event"), new Option(S.banVenue, "venue"));
    const scopeValue = () => (scope.value === "venue" ? "venue" : "event");
    const remove = el(
      "div",
      { class: "mod-row" },
      confirmButton(S.remove, S.confirm, () => {
        moderate({ action: "remove", id, ...reasonOf(reason) });
        close();
      }),
      labelled(S.banScope, scope),
      confirmButton(S.ban, S.confirm, () => {
        moderate({ action: "ban", id, scope: scopeValue(), ...reasonOf(reason) });
        close();
      }),
    );
    const details = el("details", { class: "host-actions" }, el("summary", { text: S.hostActions }), grid, move, reason, remove);
    details.open = true;
    box.append(details);
  }
  box.append(reportAndBlock(ctx, p, close));
  return box;
}

/** Report (with a reason) and block/unblock: offered to everyone on anyone else's card. */
function reportAndBlock(ctx: ModerationContext, p: ServerMessages["profile"], close: () => void): HTMLElement {
  const text = el("textarea", { class: "report-reason" });
  text.maxLength = 500;
  text.rows = 2;
  text.placeholder = S.reportPlaceholder;
  text.setAttribute("aria-label", S.reportTitle(p.name));
  text.addEventListener("keydown", (e) => {
    if (e.key !== "Escape") e.stopPropagation();
  });
  const send = button(S.reportSend, () => {
    const reason = text.value.trim();
    if (!reason) return text.focus();
    ctx.send("report", { id: p.id, reason });
    close();
  });
  const report = el("details", { class: "report" }, el("summary", { text: S.report }), text, send);
  const blocked = ctx.isBlocked(p.personId);
  const block = button(blocked ? S.unblock : S.block, () => {
    ctx.send("block", { personId: p.personId, blocked: !blocked });
    close();
  }, blocked ? "mod-unblock" : "mod-block");
  return el("div", { class: "mod-self" }, report, block, blocked ? el("p", { class: "status", text: S.blockedNote }) : null);
}

/** Beside a name in who's-here, for hosts and moderators: the card with the host actions. */
export function decorateListEntry(ctx: ModerationContext, li: HTMLLIElement, p: PersonView, isMe: boolean, openCard: (id: string) => void): void {
  if (isMe || !RUNS_THE_ROOM.has(ctx.myRole())) return;
  // One small button: the card holds every action (a list row has no room for more).
  const more = button("⋯", () => openCard(p.id), "mod-quick");
  more.title = S.moderate(p.name);
  more.setAttribute("aria-label", S.moderate(p.name));
  li.append(el("span", { class: "mod-list" }, more));
}
