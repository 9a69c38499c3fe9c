/** Every user-visible string of moderation, the stage and announcements (issue #12), in one place. */
export const MODERATION_STRINGS = {
  live: (n: number) => `Live · ${n} listening`,
  megaphone: (from: string, text: string) => `📣 ${from}: ${text}`,
  reported: (name: string, by: string, reason: string) => `${by} reported ${name}: ${reason}`,
  hands: (n: number) => (n === 1 ? "1 raised hand" : `${n} raised hands`),
  handUp: "Your hand is raised; a host can bring you onto the stage.",
  handDown: "Your hand is down.",
} as const;
