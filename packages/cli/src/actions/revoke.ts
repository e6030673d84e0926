import { ConfigurationError } from '@oauthflow/core';
import type { KeyFlags } from '../commands/token.js';
import { requireSecret } from '../runtime/flow.js';
import { emit, note } from '../runtime/output.js';
import { withSession } from '../runtime/session.js';

/**
 * `oauthflow revoke`: revokes the refresh and access tokens at the server (RFC 7009), then removes
 * them from the store, with the client settings stored with them. Nothing stored is not an error
 * (scripts may revoke twice).
 */
export async function revoke(flags: KeyFlags): Promise<void> {
  await withSession(flags, async (session) => {
    if ((await session.stored()) === undefined) {
      note(`Nothing is stored under "${session.key}" in ${session.store.display}; nothing to revoke.`);
      emit(flags, { key: session.key, revoked: false }, () => []);
      return;
    }
    const client = await session.client();
    if (client.client.revokeUri === undefined) {
      throw new ConfigurationError(
        `The provider of key "${session.key}" has no revocation endpoint (pass --revoke-uri at login); "oauthflow logout" forgets the tokens here`,
      );
    }
    requireSecret(client, session.key);
    await (await session.flow()).revoke();
    emit(
      flags,
      { key: session.key, store: session.store.display, revoked: true },
      () => `Revoked the tokens of "${session.key}" at the server and removed them from ${session.store.display}`,
    );
  });
}
