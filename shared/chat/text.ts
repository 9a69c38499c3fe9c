/**
 * Chat text as both sides treat it: the limits, how a message is cleaned before it is
 * stored, how links are found (http and https only, so `javascript:` never becomes a
 * link) and who an @mention names. Pure: the client renders the segments with
 * textContent, never as HTML.
 */

/** Longest message, in characters (after trimming). */
export const CHAT_TEXT_MAX = 1000;
/** Messages one person may send in a burst, then CHAT_REFILL_MS apart. */
export const CHAT_BURST = 5;
export const CHAT_REFILL_MS = 1000;
/** Messages in one page of history. */
export const CHAT_PAGE = 50;
/** A group conversation holds this many people at most, its starter included (and at least two). */
export const GROUP_MAX = 8;

export const CHANNELS = ["nearby", "floor", "event", "direct", "group"] as const;
export type Channel = (typeof CHANNELS)[number];

/** Control characters other than newline and tab are dropped; runs of blank lines folded. */
export function cleanText(text: string): string {
  return text
    .normalize("NFC")
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, "")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

export type TextSegment = { kind: "text"; text: string } | { kind: "link"; text: string; href: string };

const LINK = /\bhttps?:\/\/[^\s<>"']+/gi;
/** Punctuation that ends a sentence rather than a link ("see https://x.org."). */
const TRAILING = /[.,;:!?)\]}]+$/;

/** The message split into plain text and links; only http(s) URLs that parse become links. */
export function linkSegments(text: string): TextSegment[] {
  const out: TextSegment[] = [];
  let last = 0;
  for (const match of text.matchAll(LINK)) {
    const start = match.index;
    let url = match[0];
    const trail = TRAILING.exec(url);
    if (trail) url = url.slice(0, url.length - trail[0].length);
    let href: string | null = null;
    try {
      const parsed = new URL(url);
      if (parsed.protocol === "http:" || parsed.protocol === "https:") href = parsed.href;
    } catch {
      href = null;
    }
    if (!href) continue;
    if (start > last) out.push({ kind: "text", text: text.slice(last, start) });
    out.push({ kind: "link", text: url, href });
    last = start + url.length;
  }
  if (last < text.length) out.push({ kind: "text", text: text.slice(last) });
  return out;
}

/**
 * Does `text` mention `name` (as "@name", case-insensitive, not followed by a letter or
 * digit — so "@Ada" does not mention "Adam")?
 */
export function mentions(text: string, name: string): boolean {
  if (!name) return false;
  const hay = text.toLocaleLowerCase();
  const needle = `@${name.toLocaleLowerCase()}`;
  for (let i = hay.indexOf(needle); i !== -1; i = hay.indexOf(needle, i + 1)) {
    const before = i === 0 ? "" : hay[i - 1]!;
    const after = hay.slice(i + needle.length, i + needle.length + 1);
    if (/[\p{L}\p{N}_]/u.test(before)) continue;
    if (after === "" || !/[\p{L}\p{N}_]/u.test(after)) return true;
  }
  return false;
}

/** The scope a message is stored and paged under: which conversation it belongs to. */
export function scopeOf(c: { channel: Channel; event: string | null; floor: string; zone?: string | null; pair?: readonly [string, string]; group?: string }): string {
  const event = c.event ?? "-";
  switch (c.channel) {
    case "floor":
      return `floor:${event}:${c.floor}`;
    case "event":
      return `event:${event}`;
    case "nearby":
      return `nearby:${event}:${c.floor}:${c.zone ?? "open"}`;
    case "direct": {
      const [a, b] = [...(c.pair ?? ["", ""])].sort();
      return `direct:${a}|${b}`;
    }
    case "group":
      return `group:${c.group ?? ""}`;
  }
}

/**
 * Largest chat message on the wire (JSON length): CHAT_TEXT_MAX characters of any script
 * fit — an emoji is two UTF-16 units — so a long message is refused for its text, by name.
 */
export const CHAT_MESSAGE_BYTES = 4 * CHAT_TEXT_MAX + 256;
/** Client message types that carry chat text (they get CHAT_MESSAGE_BYTES). */
export const CHAT_TEXT_TYPES: ReadonlySet<string> = new Set(["chatSend", "chatEdit"]);
