/**
 * Email, where the server has FOYER_SMTP_URL: invitations with each guest's personal
 * link, and one-time sign-in links for accounts. Sent through nodemailer (one pooled SMTP transport). Without SMTP there is no
 * mailer and hosts copy the links or download them as CSV instead.
 */
import nodemailer, { type Transporter } from "nodemailer";
import type { PublicEvent } from "../shared/protocol/events.ts";

export interface Mailer {
  sendInvitation(m: { to: string; name: string; event: PublicEvent; link: string }): Promise<void>;
  sendSignInLink(m: { to: string; name: string; link: string; minutes: number }): Promise<void>;
  close(): void;
}

function when(event: PublicEvent): string {
  const fmt = new Intl.DateTimeFormat("en-GB", { dateStyle: "full", timeStyle: "short", timeZone: event.timeZone });
  return `${fmt.format(new Date(event.startsAt))} (${event.timeZone})`;
}

export function createMailer(smtpUrl: string, from: string): Mailer {
  const transport: Transporter = nodemailer.createTransport(smtpUrl);
  return {
    async sendInvitation({ to, name, event, link }) {
      const lines = [
        `Hello ${name},`,
        "",
        `you are invited to "${event.title}", ${when(event)}.`,
        ...(event.description ? ["", event.description] : []),
        "",
        "Your personal link (it is yours alone — please do not forward it):",
        link,
        "",
        "See you there!",
      ];
      await transport.sendMail({ from, to, subject: `Invitation: ${event.title}`, text: lines.join("\n") });
    },
    async sendSignInLink({ to, name, link, minutes }) {
      const lines = [
        `Hello ${name},`,
        "",
        `here is your link to sign in to Foyer. It works once, for ${minutes} minutes:`,
        link,
        "",
        "If you did not ask for it, ignore this mail: nobody can sign in without the link.",
      ];
      await transport.sendMail({ from, to, subject: "Your Foyer sign-in link", text: lines.join("\n") });
    },
    close() {
      transport.close();
    },
  };
}
