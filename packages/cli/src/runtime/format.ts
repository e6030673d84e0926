import type { Credentials } from '@oauthflow/core';

/** "in 59 min", "3 h ago", "in 2 days". */
export function relativeTime(date: Date, now: number = Date.now()): string {
  const seconds = Math.round((date.getTime() - now) / 1000);
  const magnitude = Math.abs(seconds);
  const amount =
    magnitude < 90
      ? `${magnitude} s`
      : magnitude < 90 * 60
        ? `${Math.round(magnitude / 60)} min`
        : magnitude < 36 * 3600
          ? `${Math.round(magnitude / 3600)} h`
          : `${Math.round(magnitude / 86400)} days`;
  return seconds >= 0 ? `in ${amount}` : `${amount} ago`;
}

/** `valid`, `expired` or `no expiry`. */
export function tokenState(credentials: Credentials): 'valid' | 'expired' | 'no expiry' {
  if (credentials.expiresAt === undefined) return 'no expiry';
  return credentials.expired() ? 'expired' : 'valid';
}

/** The safe description of credentials, for JSON output: never a token. */
export function describeCredentials(credentials: Credentials): Record<string, unknown> {
  return {
    state: tokenState(credentials),
    tokenType: credentials.tokenType,
    expiresAt: credentials.expiresAt?.toISOString() ?? null,
    scope: credentials.scope ?? null,
    refreshToken: credentials.refreshToken !== undefined,
    refreshTokenExpiresAt: credentials.refreshTokenExpiresAt?.toISOString() ?? null,
  };
}

/** One line about credentials, for text output. */
export function summarize(credentials: Credentials): string {
  const expiry = credentials.expiresAt === undefined ? 'no expiry' : `expires ${relativeTime(credentials.expiresAt)}`;
  const scope = credentials.scope?.length ? `scopes: ${credentials.scope.join(' ')}` : 'no scopes listed';
  return `${expiry}, ${scope}, ${credentials.refreshToken ? 'refreshable' : 'no refresh token'}`;
}

/** Aligns rows into columns. */
export function table(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows)
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  return rows.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}

/**
 * {@link table}, made to fit `width` columns: the widest of the `shrinkable` columns is cut a
 * character at a time (shown with "…") until the lines fit, down to `minimum` characters each.
 */
export function fitTable(rows: readonly (readonly string[])[], width: number, shrinkable: readonly number[], minimum = 8): string[] {
  const widths: number[] = [];
  for (const row of rows)
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  const total = () => widths.reduce((sum, w) => sum + w, 0) + 2 * (widths.length - 1);
  while (total() > width) {
    const widest = shrinkable.filter((i) => (widths[i] ?? 0) > minimum).sort((a, b) => widths[b]! - widths[a]!)[0];
    if (widest === undefined) break;
    widths[widest]! -= 1;
  }
  return table(rows.map((row) => row.map((cell, i) => (cell.length > widths[i]! ? `${cell.slice(0, widths[i]! - 1)}…` : cell))));
}
