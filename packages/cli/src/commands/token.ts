import type { Command } from 'commander';
import { clientOptions, examples, storeOptions, type ClientFlags, type StoreFlags } from './options.js';

/** Flags of `oauthflow token`, `refresh`, `revoke` and `logout`. */
export interface KeyFlags extends StoreFlags, ClientFlags {}

/** Flags of `oauthflow token`. */
export interface TokenFlags extends KeyFlags {
  format?: string;
}

/** `oauthflow token`: a fresh access token on stdout. */
export function registerToken(program: Command): void {
  const command = program
    .command('token')
    .description('print a fresh access token (refreshed when needed) for scripts')
    .option('--format <format>', 'token (default), header ("Authorization: Bearer …"), json, or env (export lines for eval)');
  clientOptions(command, { full: false });
  storeOptions(command)
    .addHelpText(
      'after',
      examples([
        'oauthflow token --key ci',
        'curl -H "Authorization: Bearer $(oauthflow token)" https://api.example.com/me',
        'oauthflow token --key ci --json',
        'oauthflow token --format header | curl -H @- https://api.example.com/me',
        'eval "$(oauthflow token --format env)"',
        '# exit code 3: no usable login — run oauthflow login',
      ]),
    )
    .action(async (flags: TokenFlags) => {
      const { token } = await import('../actions/token.js');
      await token(flags);
    });
}
