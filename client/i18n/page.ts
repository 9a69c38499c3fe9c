/**
 * The static text of a page's HTML in the page's language: an element with
 * `data-i18n="key"` gets that string as its text, `data-i18n-attr="placeholder:key aria-label:key"`
 * gets those attributes. Keys name plain strings of one catalogue object (e.g. VENUE_STRINGS.page);
 * a key the catalogue lacks throws, so a typo shows at once instead of leaving English behind.
 */
import { applyDocumentLanguage } from "./index.ts";

export function translatePage(strings: Readonly<Record<string, unknown>>, root: ParentNode = document): void {
  applyDocumentLanguage();
  const text = (key: string): string => {
    const value = strings[key];
    if (typeof value !== "string") throw new Error(`i18n: no page string "${key}"`);
    return value;
  };
  for (const node of root.querySelectorAll<HTMLElement>("[data-i18n]")) {
    const key = node.dataset.i18n ?? "";
    // Keep child elements (a count, a chevron): replace only the first text node.
    const first = [...node.childNodes].find((c) => c.nodeType === Node.TEXT_NODE && c.textContent?.trim());
    if (first && node.children.length > 0) first.textContent = `${text(key)} `;
    else node.textContent = text(key);
  }
  for (const node of root.querySelectorAll<HTMLElement>("[data-i18n-attr]")) {
    for (const pair of (node.dataset.i18nAttr ?? "").split(/\s+/).filter(Boolean)) {
      const [attr, key] = pair.split(":");
      if (attr && key) node.setAttribute(attr, text(key));
    }
  }
}
