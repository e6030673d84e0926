import type { Credentials } from '@oauthflow/core';
import { ConfigurationError } from '@oauthflow/core';

/** How `oauthflow token` prints the token. */
export type TokenFormat = 'token' | 'header' | 'json' | 'env';

const FORMATS: readonly TokenFormat[] = ['token', 'header', 'json', 'env'];

/** `--format` (and `--json`, which means `--format json`), checked. */
export function tokenFormat(flags: { format?: string; json?: boolean }): TokenFormat {
  const format = flags.format ?? (flags.json ? 'json' : 'token');
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw new ConfigurationError(`--format must be one of ${FORMATS.join(', ')} (got ${JSON.stringify(format)})`);
  }
  return format as TokenFormat;
}

/**
 * The text `oauthflow token` prints:
 * - `token`: the access token alone (for `$(oauthflow token)`);
 * - `header`: `Authorization: Bearer …` (for `curl -H @-`);
 * - `json`: key, token, type and expiry;
 * - `env`: `export OAUTHFLOW_ACCESS_TOKEN='…'` lines (for `eval "$(oauthflow token --format env)"`).
 */
export function formatToken(credentials: Credentials, key: string, format: TokenFormat): string {
  const expiresAt = credentials.expiresAt?.toISOString() ?? null;
  switch (format) {
    case 'token':
      return `${credentials.accessToken}\n`;
    case 'header':
      return `Authorization: ${scheme(credentials.tokenType)} ${credentials.accessToken}\n`;
    case 'json':
      return `${JSON.stringify({ key, accessToken: credentials.accessToken, tokenType: credentials.tokenType, expiresAt }, null, 2)}\n`;
    case 'env':
      return [
        `export OAUTHFLOW_ACCESS_TOKEN=${shellQuote(credentials.accessToken)}`,
        `export OAUTHFLOW_TOKEN_TYPE=${shellQuote(scheme(credentials.tokenType))}`,
        ...(expiresAt === null ? [] : [`export OAUTHFLOW_TOKEN_EXPIRES_AT=${shellQuote(expiresAt)}`]),
        '',
      ].join('\n');
  }
}

/** RFC 6750 spells the scheme `Bearer`; providers that answer `bearer` mean the same. */
function scheme(tokenType: string): string {
  return tokenType.toLowerCase() === 'bearer' ? 'Bearer' : tokenType;
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
