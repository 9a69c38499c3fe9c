/**
 * Wall-clock times in a chosen time zone, for the host's `datetime-local` fields:
 * "2026-12-24T18:00" in Europe/Berlin ⇄ "2026-12-24T18:00:00+01:00". Intl only.
 */
import { viewerTimeZone } from "../ui/eventTime.ts";

const pad = (n: number) => String(n).padStart(2, "0");

function wallParts(ms: number, timeZone: string): { y: number; mo: number; d: number; h: number; mi: number; s: number } {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(new Date(ms));
  const get = (t: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  return { y: get("year"), mo: get("month"), d: get("day"), h: get("hour"), mi: get("minute"), s: get("second") };
}

/** Minutes the zone is ahead of UTC at the instant `ms`. */
function offsetMinutes(ms: number, timeZone: string): number {
  const whole = Math.floor(ms / 1000) * 1000;
  const p = wallParts(whole, timeZone);
  return Math.round((Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s) - whole) / 60_000);
}

/** A `datetime-local` value read in `timeZone`, as ISO 8601 with that zone's offset; null if empty or malformed. */
export function localToIso(local: string, timeZone: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local.slice(0, 16));
  if (!m) return null;
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
  let offset = offsetMinutes(wall, timeZone);
  const again = offsetMinutes(wall - offset * 60_000, timeZone);
  if (again !== offset) offset = again;
  const a = Math.abs(offset);
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:00${offset < 0 ? "-" : "+"}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}

/** The instant as a `datetime-local` value in `timeZone`. */
export function isoToLocal(ms: number, timeZone: string): string {
  const p = wallParts(ms, timeZone);
  return `${p.y}-${pad(p.mo)}-${pad(p.d)}T${pad(p.h)}:${pad(p.mi)}`;
}

/** Every time zone the browser knows, the browser's own (and UTC) always among them. */
export function timeZones(): string[] {
  const own = viewerTimeZone();
  const all = new Set(Intl.supportedValuesOf("timeZone"));
  all.add("UTC");
  all.add(own);
  return [...all].sort();
}
