import { ExitCodes, exitCodeFor, type ExitCode } from './exit-codes.js';

/** What {@link reportFailure} needs to know about the command line. */
export interface FailureContext {
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  stderr: { write(text: string): unknown };
}

/**
 * Prints one line about a failed command on stderr (a JSON object with `--json`) and returns the
 * exit code. Only the error's message is shown — never a stack or a cause, which may carry
 * request details — and any client secret given on the command line or in the environment is
 * masked, as a last line of defence.
 */
export function reportFailure(error: unknown, context: FailureContext): ExitCode {
  const exitCode = exitCodeFor(error);
  const code = typeof (error as { code?: unknown } | null)?.code === 'string' ? String((error as { code: string }).code) : undefined;
  let message = error instanceof Error ? error.message : String(error);
  if (exitCode === ExitCodes.NEEDS_LOGIN && !message.includes('oauthflow login')) message += `; run: ${loginCommand(context.argv)}`;
  message = mask(oneLine(message), secretsOf(context));
  if (context.argv.includes('--json')) {
    context.stderr.write(`${JSON.stringify({ error: { message, ...(code ? { code } : {}), exitCode } })}\n`);
  } else {
    context.stderr.write(`oauthflow: ${message}\n`);
  }
  return exitCode;
}

/** Commander's own messages (unknown option, missing argument), made one line and secret-free; JSON with `--json`. */
export function formatUsageError(text: string, context: Omit<FailureContext, 'stderr'>): string {
  // "unknown option '--client-secrt=abc'" would echo a mistyped secret.
  const withoutValues = text.replace(/(unknown option '-[^=']*)=[^']*'/g, "$1=…'");
  const line = mask(oneLine(withoutValues.replace(/^error: /, '')), secretsOf(context));
  if (context.argv.includes('--json')) return `${JSON.stringify({ error: { message: line, code: 'ERR_OAUTHFLOW_USAGE', exitCode: ExitCodes.USER } })}\n`;
  return `oauthflow: ${line} (see oauthflow --help)\n`;
}

function oneLine(text: string): string {
  return text.trim().replace(/\s*\n\s*/g, ' ');
}

/** `oauthflow login` with the flags that chose the store and key of the failed command (a hint without them would log in elsewhere). */
function loginCommand(argv: readonly string[]): string {
  const parts = ['oauthflow login'];
  for (const flag of ['--store', '--key', '--config']) {
    const value = flagValue(argv, flag);
    if (value !== undefined) parts.push(`${flag} ${JSON.stringify(value)}`);
  }
  return parts.join(' ');
}

function flagValue(argv: readonly string[], flag: string): string | undefined {
  const index = argv.findIndex((arg) => arg === flag || arg.startsWith(`${flag}=`));
  if (index < 0) return undefined;
  return argv[index] === flag ? argv[index + 1] : argv[index]!.slice(flag.length + 1);
}

function secretsOf(context: Omit<FailureContext, 'stderr'>): string[] {
  const secrets: string[] = [];
  const fromEnv = context.env['OAUTHFLOW_CLIENT_SECRET'];
  if (fromEnv) secrets.push(fromEnv);
  context.argv.forEach((arg, index) => {
    if (arg === '--client-secret' && context.argv[index + 1] !== undefined) secrets.push(context.argv[index + 1]!);
    else if (arg.startsWith('--client-secret=')) secrets.push(arg.slice('--client-secret='.length));
  });
  return secrets.filter((secret) => secret.length >= 3);
}

function mask(text: string, secrets: readonly string[]): string {
  let masked = text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*:)[^@/?#\s]+@/gi, '$1***@');
  for (const secret of secrets) masked = masked.split(secret).join('***');
  return masked;
}
