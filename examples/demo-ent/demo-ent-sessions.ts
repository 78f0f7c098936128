/**
 * The demo ENT's sessions, in memory: one per browser, named by a random cookie. A session keeps
 * the account logged in, when it logged in (the AuthnInstant of each assertion), and the
 * transient NameID and SessionIndex that every assertion of this ENT session carries: the pair
 * the ENT's LogoutRequest names, so that the broker can end what was opened from this session
 * (saml-core §3.7.1). Logging in with another account opens a new session; the old one is
 * dropped here without telling the broker, as a shared school computer does.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import type { DemoUser } from '../demo-directory.js';

export interface EntSession {
  readonly id: string;
  readonly user: DemoUser;
  readonly loginAt: Date;
  readonly nameId: string;
  readonly sessionIndex: string;
  /** Set once an assertion of this session went to the broker's login SP: a logout then names it. */
  toBroker: boolean;
}

export interface EntSessions {
  of(req: Request): EntSession | undefined;
  /** A new session for `user` in this browser (its cookie set); the browser's previous one is forgotten. */
  open(req: Request, res: Response, user: DemoUser): EntSession;
  /** Forgets this browser's session and clears its cookie; returns what it was. */
  close(req: Request, res: Response): EntSession | undefined;
  /** The session whose assertions carried this NameID and SessionIndex. */
  byAssertion(nameId: string, sessionIndex: string): EntSession | undefined;
  end(session: EntSession): void;
}

export const entSessionCookie = 'demo_ent_session';

/** Demo memory, bounded: a long-running demo forgets rather than grows. */
const maxSessions = 1000;

export function createEntSessions(): EntSessions {
  const sessions = new Map<string, EntSession>();
  const of = (req: Request): EntSession | undefined => sessions.get(readCookie(req, entSessionCookie) ?? '');
  return {
    of,
    open(req, res, user) {
      const previous = of(req);
      if (previous !== undefined) sessions.delete(previous.id);
      if (sessions.size >= maxSessions) sessions.clear();
      const session: EntSession = {
        id: randomBytes(24).toString('base64url'),
        user,
        loginAt: new Date(),
        nameId: `_${randomUUID()}`,
        sessionIndex: `_${randomUUID()}`,
        toBroker: false,
      };
      sessions.set(session.id, session);
      res.append('Set-Cookie', `${entSessionCookie}=${session.id}; Path=/; HttpOnly; SameSite=Lax`);
      return session;
    },
    close(req, res) {
      const session = of(req);
      if (session !== undefined) sessions.delete(session.id);
      res.append('Set-Cookie', `${entSessionCookie}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`);
      return session;
    },
    byAssertion(nameId, sessionIndex) {
      return [...sessions.values()].find((s) => s.nameId === nameId && s.sessionIndex === sessionIndex);
    },
    end(session) {
      sessions.delete(session.id);
    },
  };
}

export function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}
