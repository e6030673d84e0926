import { ConfigurationError, type Credentials, type OAuth2AuthorizationFlow, type Storage } from '@oauthflow/core';
import type { LoginFlags } from '../commands/login.js';
import { ExitCodes } from '../exit-codes.js';
import { showUrl } from '../runtime/browser.js';
import { createFlow, explainClientError } from '../runtime/flow.js';
import { describeCredentials, summarize } from '../runtime/format.js';
import { emit, note } from '../runtime/output.js';
import { resolveClient, type ResolvedClient } from '../runtime/resolve-client.js';
import { loadKeyClient } from '../runtime/key-client.js';
import { readClientSecretsFile } from '../runtime/client-secrets-file.js';
import { clientInput, loadSettings, type Settings } from '../runtime/settings.js';
import { startSpinner } from '../runtime/spinner.js';
import { CLI_META_FIELD, metaWithClient, type Grant, type StoredClient } from '../runtime/stored-client.js';
import { withStore } from '../runtime/store.js';

/**
 * `oauthflow login`: a new authorization (even when the key holds valid credentials), saved
 * under the key together with the client settings later commands use — in the credentials'
 * meta, so in the same write — and the client secret unless --no-save-secret.
 */
export async function login(flags: LoginFlags): Promise<void> {
  if ([flags.device, flags.paste, flags.clientCredentials].filter(Boolean).length > 1) {
    throw new ConfigurationError('--device, --paste and --client-credentials exclude each other: pick one');
  }
  const timeoutMs = seconds(flags.timeout ?? '300', '--timeout') * 1000;
  const settings = await loadSettings(flags);
  const { key } = settings;
  const grant: Grant = flags.clientCredentials ? 'client_credentials' : flags.device ? 'device_code' : 'authorization_code';
  const previous = await withStore(settings.storeUri, { isDefault: settings.storeIsDefault }, (store) => previousLogin(store.storage, key, store.display));
  const saved = previous.client;
  // A client file given now, or the one the last login of this key used when it names no other
  // provider and its secret is not stored (with the secret stored, the file may be gone since).
  const secretsFile = flags.clientSecretsFile ?? (flags.provider === undefined && saved?.secret === undefined ? saved?.client.clientSecretsFile : undefined);
  const file = secretsFile === undefined ? undefined : await readClientSecretsFile(secretsFile);
  const resolved = await resolveClient(clientInput(settings, flags, saved, 'login', file), { key, grant });
  if (grant === 'device_code' && resolved.client.deviceUri === undefined) {
    throw new ConfigurationError(`${resolved.client.provider} has no device authorization endpoint: pass --device-uri, or log in without --device`);
  }
  if (grant === 'client_credentials' && resolved.secret === undefined) {
    throw new ConfigurationError('--client-credentials needs the client secret: set OAUTHFLOW_CLIENT_SECRET or pass --client-secret');
  }

  // Ctrl-C while waiting for the user: say so (the shell alone shows nothing) and exit 130.
  const onInterrupt = () => {
    process.stderr.write(`\noauthflow: login cancelled (Ctrl-C); nothing was stored under "${key}"\n`);
    process.exit(ExitCodes.INTERRUPTED);
  };
  process.once('SIGINT', onInterrupt);
  try {
    await loginInStore(flags, settings, resolved, grant, timeoutMs, previous.meta);
  } finally {
    process.off('SIGINT', onInterrupt);
  }
}

/**
 * What the key's last login in this store left: its client (for defaults; an old CLI's saved file
 * is moved into the store here) and the meta of other applications, which the new login keeps.
 * Unreadable stored data does not stop a new login: it is what a login replaces.
 */
async function previousLogin(storage: Storage, key: string, display: string): Promise<{ client: StoredClient | undefined; meta: Record<string, unknown> }> {
  const credentials = await storage.get(key).catch(() => undefined);
  const client = await loadKeyClient(storage, key, credentials, display).catch(() => undefined);
  const { [CLI_META_FIELD]: _ours, ...others } = credentials?.meta ?? {};
  return { client, meta: others };
}

async function loginInStore(
  flags: LoginFlags,
  settings: Settings,
  resolved: ResolvedClient,
  grant: Grant,
  timeoutMs: number,
  otherMeta: Record<string, unknown>,
): Promise<void> {
  const { key } = settings;
  const secret = flags.saveSecret ? resolved.secret : undefined;
  const meta = metaWithClient(otherMeta, resolved.client, secret);
  await withStore(settings.storeUri, { isDefault: settings.storeIsDefault, create: true }, async (store) => {
    const flow = createFlow(resolved, store.storage, key);
    const credentials = await authorize(flow, resolved, grant, { browser: flags.browser, paste: flags.paste === true, timeoutMs, meta }).catch(
      (error: unknown) => {
        throw explainClientError(error, resolved, key);
      },
    );
    const { client } = resolved;
    emit(
      flags,
      {
        key,
        store: store.display,
        provider: client.provider,
        clientId: client.clientId,
        grant,
        secretStored: secret !== undefined,
        ...describeCredentials(credentials),
      },
      () => `Logged in: key "${key}" in ${store.display} (${summarize(credentials)})`,
    );
  });
}

async function authorize(
  flow: OAuth2AuthorizationFlow,
  resolved: ResolvedClient,
  grant: Grant,
  options: { browser: boolean; paste: boolean; timeoutMs: number; meta: Record<string, unknown> },
): Promise<Credentials> {
  const signal = AbortSignal.timeout(options.timeoutMs);
  const { meta } = options;
  // Every grant authorizes anew; the stored credentials are replaced only when it succeeds, together with meta.
  if (grant === 'client_credentials') return flow.clientCredentials({ scope: resolved.client.scope, force: true, meta });
  if (grant === 'device_code') {
    const device = await flow.deviceAuthorization();
    note(`To sign in, visit ${device.verificationUri} and enter the code: ${device.userCode}`);
    if (options.browser) await showUrl(device.verificationUriComplete ?? device.verificationUri, { browser: true, what: 'approve the code' });
    const spinner = await startSpinner(`Waiting for the approval of code ${device.userCode}…`);
    try {
      return await device.poll({ signal, meta });
    } finally {
      spinner.stop();
    }
  }
  const what = 'authorize oauthflow';
  if (options.paste) {
    return flow.retrieveToken({
      mode: 'paste',
      force: true,
      openUrl: (url) => showUrl(url, { browser: options.browser, what }),
      timeoutMs: options.timeoutMs,
      meta,
    });
  }
  let spinner: { stop(): void } | undefined;
  try {
    return await flow.retrieveToken({
      mode: 'loopback',
      force: true,
      meta,
      timeoutMs: options.timeoutMs,
      openUrl: async (url) => {
        await showUrl(url, { browser: options.browser, what });
        spinner = await startSpinner('Waiting for the authorization in your browser…');
      },
    });
  } finally {
    spinner?.stop();
  }
}

function seconds(value: string, flag: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) throw new ConfigurationError(`${flag} must be a positive number of seconds (got ${JSON.stringify(value)})`);
  return parsed;
}
