/**
 * The networking API (/api/networking): request bodies, one zod schema each, and the
 * shapes of its answers, shared by the server (validates) and the client (types what it
 * sends and reads). "Who I met" and contact cards exchanged with consent (issue #13).
 */
import { z } from "zod";

const email = z.email({ error: "must be an email address" }).max(200);
const link = z.url({ protocol: /^https?$/, error: "must be an http(s) link" }).max(300);

/** What someone chooses to put on their card for one exchange (name and headline always go). */
export const shareSchema = {
  email: email.nullable().optional(),
  links: z.array(link).max(5, "has more than 5 links").optional(),
};

export const askExchangeSchema = z.object({ personId: z.string().min(1).max(64), ...shareSchema }).strict();
export const answerExchangeSchema = z.object({ accept: z.boolean({ error: "must be true or false" }), ...shareSchema }).strict();

/** Where an exchange with someone stands, as the viewer sees it. */
export type ContactState = "none" | "asked" | "asks-you" | "exchanged" | "declined";

export interface MetPersonView {
  id: string;
  name: string;
  avatar: string;
  headline: string | null;
  interests: string[];
  firstMetAt: string;
  lastMetAt: string;
  conversations: number;
  contact: ContactState;
  /** The exchange to answer ("asks-you"), if any. */
  exchangeId: string | null;
}

export interface ContactCard {
  personId: string;
  name: string;
  headline: string | null;
  email: string | null;
  links: string[];
  exchangedAt: string;
}

export interface ContactRequestView {
  id: string;
  from: { id: string; name: string; headline: string | null };
}

export interface NetworkingOverview {
  met: MetPersonView[];
  cards: ContactCard[];
  incoming: ContactRequestView[];
}

export interface NetworkingStats {
  /** Pairs who met at the event. */
  encounters: number;
  /** People who met at least one other. */
  peopleWhoMet: number;
  medianMet: number;
  mostMet: number;
}
