/**
 * Every word the chat panel, the reaction bar, the status picker and the profile card
 * show, in one place (German and others come later, as for client/ui/eventStrings.ts).
 */
import type { Reaction, Status } from "../../shared/protocol/chat.ts";

export const CHAT_STRINGS = {
  title: "Chat",
  open: "Show chat",
  hide: "Hide chat",
  channels: { nearby: "Nearby", floor: "Floor", event: "Event" },
  channelHelp: {
    nearby: "The people you are talking with: your table or corner, or whoever hears you on the open floor.",
    floor: "Everyone on this floor.",
    event: "Everyone at the event, on every floor.",
    direct: (name: string) => `Only you and ${name}.`,
  },
  nearbyNobody: "Nobody hears you here yet — walk up to someone.",
  nearbyWith: (names: string[]) => `With ${names.join(", ")}`,
  silentZone: "This is a quiet zone: nobody receives nearby messages here.",
  placeholder: (channel: string) => `Message ${channel}…`,
  send: "Send",
  save: "Save",
  cancel: "Cancel",
  edit: "Edit",
  delete: "Delete",
  edited: "(edited)",
  loadOlder: "Load older messages",
  empty: "No messages yet.",
  you: "you",
  closeDirect: "Close conversation",
  charsLeft: (n: number) => `${n} left`,
  announcementsOnly: "Announcements only",
  announcementsOnlyNotice: "Only hosts and moderators can post here right now.",
  mentioned: (who: string, where: string) => `${who} mentioned you in ${where}`,
  directFrom: (who: string) => `Message from ${who}`,
  unread: (n: number) => `${n} unread`,
  confirmDelete: "Delete this message for everyone?",
  reactions: "Reactions",
  reactionNames: { wave: "Wave", clap: "Clap", "thumbs-up": "Thumbs up", heart: "Heart", laugh: "Laugh", "raised-hand": "Raise hand" } satisfies Record<Reaction, string>,
  reactionKey: (n: number, name: string) => `${name} (key ${n})`,
  status: "Status (busy: do not disturb — no direct messages)",
  statusNames: { available: "Available", busy: "Busy", away: "Away" } satisfies Record<Status, string>,
  statusShort: { available: "", busy: "busy", away: "away" } satisfies Record<Status, string>,
  profile: {
    close: "Close",
    message: "Message",
    walkOver: "Walk over",
    interests: "Interests",
    noHeadline: "No headline yet.",
    busyNoMessages: "Busy: not taking messages",
    yourself: "This is you.",
  },
  roles: { host: "Host", moderator: "Moderator", speaker: "Speaker", attendee: "" } as Record<string, string>,
} as const;

/** Shown above an avatar: the emoji and, for screens without an emoji font, its name. */
export const REACTION_EMOJI: Record<Reaction, string> = {
  wave: "👋",
  clap: "👏",
  "thumbs-up": "👍",
  heart: "❤️",
  laugh: "😂",
  "raised-hand": "✋",
};
