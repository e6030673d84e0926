import { describe, expect, it } from 'vitest';
import { NoCredentialsError, OAuth2Error } from '@oauthflow/core';
import { formatUsageError, reportFailure } from '../src/failure.js';

function report(error: unknown, argv: string[], env: Record<string, string> = {}): { code: number; text: string } {
  let text = '';
  const code = reportFailure(error, {
    argv,
    env,
    stderr: {
      write: (chunk: string) => {
        text += chunk;
      },
    },
  });
  return { code, text };
}

describe('reportFailure', () => {
  it('prints one line, with a login hint for exit code 3', () => {
    expect(report(new NoCredentialsError('No credentials are stored under "work"', 'work'), ['token', '--key', 'work'])).toEqual({
      code: 3,
      text: 'oauthflow: No credentials are stored under "work"; run: oauthflow login --key "work"\n',
    });
    expect(report(new Error('first\n  second'), ['status']).text).toBe('oauthflow: first second\n');
    // The hint logs in where the command looked: same store (password hidden), key and config.
    expect(
      report(new NoCredentialsError('None', 'ci'), ['token', '--store', 'redis://:pw-secret-1@cache:6379', '--key=ci', '--config', '/etc/of.json']).text,
    ).toBe('oauthflow: None; run: oauthflow login --store "redis://:***@cache:6379" --key "ci" --config "/etc/of.json"\n');
  });

  it('masks the client secret from the flags or the environment, and URL passwords', () => {
    const leaky = new OAuth2Error('refused s3cret-flag and s3cret-env at redis://:hunter22@cache:6379', { error: 'invalid_client' });
    const { code, text } = report(leaky, ['login', '--client-secret', 's3cret-flag'], { OAUTHFLOW_CLIENT_SECRET: 's3cret-env' });
    expect(code).toBe(1);
    expect(text).toBe('oauthflow: refused *** and *** at redis://:***@cache:6379\n');
    expect(report(leaky, ['login', '--client-secret=s3cret-flag']).text).not.toContain('s3cret-flag');
  });

  it('prints a JSON object with --json', () => {
    const { text } = report(new NoCredentialsError('none', 'default'), ['token', '--json']);
    expect(JSON.parse(text)).toEqual({ error: { message: 'none; run: oauthflow login', code: 'ERR_OAUTHFLOW_NO_CREDENTIALS', exitCode: 3 } });
  });
});

describe('formatUsageError', () => {
  it("makes commander's message one line and drops option values", () => {
    expect(formatUsageError("error: unknown option '--client-secrt=abc123'\n(Did you mean --client-secret?)\n", { argv: [], env: {} })).toBe(
      "oauthflow: unknown option '--client-secrt=…' (Did you mean --client-secret?) (see oauthflow --help)\n",
    );
    expect(JSON.parse(formatUsageError("error: unknown option '--x'", { argv: ['--json'], env: {} }))).toEqual({
      error: { message: "unknown option '--x'", code: 'ERR_OAUTHFLOW_USAGE', exitCode: 1 },
    });
  });
});
