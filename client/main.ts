/**
 * Entry point, kept small so the join form is on screen fast (issue #15): read the
 * venue's event, then either resume a spot a closed tab left behind, arrive through a
 * portal, or ask for a name and avatar. The game engine, the floor's art and the media
 * code (client/game.ts) are a chunk of their own, loaded while the person types. When
 * the venue runs an event, its waiting or closed page comes first while the doors are shut.
 */
import { z } from "zod";
import { DEFAULT_VENUE } from "../shared/protocol/messages.ts";
import { Mixer } from "./media/Mixer.ts";
import { loadProfile, readToken } from "./net/saved.ts";
import type { Engine, FloorAddress } from "./game.ts";
import { $, show, toast } from "./ui/dom.ts";
import { el } from "./ui/el.ts";
import { acceptInvitation, fetchVenueEvent, saveIdentity } from "./ui/eventApi.ts";
import { decorateJoinForm } from "./ui/eventJoin.ts";
import { showClosedPage, showWaitingPage } from "./ui/eventPages.ts";
import { EVENT_STRINGS } from "./ui/eventStrings.ts";
import { showWelcome } from "./ui/welcome.ts";
import { showJoinForm } from "./ui/join.ts";
import { DeviceCheck, type DeviceChoice } from "./ui/deviceCheck.ts";
import { avatarSpriteUrl } from "./scenes/assets.ts";
import { translatePage } from "./i18n/page.ts";
import { languageSwitcher } from "./i18n/switcher.ts";
import { VENUE_STRINGS } from "./ui/venueStrings.ts";
import { fromServer } from "./ui/serverStrings.ts";
// The floor's panels' sheets come with the page (not with client/game.ts), in the order
// they always had, so nothing reflows when the engine arrives; access.css last, so its
// small-screen layout wins over each panel's own sheet.
import "./ui/people.css";
import "./ui/moderation.css";
import "./ui/networking.css";
import "./ui/mixer.css";
import "./ui/knock.css";
import "./ui/chat.css";
import "./ui/access.css";

const params = new URLSearchParams(location.search);
const VENUE = params.get("venue") ?? DEFAULT_VENUE;
const FLOOR = params.get("floor") ?? "main";
/** Set when arriving through a portal: join at once with the saved profile, at this spawn. */
const PORTAL_SPAWN = params.get("spawn");
/** A personal invitation link's token (`/?venue=…&invite=…`). */
const INVITE = params.get("invite");
const at: FloorAddress = { venue: VENUE, floor: FLOOR, floorUrl: `/api/floors/${encodeURIComponent(FLOOR)}?venue=${encodeURIComponent(VENUE)}` };

// The page in its language before anything shows; the switcher sits on the join form and in the top bar.
translatePage(VENUE_STRINGS.page);
document.querySelector("#join .card")?.prepend(languageSwitcher("join-lang"));
$("hud").append(languageSwitcher("hud-lang"));

/** An Error whose message is the server's refusal, said for people. */
function refused(err: unknown): Error {
  return new Error(fromServer(err instanceof Error ? err.message : String(err)));
}

function failed(err: unknown): void {
  $("loading-label").textContent = VENUE_STRINGS.startFailed(err instanceof Error ? err.message : String(err));
  show("join", false);
  show("loading", true);
  void offerMainFloor();
}

const venueFloors = z.object({ venue: z.object({ floors: z.array(z.object({ slug: z.string(), name: z.string() })) }) });

/** A floor that is not (or no longer) in the venue, e.g. one a host deleted: a way on to its main (first) floor. */
async function offerMainFloor(): Promise<void> {
  const res = await fetch(`/api/venues/${encodeURIComponent(VENUE)}`).catch(() => null);
  const parsed = venueFloors.safeParse(res?.ok ? await res.json().catch(() => null) : null);
  if (!parsed.success) return;
  const floors = parsed.data.venue.floors;
  const main = floors[0];
  if (!main || floors.some((f) => f.slug === FLOOR) || document.getElementById("main-floor-link")) return; // failed() may run twice
  const link = el("a", { id: "main-floor-link", text: VENUE_STRINGS.goToFloor(main.name) });
  link.setAttribute("href", `/?${new URLSearchParams({ venue: VENUE, floor: main.slug }).toString()}`);
  $("loading-label").after(el("p", {}, link));
}

