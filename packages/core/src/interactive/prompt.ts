import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { ErrorCodes, OAuthFlowError } from '../errors.js';

/** Asks one question on a terminal (or any streams) and resolves with the answer line. */
export function readLine(options: { input: Readable; output: Writable; question: string; timeoutMs: number; signal?: AbortSignal }): Promise<string> {
  const rl = createInterface({ input: options.input, output: options.output, terminal: false });
  return new Promise<string>((resolve, reject) => {
    const done = (finish: () => void) => {
      clearTimeout(timer);
      rl.removeAllListeners();
      rl.close();
      // Let the process exit without waiting for the end of stdin (a terminal never sends it).
      options.input.pause();
      (options.input as { unref?: () => void }).unref?.();
      finish();
    };
    const timer = setTimeout(
      () => done(() => reject(new OAuthFlowError(`No answer within ${Math.round(options.timeoutMs / 1000)} s`, { code: ErrorCodes.ABORTED }))),
      options.timeoutMs,
    );
    options.signal?.addEventListener('abort', () => done(() => reject(new OAuthFlowError('The authorization was cancelled', { code: ErrorCodes.ABORTED }))), {
      once: true,
    });
    rl.once('line', (line) => done(() => resolve(line)));
    rl.once('close', () => done(() => reject(new OAuthFlowError('The input ended before an answer was given', { code: ErrorCodes.ABORTED }))));
    options.output.write(options.question);
  });
}
