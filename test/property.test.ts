import { inspect } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Credentials, MemoryStorage, OAuth2AuthorizationFlow, OAuthFlowError, parseCallback, type RequiredParams } from '@oauthflow/core';

/** Runs `fn`; it must return normally or throw an OAuthFlowError whose every view is free of `secrets`. */
async function valueOrTypedError(fn: () => unknown, secrets: string[] = []): Promise<void> {
  try {
    await fn();
  } catch (error) {
    if (!(error instanceof OAuthFlowError)) throw new Error(`untyped error: ${String(error)}`, { cause: error });
    for (const view of [error.message, JSON.stringify(error), inspect(error)]) {
      for (const secret of secrets) if (secret.length >= 6) expect(view).not.toContain(secret);
    }
  }
}

const anyJson = fc.jsonValue({ maxDepth: 3 });
const tokenLike = fc.string({
  minLength: 8,
  maxLength: 40,
  unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_'.split('')),
});

describe('property: bad input gives a value or a typed error, never a crash or a leak', () => {
  it('token responses', async () => {
    const response = fc.record(
      {
        access_token: fc.oneof(tokenLike, fc.constant(undefined), fc.integer(), fc.constant('')),
        token_type: fc.oneof(fc.constant('bearer'), fc.constant('Bearer'), fc.string(), fc.integer(), fc.constant(undefined)),
        refresh_token: fc.oneof(tokenLike, fc.constant(undefined), fc.constant(null), fc.boolean()),
        expires_in: fc.oneof(fc.integer({ min: -10, max: 1e9 }), fc.string(), fc.double(), fc.constant(undefined)),
        scope: fc.oneof(fc.string(), fc.array(fc.string()), fc.integer(), fc.constant(undefined)),
        extra: anyJson,
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(response, anyJson), async (body) => {
        const secrets =
          typeof body === 'object' && body !== null && !Array.isArray(body)
            ? [(body as Record<string, unknown>)['access_token'], (body as Record<string, unknown>)['refresh_token']].filter(
                (v): v is string => typeof v === 'string',
              )
            : [];
        await valueOrTypedError(() => {
          const credentials = Credentials.fromTokenResponse(body);
          // A parsed credential survives the stored round trip unchanged.
          // (Compared as JSON text: JSON itself turns -0 into 0.)
          const stored = JSON.stringify(credentials.toStored());
          expect(JSON.stringify(Credentials.fromJSON(JSON.parse(stored)).toStored())).toBe(stored);
        }, secrets);
      }),
      { numRuns: 500 },
    );
  });

  it('stored JSON', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          anyJson,
          fc.record(
            { version: fc.constant(1), access_token: fc.oneof(tokenLike, fc.integer()), expires_at: fc.oneof(fc.double(), fc.string()) },
            { requiredKeys: [] },
          ),
        ),
        async (json) => {
          await valueOrTypedError(() => Credentials.fromJSON(json));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('callback URLs: exchangeCode refuses them with typed errors and never changes what was stored', async () => {
    const storage = new MemoryStorage();
    const stored = new Credentials({ accessToken: 'stored-access-token', refreshToken: 'stored-refresh-token', expiresAt: new Date(Date.now() + 3600_000) });
    await storage.save(stored);
    const flow = new OAuth2AuthorizationFlow(
      {
        client_id: 'client',
        client_secret: 'client-secret-value',
        auth_uri: 'http://127.0.0.1:1/authorize',
        token_uri: 'http://127.0.0.1:1/token',
        scope: 'a',
        redirect_uri: 'http://127.0.0.1/callback',
      },
      {},
      {},
      { storage, timeoutMs: 500 },
    );
    const { state } = await flow.getAuthorizationUrl();
    const urlish = fc
      .tuple(fc.constantFrom('http://', 'https://', 'http://127.0.0.1/callback?', '/', '?', 'a://', 'code='), fc.string())
      .map(([prefix, rest]) => prefix + rest);
    const callback = fc.oneof(
      fc.string(),
      urlish,
      fc.webUrl({ withQueryParameters: true, withFragments: true }),
      fc
        .record({ code: fc.option(tokenLike), state: fc.option(fc.oneof(fc.string(), fc.constant(state))), error: fc.option(fc.string()) })
        .map(
          (p) =>
            `http://127.0.0.1/callback?${new URLSearchParams(Object.entries(p).filter((e): e is [string, string] => typeof e[1] === 'string')).toString()}`,
        ),
    );
    await fc.assert(
      fc.asyncProperty(callback, async (input) => {
        await valueOrTypedError(() => parseCallback(input));
        await valueOrTypedError(() => flow.exchangeCode(input), ['client-secret-value', 'stored-refresh-token']);
        expect((await storage.get())?.toStored()).toEqual(stored.toStored());
      }),
      { numRuns: 300 },
    );
  });

  it('configs', async () => {
    const maybeUrl = fc.oneof(fc.webUrl(), fc.string(), fc.constant('http://127.0.0.1:8080/x'), fc.constant(undefined), fc.integer());
    const config = fc.record(
      {
        client_id: fc.oneof(fc.string(), fc.constant(undefined), fc.integer()),
        client_secret: fc.oneof(fc.constant('super-secret-value'), fc.constant(''), fc.constant(undefined)),
        auth_uri: maybeUrl,
        token_uri: maybeUrl,
        redirect_uri: maybeUrl,
        revoke_uri: maybeUrl,
        scope: fc.oneof(fc.string(), fc.array(fc.string()), fc.integer(), fc.constant(undefined)),
      },
      { requiredKeys: [] },
    );
    const extra = fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer()));
    await fc.assert(
      fc.asyncProperty(config, extra, extra, async (required, extraAuth, extraToken) => {
        await valueOrTypedError(
          () => new OAuth2AuthorizationFlow(required as unknown as RequiredParams, extraAuth as Record<string, string>, extraToken as Record<string, string>),
          ['super-secret-value'],
        );
      }),
      { numRuns: 500 },
    );
  });
});