/** The engine chunk, fetched and started once; a floor that cannot load says so at once, even over the form. */
let engine: Promise<Engine> | null = null;
function loadEngine(): Promise<Engine> {
  if (!engine) {
    engine = import("./game.ts").then((m) => m.startEngine(at));
    engine.catch(failed);
  }
  return engine;
}

async function main(): Promise<void> {
  // A venue whose event cannot be read is treated as open (the room decides).
  const eventAtStart = fetchVenueEvent(VENUE).catch(() => null);
  const profile = loadProfile();
  const throughPortal = PORTAL_SPAWN !== null && profile !== null && sessionStorage.getItem("foyer.portal") !== null;
  // A tab reopened within the grace period, or a portal: no form, straight in (the loading bar shows meanwhile).
  if (throughPortal || readToken()) void loadEngine();
  let event = await eventAtStart;
  const arrival = (mixer: Mixer | null, devices?: DeviceChoice) => ({ mixer, devices, event: () => event });

  if (PORTAL_SPAWN === null && readToken()) {
    const e = await loadEngine();
    const resumed = await e.conn.resume();
    if (resumed) {
      e.enter(resumed, arrival(null));
      if (event) showWelcome(event, false);
      return;
    }
  }
  if (throughPortal && profile) {
    sessionStorage.removeItem("foyer.portal");
    const mixer = new Mixer();
    const e = await loadEngine();
    const room = await e.join({ name: profile.name, avatar: profile.avatar as never, ...(PORTAL_SPAWN ? { spawn: PORTAL_SPAWN } : {}) });
    e.enter(room, arrival(mixer));
    e.resumeFollow();
    // Sent here because a host deleted the floor you stood on: say so (client/game.ts).
    const removed = sessionStorage.getItem("foyer.floorRemoved");
    sessionStorage.removeItem("foyer.floorRemoved");
    if (removed !== null) toast(VENUE_STRINGS.floorRemoved(removed), "warn", 15_000);
    if (event) showWelcome(event, false);
    return;
  }
  show("loading", false);
  if (event?.phase === "upcoming") event = await showWaitingPage(event, VENUE);
  if (event?.phase === "ended") {
    await showClosedPage(event);
    return;
  }
  const eventFields = decorateJoinForm(event, INVITE !== null);
  const deviceCheck = new DeviceCheck();
  let mixer: Mixer | null = null;
  showJoinForm({
    profile,
    spriteUrl: avatarSpriteUrl,
    onSubmit: async (p) => {
      // Created inside the Enter/click gesture, so the browser lets it play sound.
      mixer ??= new Mixer();
      const password = eventFields.password();
      if (event?.hasPassword && INVITE === null && password === "") throw new Error(EVENT_STRINGS.joinPasswordMissing);
      // Who you are: the server's identity cookie (rides along on the room's WebSocket).
      const identity = saveIdentity({ name: p.name, avatar: p.avatar }).catch((err: unknown) => {
        throw refused(err);
      });
      // Pressed before the engine arrived: the button says "Entering…" until it has.
      const [e] = await Promise.all([loadEngine(), identity]);
      if (INVITE !== null) {
        const accepted = await acceptInvitation(INVITE).catch((err: unknown) => {
          throw refused(err);
        });
        event = accepted.event;
      }
      const room = await e.join({ name: p.name, avatar: p.avatar as never, ...(password ? { password } : {}) }).catch((err: unknown) => {
        throw refused(err);
      });
      deviceCheck.stop();
      e.enter(room, arrival(mixer, deviceCheck.choice()));
      if (event) showWelcome(event);
    },
  });
  // The moment the form is on screen (bench:web and tests/e2e/first-load.test.ts read it);
  // only then the engine, so the form's own bytes go first.
  requestAnimationFrame(() => {
    performance.mark("foyer:join-form");
    setTimeout(() => void loadEngine(), 0);
  });
  // A page in the background draws no frames: load it anyway.
  setTimeout(() => void loadEngine(), 500);
}

main().catch(failed);
