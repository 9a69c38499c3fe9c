/**
 * What the server says about knocking and following, on a German page: every sentence a
 * floor (LiveFloor on plain data, a hand-moved clock) tells a knocker, the people inside and
 * a follower is said in German by client/ui/serverStrings.ts, names and numbers kept —
 * none falls through to the English fallback.
 */
import { pino } from "pino";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { TICK_MS } from "../../shared/constants.ts";
import { parseFloor } from "../../shared/map/parse.ts";
import type { ServerMessages } from "../../shared/protocol/messages.ts";
import { KNOCK_TIMEOUT_MS } from "../../server/floor/knock.ts";
import { LiveFloor } from "../../server/floor/LiveFloor.ts";
import type { FloorPerson } from "../../server/floor/person.ts";
import { hall, makeMap } from "../support/maps.ts";

const PLAN = parseFloor(
  makeMap(hall(24, 10), [
    { name: "Door", class: "spawn", x: 1, y: 1, w: 2, h: 2 },
    { name: "Nook", class: "coffee-corner", x: 14, y: 1, w: 4, h: 4 },
  ]),
);

/** Everything a floor said to anyone, in the order said. */
function aFloor() {
  const clock = { now: 0 };
  const said: { to: string; type: string; message: unknown }[] = [];
  const floor = new LiveFloor({
    venue: "foyer",
    plan: PLAN,
    outbox: { send: (to, type, message) => void said.push({ to, type, message }), refuse: () => {} },
    now: () => clock.now,
    random: () => 0.5,
    log: pino({ level: "silent" }),
  });
  const arrive = (id: string) => floor.join(id, { name: id, admission: { person: { id: `person-${id}` }, role: "attendee", eventId: null } });
  const run = (ms: number) => {
    for (let t = 0; t < ms; t += TICK_MS) {
      clock.now += TICK_MS;
      floor.tick();
    }
  };
  const goTo = (p: FloorPerson, tx: number, ty: number) => {
    floor.walkTo(p, { tx, ty });
    run(8000);
  };
  const told = <K extends keyof ServerMessages>(to: string, type: K) => said.filter((s) => s.to === to && s.type === type).map((s) => s.message as ServerMessages[K]);
  /** The sentences people read: notices, knock outcomes, refusals. */
  const sentences = () =>
    said.flatMap(({ type, message }) => {
      const m = message as { message?: unknown; type?: unknown };
      if (typeof m.message !== "string") return [];
      if (type === "error" && !["knock", "knockAnswer", "spot", "follow", "move"].includes(String(m.type))) return [];
      return ["knockStatus", "knockGone", "spotClosed", "following", "error"].includes(type) ? [m.message] : [];
    });
  return { floor, run, arrive, goTo, told, sentences };
}

