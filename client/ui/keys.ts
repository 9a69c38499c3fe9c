/**
 * The keyboard outside the game: arrow keys move within a list, picker or toolbar
 * (never the avatar), Escape closes what is open, and keys typed into a field are text.
 * The floor scene asks `ownsKey` before it walks on a key.
 */

/** Which way a group's arrow keys run: a list (up/down), a row (left/right), or a grid / both. */
export type Orientation = "vertical" | "horizontal" | "both";

/**
 * Where focus goes in a group of `count` items on `key`, from `current` (-1: none yet);
 * null when the key does not move within the group. Wraps at both ends, like the
 * ARIA radio group and toolbar patterns. Pure: no DOM.
 */
export function nextIndex(current: number, count: number, key: string, orientation: Orientation): number | null {
  if (count === 0) return null;
  const back = (orientation !== "horizontal" && key === "ArrowUp") || (orientation !== "vertical" && key === "ArrowLeft");
  const forward = (orientation !== "horizontal" && key === "ArrowDown") || (orientation !== "vertical" && key === "ArrowRight");
  if (key === "Home") return 0;
  if (key === "End") return count - 1;
  if (back) return current <= 0 ? count - 1 : current - 1;
  if (forward) return current < 0 || current >= count - 1 ? 0 : current + 1;
  return null;
}

/** A field where keys are text (or a choice the browser moves with the arrows). */
export function isTyping(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement)
  );
}

const ARROWS = new Set(["ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight"]);

/**
 * Does the page own this key where focus is, so the avatar must not walk on it? Every key
 * while typing in a field; arrow keys inside a group that moves with them (`arrowKeys`).
 */
export function ownsKey(key: string, focused: Element | null = document.activeElement): boolean {
  // Focus left on something no longer shown (the join form's picker after Enter) owns nothing.
  if (!(focused instanceof HTMLElement) || focused.getClientRects().length === 0) return false;
  if (isTyping(focused)) return true;
  return ARROWS.has(key) && focused.closest("[data-arrow-keys]") !== null;
}

/**
 * Arrow keys (and Home/End) move focus between the items of `group` that match
 * `selector` and are shown and enabled. `onMove` hears the item moved to (a radio
 * group selects it). Items are looked up on each key, so a list may re-render freely.
 */
export function arrowKeys(group: HTMLElement, selector: string, orientation: Orientation, onMove?: (item: HTMLElement) => void): void {
  group.dataset.arrowKeys = orientation;
  group.addEventListener("keydown", (e) => {
    if (e.altKey || e.ctrlKey || e.metaKey || isTyping(e.target)) return;
    const items = [...group.querySelectorAll<HTMLElement>(selector)].filter(
      (i) => i.getClientRects().length > 0 && !(i instanceof HTMLButtonElement && i.disabled),
    );
    const from = items.findIndex((i) => i === document.activeElement || i.contains(document.activeElement));
    const to = nextIndex(from, items.length, e.key, orientation);
    if (to === null) return;
    e.preventDefault();
    const item = items[to]!;
    item.focus();
    onMove?.(item);
  });
}

/**
 * Escape closes `isOpen()` things: popovers (`anywhere`) whatever has focus, panels only
 * when focus is inside `root`. Focus goes back to `returnTo` (its toggle), else stays.
 * The most recently registered popover is closed first, one per key press.
 */
export function closeOnEscape(opts: { root: () => HTMLElement | null; isOpen: () => boolean; close: () => void; returnTo?: () => HTMLElement | null; anywhere?: boolean }): void {
  closers.unshift(opts);
}

const closers: Parameters<typeof closeOnEscape>[0][] = [];

if (typeof window !== "undefined") {
  window.addEventListener("keydown", (e) => {
    if (e.key !== "Escape" || e.defaultPrevented) return;
    const focused = document.activeElement;
    const open = closers.filter((c) => c.isOpen());
    const target = open.find((c) => !!focused && !!c.root()?.contains(focused)) ?? open.find((c) => c.anywhere);
    if (!target) return;
    e.preventDefault();
    target.close();
    const back = target.returnTo?.();
    if (back && back.getClientRects().length > 0) back.focus();
  });
}
