/**
 * `@oauthflow/cli`: the `oauthflow` command. The bin calls {@link run}; it is exported for
 * programs that embed the command.
 * @packageDocumentation
 */
import { CommanderError } from 'commander';
import { ExitCodes, type ExitCode } from './exit-codes.js';
import { reportFailure } from './failure.js';
import { createProgram } from './program.js';

export { ExitCodes, exitCodeFor } from './exit-codes.js';
export type { ExitCode } from './exit-codes.js';

/**
 * Runs the `oauthflow` command with these arguments (without `node` and the script) and
 * resolves with its exit code. Results go to stdout; progress, prompts and errors to stderr.
 *
 * @example
 * process.exitCode = await run(['status', '--json']);
 */
export async function run(argv: readonly string[]): Promise<ExitCode> {
  const context = { argv, env: process.env };
  try {
    await createProgram(context).parseAsync([...argv], { from: 'user' });
    return ExitCodes.OK;
  } catch (error) {
    // Commander has printed its own message (or the help) already.
    if (error instanceof CommanderError) return error.exitCode === 0 ? ExitCodes.OK : ExitCodes.USER;
    return reportFailure(error, { ...context, stderr: process.stderr });
  }
}