/** Every knock and follow sentence, by walking the floor through them. */
function everythingSaid(): string[] {
  const { floor, run, arrive, goTo, told, sentences } = aFloor();
  const ben = arrive("Ben");
  const ada = arrive("Ada");
  floor.knocks.spot(ada, { closed: true }); // not in a spot
  goTo(ben, 15, 2);
  floor.knocks.spot(ben, { closed: true });
  floor.knocks.knock(ada, { zone: "Nowhere" });
  floor.knocks.knock(ada, { zone: "Nook" }); // too far away
  goTo(ada, 12, 2);
  floor.knocks.knock(ada, { zone: "Nook" });
  floor.knocks.knock(ada, { zone: "Nook" }); // waiting
  const first = told("Ben", "knock").at(-1)!;
  floor.knocks.answer(ada, { id: first.id, letIn: true }); // not inside
  floor.knocks.answer(ben, { id: first.id, letIn: true });
  floor.knocks.knock(ada, { zone: "Nook" }); // may walk in
  floor.knocks.answer(ben, { id: first.id, letIn: true }); // already answered
  goTo(ada, 15, 3);
  floor.knocks.knock(ada, { zone: "Nook" }); // already in
  goTo(ada, 3, 3);
  // Declined, then knocking again too soon (by message and by walking in).
  const cat = arrive("Cat");
  goTo(cat, 12, 3);
  floor.knocks.knock(cat, { zone: "Nook" });
  floor.knocks.answer(ben, { id: told("Ben", "knock").at(-1)!.id, letIn: false });
  floor.knocks.knock(cat, { zone: "Nook" });
  goTo(cat, 15, 3);
  // Walked away; left; unanswered.
  const dan = arrive("Dan");
  goTo(dan, 12, 4);
  floor.knocks.knock(dan, { zone: "Nook" });
  goTo(dan, 3, 6);
  const eve = arrive("Eve");
  goTo(eve, 12, 1);
  floor.knocks.knock(eve, { zone: "Nook" });
  floor.leave(eve);
  const fay = arrive("Fay");
  goTo(fay, 13, 6);
  floor.knocks.knock(fay, { zone: "Nook" });
  run(KNOCK_TIMEOUT_MS + 500);
  // Nobody can answer (Ben busy), then open again with a knock pending, then open.
  floor.chat.setStatus("Ben", "busy");
  const gus = arrive("Gus");
  goTo(gus, 13, 5);
  floor.knocks.knock(gus, { zone: "Nook" });
  floor.chat.setStatus("Ben", "available");
  run(KNOCK_AGAIN_WAIT);
  floor.knocks.knock(gus, { zone: "Nook" });
  floor.knocks.spot(ben, { closed: false });
  floor.knocks.knock(gus, { zone: "Nook" }); // open
  // Following.
  floor.follows.follow(ada, { id: "Ben" });
  floor.follows.stop(ada);
  floor.follows.follow(ada, { id: "Ada" });
  floor.follows.follow(cat, { id: "Dan" });
  floor.leave(dan);
  floor.follows.follow(gus, { personId: "person-nobody" });
  run(21_000);
  return [...new Set(sentences())];
}
const KNOCK_AGAIN_WAIT = 11_000;

describe("the server's knock and follow sentences on a German page", () => {
  let fromServer: (message: string) => string;
  let plainMessage: (message: string) => string;
  beforeAll(async () => {
    // The page's language is chosen when the catalogues load: a German page's address.
    vi.stubGlobal("window", { location: { search: "?lang=de" } });
    vi.stubGlobal("navigator", { languages: ["en-US"], language: "en-US" });
    ({ fromServer } = await import("../../client/ui/serverStrings.ts"));
    ({ plainMessage } = await import("../../client/ui/eventStrings.ts"));
    const { locale } = await import("../../client/i18n/index.ts");
    expect(locale).toBe("de");
  });

  it("every one of them is said in German, none in the server's English", () => {
    const said = everythingSaid();
    // The walk above reaches each kind of sentence (a sentence added to the server shows up here).
    expect(said.length).toBeGreaterThanOrEqual(28);
    const english = said.filter((s) => fromServer(s) === plainMessage(s));
    expect(english).toEqual([]);
  });

  it("names, places and seconds are kept in the German sentence", () => {
    expect(fromServer("Ben closed Lounge corner: people outside knock to come in.")).toBe("Ben hat Lounge corner geschlossen: Wer draußen ist, klopft an.");
    expect(fromServer("Ben let you into Nook: walk in.")).toBe("Ben hat dich in Nook hereingelassen: Geh hinein.");
    expect(fromServer("Ben let Ada in.")).toBe("Ben hat Ada hereingelassen.");
    expect(fromServer("Nook is closed. You can knock again in 7 s.")).toBe("Nook ist geschlossen. Du kannst in 7 s wieder anklopfen.");
    expect(fromServer('zone: "Attic" is not a table or coffee corner on this floor')).toBe("Attic ist auf dieser Etage kein Tisch und keine Kaffee-Ecke.");
    expect(fromServer("Sorry — the people at Nook can't let you in right now.")).toBe("Tut uns leid – die Leute bei Nook können dich gerade nicht hereinlassen.");
    expect(fromServer("Ada left; you stopped following.")).toBe("Ada ist gegangen; du folgst nicht mehr.");
  });
});
