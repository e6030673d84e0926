/** A progress indicator that may be a no-op. */
export interface Spinner {
  stop(): void;
}

/**
 * An ora spinner on stderr while waiting for the user — only on an interactive terminal (never in
 * pipes, CI or TERM=dumb, where it would only add noise). ora loads only when shown.
 */
export async function startSpinner(text: string): Promise<Spinner> {
  const stream = process.stderr;
  // A terminal that reports no width (some ptys) would send ora's line clearing into an endless loop.
  if (!stream.isTTY || !(stream.columns > 0) || process.env['CI'] || process.env['TERM'] === 'dumb') return { stop: () => undefined };
  const { default: ora } = await import('ora');
  // Enabled explicitly: the check above is the one decision (ora's own treats CI='' as CI).
  const spinner = ora({ text, stream, discardStdin: false, isEnabled: true }).start();
  return {
    stop: () => {
      spinner.stop();
    },
  };
}
