/**
 * The EN/DE switcher every page shows (join form, venue, editor, host view): two buttons, the
 * current language pressed; choosing the other stores it and reloads the page in it.
 */
import { LANGUAGE_NAMES, LOCALES, catalogue, locale, switchLocale, type Translation } from "./index.ts";
import "./switcher.css";

const en = {
  label: "Language",
  choose: (name: string) => `Show this page in ${name}`,
};
const de: Translation<typeof en> = {
  label: "Sprache",
  choose: (name) => `Diese Seite auf ${name} anzeigen`,
};
export const SWITCHER_STRINGS = catalogue("switcher", en, de);

export function languageSwitcher(className = ""): HTMLElement {
  const group = document.createElement("div");
  group.className = `lang-switch ${className}`.trim();
  group.setAttribute("role", "group");
  group.setAttribute("aria-label", SWITCHER_STRINGS.label);
  for (const code of LOCALES) {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = code.toUpperCase();
    button.lang = code;
    button.title = SWITCHER_STRINGS.choose(LANGUAGE_NAMES[code]);
    // The visible "EN" / "DE" starts the name, so speech control ("click DE") finds it (axe: label-content-name-mismatch).
    button.setAttribute("aria-label", `${code.toUpperCase()} – ${LANGUAGE_NAMES[code]}`);
    button.setAttribute("aria-pressed", String(code === locale));
    button.dataset.lang = code;
    button.addEventListener("click", () => {
      if (code !== locale) switchLocale(code);
    });
    group.append(button);
  }
  return group;
}
