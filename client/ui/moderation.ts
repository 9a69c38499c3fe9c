/**
 * What hosts running the room look like on your page (issue #12): why you were muted,
 * moved or brought onto the stage, a host's megaphone banner, "Live · N listening" while
 * you are on a stage, raised hands and reports for hosts and moderators, and refused
 * steps onto a stage or into a closed spot. Only shows what the server said; the server
 * enforces everything.
 */
import type { Connection } from "../net/connection.ts";
import { toast } from "./dom.ts";
import { MODERATION_STRINGS as S } from "./moderationStrings.ts";
import { fromServer } from "./serverStrings.ts";

export function followModeration(conn: Connection): void {
  const live = document.createElement("div");
  live.className = "toast info";
  live.setAttribute("role", "status");
  live.style.cssText = "position:fixed;top:12px;left:50%;transform:translateX(-50%);display:none;z-index:20";
  document.body.append(live);

  conn.onServer("moderated", (m) => toast(fromServer(m.message), m.action === "mute" ? "warn" : "info", 10_000));
  conn.onServer("moderationDone", (m) => toast(fromServer(m.message)));
  conn.onServer("megaphone", (m) => toast(S.megaphone(m.from, m.text), "warn", 15_000));
  conn.onServer("reported", (m) => toast(S.reported(m.name, m.by, m.reason), "warn", 15_000));
  conn.onServer("hands", (m) => {
    if (m.queue.length > 0) toast(S.hands(m.queue.length));
  });
  conn.onServer("hand", (m) => toast(m.raised ? S.handUp : S.handDown));
  conn.onServer("live", (m) => {
    live.style.display = m.onStage ? "block" : "none";
    live.textContent = S.live(m.listening);
  });
  conn.onServer("error", (e) => {
    if (e.type === "move" && e.code === "forbidden") toast(fromServer(e.message));
    else if (e.type === "moderate" || e.type === "report") toast(fromServer(e.message), "warn");
  });
}
