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
export const CONTACT_STATES = ["none", "asked", "asks-you", "exchanged", "declined"] as const;
export type ContactState = (typeof CONTACT_STATES)[number];

// The answers' shapes as schemas too, so the browser checks what it reads.
const metPersonSchema = z.object({
  id: z.string(),
  name: z.string(),
  avatar: z.string(),
  headline: z.string().nullable(),
  interests: z.array(z.string()),
  firstMetAt: z.string(),
  lastMetAt: z.string(),
  conversations: z.number(),
  contact: z.enum(CONTACT_STATES),
  /** The exchange to answer ("asks-you"), if any. */
  exchangeId: z.string().nullable(),
});
const contactCardSchema = z.object({
  personId: z.string(),
  name: z.string(),
  headline: z.string().nullable(),
  email: z.string().nullable(),
  links: z.array(z.string()),
  exchangedAt: z.string(),
});
const contactRequestSchema = z.object({ id: z.string(), from: z.object({ id: z.string(), name: z.string(), headline: z.string().nullable() }) });
export const networkingOverviewSchema = z.object({ met: z.array(metPersonSchema), cards: z.array(contactCardSchema), incoming: z.array(contactRequestSchema) });

export type MetPersonView = z.infer<typeof metPersonSchema>;
export type ContactCard = z.infer<typeof contactCardSchema>;
export type ContactRequestView = z.infer<typeof contactRequestSchema>;
export type NetworkingOverview = z.infer<typeof networkingOverviewSchema>;

export interface NetworkingStats {
  /** Pairs who met at the event. */
  encounters: number;
  /** People who met at least one other. */
  peopleWhoMet: number;
  medianMet: number;
  mostMet: number;
}
