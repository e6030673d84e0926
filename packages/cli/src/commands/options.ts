import type { Command } from 'commander';

/** Where the credentials live and how to print: options of every command. */
export interface StoreFlags {
  store?: string;
  key?: string;
  config?: string;
  json?: boolean;
}

/** Which provider and client a key belongs to. */
export interface ClientFlags {
  provider?: string;
  clientId?: string;
  clientSecret?: string;
  scope?: string[];
  redirectUri?: string;
  authUri?: string;
  tokenUri?: string;
  revokeUri?: string;
  deviceUri?: string;
  /** Google's downloaded client file (login only). */
  clientSecretsFile?: string;
}

/** Adds `--store`, `--key`, `--config` and `--json`. */
export function storeOptions(command: Command, options: { key?: boolean } = {}): Command {
  command.option(
    '--store <uri>',
    'credential store: sqlite:PATH, file:PATH, redis://…, postgres://…, memory: (env OAUTHFLOW_STORE; default: SQLite in your data directory)',
  );
  if (options.key !== false) command.option('--key <name>', 'which stored login to use (env OAUTHFLOW_KEY; default "default")');
  return command
    .option('--config <path>', 'JSON config file (env OAUTHFLOW_CONFIG; default $XDG_CONFIG_HOME/oauthflow/config.json)')
    .option('--json', 'print the result as JSON (errors too, on stderr)');
}

/**
 * Adds the client options. `full` adds what only a login needs (scopes, redirect URI, endpoints);
 * later commands take the client a key was logged in with, and need at most its secret.
 */
export function clientOptions(command: Command, { full }: { full: boolean }): Command {
  command
    .option('--provider <provider>', '"google" or an issuer URL (OpenID Connect / RFC 8414 discovery) (env OAUTHFLOW_PROVIDER or OAUTHFLOW_ISSUER)')
    .option('--client-id <id>', 'OAuth client id (env OAUTHFLOW_CLIENT_ID)')
    .option('--client-secret <secret>', 'OAuth client secret; prefer the env OAUTHFLOW_CLIENT_SECRET (never saved by oauthflow)');
  if (!full) return command;
  return command
    .option(
      '--client-secrets-file <path>',
      'Google\'s downloaded client file (client_secret_….json, "installed" or "web"): client id, secret and endpoints; read again by later commands',
    )
    .option('--scope <scopes>', 'scopes, space- or comma-separated; repeatable (env OAUTHFLOW_SCOPE)', collectScopes)
    .option('--redirect-uri <uri>', 'redirect URI registered for the client (default http://127.0.0.1/callback; google: http://127.0.0.1/)')
    .option('--auth-uri <url>', 'authorization endpoint, for servers without discovery')
    .option('--token-uri <url>', 'token endpoint, for servers without discovery')
    .option('--revoke-uri <url>', 'revocation endpoint (RFC 7009)')
    .option('--device-uri <url>', 'device authorization endpoint (RFC 8628)');
}

function collectScopes(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), ...value.split(/[\s,]+/).filter(Boolean)];
}

/** The "Examples:" section appended to a command's help. */
export function examples(lines: readonly string[]): string {
  return `\nExamples:\n${lines.map((line) => (line.startsWith('#') ? `  ${line}` : `  $ ${line}`)).join('\n')}\n`;
}
