/**
 * `@oauthflow/cli`: the `oauthflow` command. The bin calls {@link run}; it is exported for
 * programs that embed the command.
 * @packageDocumentation
 */
import { ExitCodes, type ExitCode } from './exit-codes.js';
import { reportFailure } from './failure.js';

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
    // commander and the command tree load here, so that the bin's `token` fast path never pays for them.
    const { createProgram } = await import('./program.js');
    await createProgram(context).parseAsync([...argv], { from: 'user' });
    return ExitCodes.OK;
  } catch (error) {
    // Commander has printed its own message (or the help) already.
    if (isCommanderError(error)) return error.exitCode === 0 ? ExitCodes.OK : ExitCodes.USER;
    return reportFailure(error, { ...context, stderr: process.stderr });
  }
}

/** Commander's CommanderError, recognized by shape so that this module does not load commander. */
function isCommanderError(error: unknown): error is { exitCode: number } {
  const { code, exitCode } = (typeof error === 'object' && error !== null ? error : {}) as { code?: unknown; exitCode?: unknown };
  return typeof code === 'string' && code.startsWith('commander.') && typeof exitCode === 'number';
}
