import { inspect } from 'node:util';
import { expect } from 'vitest';

/**
 * Collects secrets seen during a test (tokens, codes, client secrets) and errors thrown, then
 * asserts that no error shows any secret in its message, JSON or util.inspect output.
 */
export class SecretWatch {
  readonly secrets = new Set<string>();
  readonly errors: unknown[] = [];

  add(...values: (string | undefined)[]): void {
    for (const value of values) if (value && value.length >= 8) this.secrets.add(value);
  }

  /** Awaits `promise`, expecting it to reject; records and returns the error. */
  async catch(promise: Promise<unknown>): Promise<unknown> {
    try {
      await promise;
    } catch (error) {
      this.errors.push(error);
      return error;
    }
    throw new Error('expected the promise to reject');
  }

  assertNoLeaks(): void {
    expect(this.errors.length).toBeGreaterThan(0);
    expect(this.secrets.size).toBeGreaterThan(0);
    for (const error of this.errors) {
      const views = [String(error), (error as Error).message, JSON.stringify(error), inspect(error, { depth: 10 }), (error as Error).stack ?? ''];
      for (const view of views) {
        for (const secret of this.secrets) expect(view, `an error leaks a secret: ${view.slice(0, 200)}`).not.toContain(secret);
      }
    }
  }
}
