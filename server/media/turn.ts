/**
 * A TURN relay for browsers whose network blocks the media ports (corporate and hotel
 * networks that allow only outgoing TCP/TLS to well-known ports). Credentials follow the
 * TURN REST convention that coturn's `use-auth-secret` implements: the username is the
 * expiry time (and who it is for), the password an HMAC-SHA1 of it with the shared
 * secret, so they are minted per person here and expire on their own; coturn needs no
 * list of users.
 */
import { createHmac } from "node:crypto";

export interface TurnConfig {
  urls: string[];
  secret: string;
  ttlSeconds: number;
}

export interface IceServer {
  urls: string[];
  username: string;
  credential: string;
}

export function turnCredentials(turn: TurnConfig, who: string, now = Date.now()): IceServer {
  const expires = Math.floor(now / 1000) + turn.ttlSeconds;
  const username = `${expires}:${who}`;
  const credential = createHmac("sha1", turn.secret).update(username).digest("base64");
  return { urls: turn.urls, username, credential };
}
