import { readFile } from 'node:fs/promises';
import { APIRequestError, ConfigurationError, NoCredentialsError, OAuth2APIRequest } from '@oauthflow/core';
import type { RequestFlags } from '../commands/request.js';
import { emit } from '../runtime/output.js';
import { withSession } from '../runtime/session.js';

/** The parts of an axios response printed here (axios itself is core's dependency). */
interface HttpResponse {
  status: number;
  statusText: string;
  headers: unknown;
  data: string;
}

/**
 * `oauthflow request <url>`: a curl-like call with the key's bearer token. The token is fresh
 * (refreshed when needed); a 401 refreshes once — only if no one else did — and retries once.
 * Prints the body as received; an HTTP error status prints it too, then fails with exit code 2
 * (3 for a 401 after the retry).
 */
export async function request(url: string, flags: RequestFlags): Promise<void> {
  const target = checkUrl(url);
  const data = flags.data === undefined ? undefined : await readBody(flags.data);
  const headers = parseHeaders(flags.header ?? []);
  if (Object.keys(headers).some((name) => name.toLowerCase() === 'authorization')) {
    // Sending it would drop the key's token; replacing it silently would ignore what was asked.
    throw new ConfigurationError(
      '-H "Authorization: …" is refused: oauthflow request sends the stored token as the Authorization header; to send another one, use curl',
    );
  }
  if (data !== undefined && !Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) {
    headers['Content-Type'] = isJson(data) ? 'application/json' : 'application/x-www-form-urlencoded';
  }
  const method = (flags.request ?? (data === undefined ? 'GET' : 'POST')).toUpperCase();

  await withSession(flags, async (session) => {
    if ((await session.stored()) === undefined)
      throw new NoCredentialsError(`No credentials are stored under "${session.key}" in ${session.store.display}`, session.key);
    const api = new OAuth2APIRequest(await session.flow());
    let response: HttpResponse;
    try {
      response = await api.http.request<string>({
        url: target.toString(),
        method,
        headers,
        data,
        responseType: 'text',
        transformResponse: [(body: unknown) => body],
        // Every status but 401 comes back as a response (to print); a 401 goes through the refresh-and-retry.
        validateStatus: (status) => status !== 401,
      });
    } catch (error) {
      if (error instanceof APIRequestError) printBody(typeof error.body === 'string' ? error.body : JSON.stringify(error.body ?? ''));
      throw error;
    }
    if (flags.json) {
      emit(flags, { status: response.status, headers: plainHeaders(response), body: parsed(response.data) }, () => []);
    } else {
      if (flags.include)
        process.stdout.write(
          `HTTP ${response.status} ${response.statusText}\n${Object.entries(plainHeaders(response))
            .map(([n, v]) => `${n}: ${v}`)
            .join('\n')}\n\n`,
        );
      printBody(response.data);
    }
    if (response.status >= 400) {
      throw new APIRequestError(`${method} ${target.origin}${target.pathname} answered HTTP ${response.status}`, {
        status: response.status,
        body: undefined,
        method,
        url: `${target.origin}${target.pathname}`,
      });
    }
  });
}

function checkUrl(url: string): URL {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw new ConfigurationError(`${JSON.stringify(url)} is not an absolute URL (e.g. https://api.example.com/me)`);
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(target.hostname);
  if (target.protocol !== 'https:' && !(target.protocol === 'http:' && loopback)) {
    throw new ConfigurationError(`Refusing to send the access token to ${target.origin}: use https (plain http only to 127.0.0.1 or localhost)`);
  }
  return target;
}

async function readBody(data: string): Promise<string> {
  if (data === '@-') {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Uint8Array));
    return Buffer.concat(chunks).toString('utf8');
  }
  if (data.startsWith('@')) {
    try {
      return await readFile(data.slice(1), 'utf8');
    } catch (error) {
      throw new ConfigurationError(`Cannot read the body file ${data.slice(1)}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  }
  return data;
}

function parseHeaders(lines: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new ConfigurationError(`-H ${JSON.stringify(line)} is not a "Name: value" header`);
    headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return headers;
}

function plainHeaders(response: HttpResponse): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers as Record<string, unknown>)) {
    if (value !== undefined && value !== null) headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return headers;
}

function printBody(body: string): void {
  if (body === '') return;
  process.stdout.write(body.endsWith('\n') || !process.stdout.isTTY ? body : `${body}\n`);
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return /^\s*[[{]/.test(text);
  } catch {
    return false;
  }
}

function parsed(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}
