import type { IncomingMessage, ServerResponse } from 'node:http';

/** A response to write: status, JSON (or text) body, headers. */
export interface Reply {
  status: number;
  json?: unknown;
  text?: string;
  headers?: Record<string, string>;
}

/** Google's OAuth error body: `{ error, error_description }`. */
export function oauthError(status: number, error: string, description: string, headers?: Record<string, string>): Reply {
  return { status, json: { error, error_description: description }, ...(headers ? { headers } : {}) };
}

/** The request body as text. */
export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Form (or JSON, which Google's token endpoint also takes) parameters of a POST body. */
export function parseParams(body: string, contentType: string | undefined): URLSearchParams {
  if (contentType?.includes('application/json')) {
    const json = JSON.parse(body || '{}') as Record<string, unknown>;
    return new URLSearchParams(Object.entries(json).filter(([, v]) => typeof v === 'string') as Array<[string, string]>);
  }
  return new URLSearchParams(body);
}

/** The id and secret of an `Authorization: Basic` header, form-decoded (RFC 6749 §2.3.1), or undefined. */
export function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  const formDecode = (value: string) => decodeURIComponent(value.replace(/\+/g, ' '));
  try {
    return { id: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)) };
  } catch {
    return { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
  }
}

/** Writes a reply; JSON replies are sent as Google does (`application/json; charset=utf-8`). */
export function send(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = { 'cache-control': 'no-cache, no-store, max-age=0, must-revalidate', ...reply.headers };
  if (reply.json !== undefined) {
    res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(JSON.stringify(reply.json));
  } else {
    res.writeHead(reply.status, { 'content-type': 'text/html; charset=utf-8', ...headers }).end(reply.text ?? '');
  }
}
