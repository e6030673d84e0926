import type { TokenFault } from './types.js';

/** Headers and body a `status` fault answers with. */
export interface FaultResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Fills in the documented defaults of a `status` fault. */
export function faultResponse(fault: Extract<TokenFault, { kind: 'status' }>): FaultResponse {
  const error = fault.status === 503 ? 'temporarily_unavailable' : 'server_error';
  const body = fault.body ?? (fault.status >= 400 ? JSON.stringify({ error, error_description: 'injected fault' }) : '');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(fault.headers ?? {})) headers[name.toLowerCase()] = value;
  headers['content-type'] ??= isJson(body) ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8';
  headers['cache-control'] ??= 'no-store';
  return { status: fault.status, headers, body };
}

/** Validates a fault up front, so a typo fails at the call site rather than mid-request. */
export function checkFault(fault: TokenFault): TokenFault {
  if (fault.kind === 'status') {
    if (!Number.isInteger(fault.status) || fault.status < 200 || fault.status > 599) {
      throw new RangeError(`injectTokenFault: status must be an integer in 200..599, got ${fault.status}`);
    }
  } else if (fault.kind === 'delay') {
    if (!Number.isFinite(fault.ms) || fault.ms < 0) {
      throw new RangeError(`injectTokenFault: ms must be a non-negative number, got ${fault.ms}`);
    }
  } else {
    throw new TypeError(`injectTokenFault: unknown kind ${(fault as { kind: unknown }).kind}`);
  }
  return { ...fault };
}
