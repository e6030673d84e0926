import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { registerLogin } from './commands/login.js';
import { registerLogout } from './commands/logout.js';
import { registerReencrypt } from './commands/reencrypt.js';
import { registerMigrate } from './commands/migrate.js';
import { examples } from './commands/options.js';
import { registerRefresh } from './commands/refresh.js';
import { registerRequest } from './commands/request.js';
import { registerRevoke } from './commands/revoke.js';
import { registerStatus } from './commands/status.js';
import { registerToken } from './commands/token.js';
import { registerYouTube } from './commands/youtube.js';
import { formatUsageError } from './failure.js';

const FOOTER = `
Exit codes: 0 ok, 1 user error (bad flag or setting, refused client or scope), 2 server, network or
store error (try again later), 3 no usable login (run oauthflow login), 130 interrupted (Ctrl-C).

Environment: OAUTHFLOW_STORE, OAUTHFLOW_KEY, OAUTHFLOW_CONFIG, OAUTHFLOW_PROVIDER (or OAUTHFLOW_ISSUER),
OAUTHFLOW_CLIENT_ID, OAUTHFLOW_CLIENT_SECRET, OAUTHFLOW_SCOPE, OAUTHFLOW_REDIRECT_URI, OAUTHFLOW_AUTH_URI,
OAUTHFLOW_TOKEN_URI, OAUTHFLOW_REVOKE_URI, OAUTHFLOW_DEVICE_URI.
`;

/**
 * The `oauthflow` command tree. Only command definitions load here; each action imports its
 * implementation (and with it axios, the storage adapters, ora, open) when it runs, so `--help`
 * starts about as fast as node itself.
 */
export function createProgram(context: { argv: readonly string[]; env: Readonly<Record<string, string | undefined>> }): Command {
  const program = new Command('oauthflow')
    .description('OAuth 2.0 logins for the command line: authorize once, then get fresh tokens from any script.')
    .version(version(), '-V, --version')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(formatUsageError(text, context)) })
    .addHelpText(
      'after',
      examples([
        'oauthflow login --provider https://auth.example.com --client-id my-cli',
        'oauthflow status',
        'curl -H "Authorization: Bearer $(oauthflow token)" https://api.example.com/me',
        'oauthflow request https://api.example.com/me',
        'oauthflow migrate --from file:./tokens.json --to redis://127.0.0.1:6379',
      ]) + FOOTER,
    );
  // Subcommands made with .command() inherit exitOverride and the output settings above.
  registerLogin(program);
  registerStatus(program);
  registerToken(program);
  registerRefresh(program);
  registerRevoke(program);
  registerLogout(program);
  registerRequest(program);
  registerMigrate(program);
  registerReencrypt(program);
  registerYouTube(program);
  return program;
}

function version(): string {
  const json = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: unknown };
  return typeof json.version === 'string' ? json.version : '0.0.0';
}
