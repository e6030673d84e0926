import type { Command } from 'commander';
import { clientOptions, examples, storeOptions } from './options.js';
import type { KeyFlags } from './token.js';

/** `oauthflow revoke`: revoke at the server, then forget the tokens. */
export function registerRevoke(program: Command): void {
  const command = program.command('revoke').description('revoke the tokens at the server (RFC 7009), then remove them from the store');
  clientOptions(command, { full: false });
  storeOptions(command)
    .addHelpText(
      'after',
      examples(['oauthflow revoke', 'oauthflow revoke --key work', '# the client settings stay saved: "oauthflow login --key work" logs in again']),
    )
    .action(async (flags: KeyFlags) => {
      const { revoke } = await import('../actions/revoke.js');
      await revoke(flags);
    });
}
