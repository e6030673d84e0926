import type { Command } from 'commander';
import { examples, storeOptions, type StoreFlags } from './options.js';

/** `oauthflow reencrypt`: seal a store with the current key of OAUTHFLOW_ENCRYPTION_KEYS. */
export function registerReencrypt(program: Command): void {
  const command = program
    .command('reencrypt')
    .description('encrypt every key of a store with the first key of OAUTHFLOW_ENCRYPTION_KEYS: plaintext ones, and ones sealed with an older key');
  storeOptions(command, { key: false })
    .addHelpText(
      'after',
      examples([
        'OAUTHFLOW_ENCRYPTION_KEYS="$(openssl rand -base64 32)" oauthflow reencrypt   # encrypt a plaintext store',
        'OAUTHFLOW_ENCRYPTION_KEYS="$NEW_KEY,$OLD_KEY" oauthflow reencrypt            # rotate: reseal with the new key',
      ]),
    )
    .action(async (flags: StoreFlags) => {
      const { reencrypt } = await import('../actions/reencrypt.js');
      await reencrypt(flags);
    });
}
