/**
 * The floor's dispatch table: one handler per client message type, each receiving the
 * data its schema produced, so adding a capability is a module plus one entry here (the
 * compiler names a missing one). Never validates: the room's MessageGuard already did.
 */
import type { ClientMessage, ClientMessageType } from "../../shared/protocol/messages.ts";
import type { LiveFloor } from "./LiveFloor.ts";
import type { FloorPerson } from "./person.ts";

export type FloorHandlers = { [K in ClientMessageType]: (person: FloorPerson, data: ClientMessage<K>) => void };

export function floorHandlers(floor: LiveFloor): FloorHandlers {
  return {
    move: (p, m) => floor.move(p, m),
    walkTo: (p, m) => floor.walkTo(p, m),
    locate: (p, m) => floor.locate(p, m),
    resync: (p) => floor.resync(p),
    viewport: (p, m) => floor.viewport(p, m),
    media: (p, m) => floor.media.request(p, m),
    speaking: (p, m) => floor.media.speaking(p, m, floor.people()),
    chatSend: (p, m) => floor.chat.send(p, m),
    chatEdit: (p, m) => floor.chat.edit(p, m),
    chatDelete: (p, m) => floor.chat.remove(p, m),
    chatHistory: (p, m) => floor.chat.history(p, m),
    chatAnnouncements: (p, m) => floor.chat.announcements(p, m),
    chatGroup: (p, m) => floor.chat.group(p, m),
    react: (p, m) => floor.reactions.react(p, m),
    status: (p, m) => floor.reactions.status(p, m),
    profile: (p, m) => floor.reactions.profile(p, m),
    moderate: (p, m) => floor.moderation.command(p, m),
    hand: (p, m) => floor.stage.hand(p, m),
    report: (p, m) => floor.moderation.report(p, m),
    block: (p, m) => floor.blocks.block(p, m),
    mixer: (p, m) => floor.mixer.command(p, m),
    spot: (p, m) => floor.knocks.spot(p, m),
    knock: (p, m) => floor.knocks.knock(p, m),
    knockAnswer: (p, m) => floor.knocks.answer(p, m),
    follow: (p, m) => floor.follows.follow(p, m),
    unfollow: (p) => floor.follows.stop(p),
    editProfile: (p, m) => floor.profiles.edit(p, m),
  };
}

/** A received message of type K (the guard's ReceivedMessage is one), written so handler and data correlate. */
type Received<K extends ClientMessageType> = { [T in K]: { type: T; data: ClientMessage<T> } }[K];

/** Hand a checked message to its handler. */
export function dispatch<K extends ClientMessageType>(handlers: FloorHandlers, person: FloorPerson, message: Received<K>): void {
  const handler: FloorHandlers[K] = handlers[message.type];
  handler(person, message.data);
}
