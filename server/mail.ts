/**
 * Email, where the server has FOYER_SMTP_URL: invitations with each guest's personal
 * link, and one-time sign-in links for accounts. Sent through nodemailer (one pooled SMTP transport). Without SMTP there is no
 * mailer and hosts copy the links or download them as CSV instead. Each mail is written in
 * English or German: the language of the host page that asked for it (its Accept-Language).
 */
import nodemailer, { type Transporter } from "nodemailer";
import type { PublicEvent } from "../shared/protocol/events.ts";

export type MailLanguage = "en" | "de";

export interface Mailer {
  sendInvitation(m: { to: string; name: string; event: PublicEvent; link: string; lang?: MailLanguage }): Promise<void>;
  sendSignInLink(m: { to: string; name: string; link: string; minutes: number; lang?: MailLanguage }): Promise<void>;
  close(): void;
}

/** The mail language for a request: German when its Accept-Language prefers German to English. */
export function mailLanguage(req: { acceptsLanguages(...langs: string[]): string | false }): MailLanguage {
  return req.acceptsLanguages("en", "de") === "de" ? "de" : "en";
}

function when(event: PublicEvent, lang: MailLanguage): string {
  const fmt = new Intl.DateTimeFormat(lang === "de" ? "de-DE" : "en-GB", { dateStyle: "full", timeStyle: "short", timeZone: event.timeZone });
  return `${fmt.format(new Date(event.startsAt))} (${event.timeZone})`;
}

/** The words of each mail, by language (the same sentences, the same placeholders). */
const MAIL = {
  en: {
    hello: (name: string) => `Hello ${name},`,
    invited: (title: string, when: string) => `you are invited to "${title}", ${when}.`,
    personalLink: "Your personal link (it is yours alone — please do not forward it):",
    seeYou: "See you there!",
    invitationSubject: (title: string) => `Invitation: ${title}`,
    signInLine: (minutes: number) => `here is your link to sign in to Foyer. It works once, for ${minutes} minutes:`,
    notYou: "If you did not ask for it, ignore this mail: nobody can sign in without the link.",
    signInSubject: "Your Foyer sign-in link",
  },
  de: {
    hello: (name: string) => `Hallo ${name},`,
    invited: (title: string, when: string) => `du bist eingeladen zu „${title}“, ${when}.`,
    personalLink: "Dein persönlicher Link (er gehört nur dir — bitte nicht weiterleiten):",
    seeYou: "Bis bald!",
    invitationSubject: (title: string) => `Einladung: ${title}`,
    signInLine: (minutes: number) => `hier ist dein Link zur Anmeldung bei Foyer. Er funktioniert einmal, ${minutes} Minuten lang:`,
    notYou: "Falls du ihn nicht angefordert hast, ignoriere diese Mail: Ohne den Link kann sich niemand anmelden.",
    signInSubject: "Dein Foyer-Anmeldelink",
  },
} satisfies Record<MailLanguage, Record<string, unknown>>;

export function createMailer(smtpUrl: string, from: string): Mailer {
  const transport: Transporter = nodemailer.createTransport(smtpUrl);
  return {
    async sendInvitation({ to, name, event, link, lang = "en" }) {
      const t = MAIL[lang];
      const lines = [
        t.hello(name),
        "",
        t.invited(event.title, when(event, lang)),
        ...(event.description ? ["", event.description] : []),
        "",
        t.personalLink,
        link,
        "",
        t.seeYou,
      ];
      await transport.sendMail({ from, to, subject: t.invitationSubject(event.title), text: lines.join("\n") });
    },
    async sendSignInLink({ to, name, link, minutes, lang = "en" }) {
      const t = MAIL[lang];
      const lines = [t.hello(name), "", t.signInLine(minutes), link, "", t.notYou];
      await transport.sendMail({ from, to, subject: t.signInSubject, text: lines.join("\n") });
    },
    close() {
      transport.close();
    },
  };
}
