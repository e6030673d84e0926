import type { Command } from 'commander';
import { examples } from './options.js';

/** Flags of `oauthflow migrate`. */
export interface MigrateFlags {
  from: string;
  to: string;
  overwrite?: boolean;
  /** Delete each key from the source once its copy in the target is verified. */
  move?: boolean;
  json?: boolean;
}

/** `oauthflow migrate`: copy every key between stores. */
export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('copy every stored login (tokens and client settings) from one store to another (keys already in the target are kept unless --overwrite)')
    .requiredOption('--from <uri>', 'source store URI')
    .requiredOption('--to <uri>', 'target store URI')
    .option('--overwrite', 'replace keys that already exist in the target')
    .option('--move', 'delete each key from the source once its copy in the target is verified (one copy stays: needed for refresh tokens that rotate)')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      examples([
        'oauthflow migrate --from file:./tokens.json --to sqlite:./tokens.db',
        'oauthflow migrate --from sqlite:./tokens.db --to "redis://127.0.0.1:6379?namespace=oauthflow" --move',
      ]),
    )
    .action(async (flags: MigrateFlags) => {
      const { migrate } = await import('../actions/migrate.js');
      await migrate(flags);
    });
}
