/**
 * Built-in icebreaker prompts for mixer rounds, in English and German, same order in
 * both lists: the server picks an index, each page shows it in its own language. A host
 * may write their own prompt instead (then it is shown as written).
 */
export const ICEBREAKERS = {
  en: [
    "What are you working on that you would love help with?",
    "What did you learn recently that surprised you?",
    "What brought you to this event, and what would make it worth it?",
    "Which tool or habit changed how you work?",
    "What is something you are curious about outside your field?",
    "Who or what got you into what you do today?",
    "What would you do with an extra free day every week?",
    "What is a small win you had this month?",
    "Which problem in your field do you think is underrated?",
    "What is a piece of advice you wish you had heard earlier?",
    "What are you looking for, and what could you offer the others here?",
    "What is the best talk, book or article you came across this year?",
  ],
  de: [
    "Woran arbeitest du gerade, wobei du gern Hilfe hättest?",
    "Was hast du kürzlich gelernt, das dich überrascht hat?",
    "Was hat dich zu dieser Veranstaltung gebracht, und wann hat sie sich gelohnt?",
    "Welches Werkzeug oder welche Gewohnheit hat deine Arbeit verändert?",
    "Wofür interessierst du dich außerhalb deines Fachs?",
    "Wer oder was hat dich zu dem gebracht, was du heute machst?",
    "Was würdest du mit einem zusätzlichen freien Tag pro Woche anfangen?",
    "Was war ein kleiner Erfolg für dich in diesem Monat?",
    "Welches Problem in deinem Bereich wird deiner Meinung nach unterschätzt?",
    "Welchen Rat hättest du gern früher gehört?",
    "Was suchst du, und was könntest du den anderen hier anbieten?",
    "Was war der beste Vortrag, das beste Buch oder der beste Artikel in diesem Jahr?",
  ],
} as const satisfies Record<string, readonly string[]>;

export type IcebreakerLanguage = keyof typeof ICEBREAKERS;
export const ICEBREAKER_COUNT = ICEBREAKERS.en.length;

/** The prompt at `index` (wrapping) in `language`, English when the language has no list. */
export function icebreaker(index: number, language: string): string {
  const list: readonly string[] = language.toLowerCase().startsWith("de") ? ICEBREAKERS.de : ICEBREAKERS.en;
  const i = ((Math.trunc(index) % list.length) + list.length) % list.length;
  return list[i]!;
}
