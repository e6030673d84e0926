import { NoCredentialsError } from '@oauthflow/core';
import type { StatusFlags } from '../commands/status.js';
import { readClientSecretsFile } from '../runtime/client-secrets-file.js';
import { relativeTime, tokenState } from '../runtime/format.js';
import { checkGrant, type GrantCheck } from '../runtime/grant-check.js';
import { emit } from '../runtime/output.js';
import { resolveClient } from '../runtime/resolve-client.js';
import { clientInput, type Settings } from '../runtime/settings.js';
import type { Entry } from './status.js';

/**
 * `oauthflow status --check`: each listed grant checked at its server (see checkGrant), printed
 * with identity, granted scopes and refresh-token expiry. A grant the server refused makes the
 * exit code 3, so a script can log in again; one that could not be checked does not.
 */
export async function checkEntries(
  flags: StatusFlags,
  settings: Settings,
  store: string,
  entries: readonly Entry[],
  json: { keys: Record<string, unknown>[] },
): Promise<void> {
  const checks: (GrantCheck | { alive: undefined; how: string })[] = [];
  for (const { key, credentials, stored } of entries) {
    if (stored === undefined) {
      checks.push({ alive: undefined, how: 'no client settings are stored with this key (log in with oauthflow to store them)' });
      continue;
    }
    const path = stored.secret === undefined ? stored.client.clientSecretsFile : undefined;
    const file = path === undefined ? undefined : await readClientSecretsFile(path).catch(() => undefined);
    const resolved = await resolveClient(clientInput({ ...settings, key }, {}, stored, 'use', file), { key });
    checks.push(await checkGrant(resolved, credentials, settings.env));
  }
  const output = {
    store,
    keys: json.keys.map((entry, index) => {
      const check = checks[index]!;
      return {
        ...entry,
        check: {
          alive: check.alive ?? null,
          how: check.how,
          identity: 'identity' in check ? (check.identity ?? null) : null,
          scope: 'scope' in check ? (check.scope ?? null) : null,
          refreshTokenExpiresAt: 'refreshTokenExpiresAt' in check ? (check.refreshTokenExpiresAt?.toISOString() ?? null) : null,
        },
      };
    }),
  };
  emit(flags, output, () => [`Store: ${store}`, ...entries.flatMap((entry, index) => describe(entry, checks[index]!))]);
  const dead = entries.filter((_, index) => checks[index]!.alive === false).map(({ key }) => key);
  if (dead.length > 0) {
    throw new NoCredentialsError(`The server no longer accepts the grant of ${dead.map((key) => `"${key}"`).join(', ')}`, dead[0]!);
  }
}

function describe({ key, credentials }: Entry, check: GrantCheck | { alive: undefined; how: string }): string[] {
  const verdict = check.alive === true ? 'alive' : check.alive === false ? 'NOT ALIVE' : 'unknown';
  const lines = [
    `${key}: grant ${verdict} — ${check.how}`,
    `  access token  ${tokenState(credentials)}${credentials.expiresAt ? `, expires ${relativeTime(credentials.expiresAt)}` : ''}`,
  ];
  if ('identity' in check && check.identity) {
    const { sub, email, name, from } = check.identity;
    lines.push(`  identity      ${[name, email, sub === undefined ? undefined : `sub ${sub}`].filter(Boolean).join(', ')} (${from})`);
  }
  const scope = 'scope' in check ? check.scope : undefined;
  lines.push(`  scopes        ${scope?.join(' ') || '-'}`);
  const refreshExpiry = 'refreshTokenExpiresAt' in check ? check.refreshTokenExpiresAt : undefined;
  lines.push(
    `  refresh token ${credentials.refreshToken === undefined ? 'none' : refreshExpiry ? `expires ${refreshExpiry.toISOString()} (${relativeTime(refreshExpiry)})` : 'expiry not known'}`,
  );
  return lines;
}
