import type { Command } from 'commander';
import { clientOptions, examples, storeOptions, type ClientFlags, type StoreFlags } from './options.js';

/** Flags of `oauthflow token`, `refresh`, `revoke` and `logout`. */
export interface KeyFlags extends StoreFlags, ClientFlags {}

/** `oauthflow token`: a fresh access token on stdout. */
export function registerToken(program: Command): void {
  const command = program.command('token')
    .description('print a fresh access token (refreshed when needed) for scripts');
  clientOptions(command, { full: false });
  storeOptions(command)
    .addHelpText('after', examples([
      'oauthflow token --key ci',
      'curl -H "Authorization: Bearer $(oauthflow token)" https://api.example.com/me',
      'oauthflow token --key ci --json',
      '# exit code 3: no usable login — run oauthflow login',
    ]))
    .action(async (flags: KeyFlags) => {
      const { token } = await import('../actions/token.js');
      await token(flags);
    });
}
