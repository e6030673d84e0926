import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * The session: a signed cookie (HMAC with SESSION_SECRET, via @fastify/cookie) holding the app's
 * user id, so any instance can read it with no session store. Stand-in for your own login: a
 * real app puts its signed-in user's id here.
 */
const USER_COOKIE = 'uid';
/** The authorization this browser started: its `state`, bound to the user id, for ten minutes. */
const STATE_COOKIE = 'oauth_state';
const YEAR = 365 * 24 * 60 * 60;

export interface CookiePolicy {
  /** Secure cookies when the app is served over https (it must be, outside localhost). */
  secure: boolean;
  sessionSecret: string;
}

function read(request: FastifyRequest, name: string): string | undefined {
  const raw = request.cookies[name];
  if (raw === undefined) return undefined;
  const { valid, value } = request.unsignCookie(raw);
  return valid && value !== null ? value : undefined;
}

function options(policy: CookiePolicy, maxAge: number) {
  // Lax: sent on the top-level GET that brings the user back from Google, not on cross-site POSTs.
  return { signed: true, httpOnly: true, sameSite: 'lax' as const, secure: policy.secure, path: '/', maxAge };
}

/** The signed-in user, if any. */
export function currentUser(request: FastifyRequest): string | undefined {
  return read(request, USER_COOKIE);
}

/** The user, signed in on the first visit (a new id in a signed cookie). */
export function ensureUser(request: FastifyRequest, reply: FastifyReply, policy: CookiePolicy): string {
  const existing = currentUser(request);
  if (existing !== undefined) return existing;
  const user = randomUUID();
  reply.setCookie(USER_COOKIE, user, options(policy, YEAR));
  return user;
}

export function signOut(reply: FastifyReply, policy: CookiePolicy): void {
  reply.clearCookie(USER_COOKIE, options(policy, 0));
  reply.clearCookie(STATE_COOKIE, options(policy, 0));
}

/** Remembers, in this browser only, the state of the authorization it starts. */
export function rememberState(reply: FastifyReply, policy: CookiePolicy, user: string, state: string, ttlSeconds: number): void {
  reply.setCookie(STATE_COOKIE, `${user}.${state}`, options(policy, ttlSeconds));
}

/**
 * The state this browser started an authorization with, for this user, and forgets it. A callback
 * whose state differs (a link someone else started, a replay) is then refused by the flow.
 */
export function takeState(request: FastifyRequest, reply: FastifyReply, policy: CookiePolicy, user: string): string | undefined {
  const value = read(request, STATE_COOKIE);
  reply.clearCookie(STATE_COOKIE, options(policy, 0));
  if (value === undefined || !value.startsWith(`${user}.`)) return undefined;
  return value.slice(user.length + 1);
}

/** The token the app's forms carry: a POST from another site cannot know it. */
export function csrfToken(policy: CookiePolicy, user: string): string {
  return createHmac('sha256', policy.sessionSecret).update(`csrf:${user}`).digest('base64url');
}

export function csrfValid(policy: CookiePolicy, user: string, token: unknown): boolean {
  if (typeof token !== 'string') return false;
  const expected = Buffer.from(csrfToken(policy, user));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
