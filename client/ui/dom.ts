/**
 * Small DOM helpers for the overlay UI. Everything people type is inserted with
 * textContent, never as HTML.
 */
export function $<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} is missing from the page`);
  return el as T;
}

export function show(id: string, visible = true): void {
  $(id).classList.toggle("hidden", !visible);
}

export function toast(message: string, kind: "info" | "warn" = "info", ms = 4000): void {
  const el = document.createElement("div");
  el.className = `toast ${kind}`;
  el.textContent = message;
  $("toasts").append(el);
  window.setTimeout(() => el.remove(), ms);
}

/** Colour used for each avatar in lists, matching its clothes in the spritesheet. */
export const AVATAR_SWATCH: Record<string, string> = {
  amber: "#f0a02c",
  teal: "#1f9e98",
  violet: "#8a5cd6",
  coral: "#ef6f5e",
  forest: "#2f7d43",
  navy: "#2b3f86",
  rose: "#e0567f",
  slate: "#6b7689",
};
