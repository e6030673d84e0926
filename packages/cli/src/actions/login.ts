import { ConfigurationError, type Credentials, type OAuth2AuthorizationFlow } from '@oauthflow/core';
import type { LoginFlags } from '../commands/login.js';
import { ExitCodes } from '../exit-codes.js';
import { showUrl } from '../runtime/browser.js';
import { createFlow, explainClientError } from '../runtime/flow.js';
import { describeCredentials, summarize } from '../runtime/format.js';
import { emit, note } from '../runtime/output.js';
import { resolveClient, type ResolvedClient } from '../runtime/resolve-client.js';
import { readSavedClient, saveClient, type Grant } from '../runtime/saved-clients.js';
import { readClientSecretsFile } from '../runtime/client-secrets-file.js';
import { clientInput, loadSettings, type Settings } from '../runtime/settings.js';
import { startSpinner } from '../runtime/spinner.js';
import { withStore } from '../runtime/store.js';

/**
 * `oauthflow login`: a new authorization (even when the key holds valid credentials), saved
 * under the key together with the client settings (not the secret) that later commands use.
 */
export async function login(flags: LoginFlags): Promise<void> {
  if ([flags.device, flags.paste, flags.clientCredentials].filter(Boolean).length > 1) {
    throw new ConfigurationError('--device, --paste and --client-credentials exclude each other: pick one');
  }
  const timeoutMs = seconds(flags.timeout ?? '300', '--timeout') * 1000;
  const settings = await loadSettings(flags);
  const { key } = settings;
  const grant: Grant = flags.clientCredentials ? 'client_credentials' : flags.device ? 'device_code' : 'authorization_code';
  const saved = await readSavedClient(key);
  // A client file given now, or the one the last login of this key used (when it names no other provider).
  const secretsFile = flags.clientSecretsFile ?? (flags.provider === undefined ? saved?.clientSecretsFile : undefined);
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
    await loginInStore(flags, settings, resolved, grant, timeoutMs);
  } finally {
    process.off('SIGINT', onInterrupt);
  }
}

async function loginInStore(flags: LoginFlags, settings: Settings, resolved: ResolvedClient, grant: Grant, timeoutMs: number): Promise<void> {
  const { key } = settings;
  await withStore(settings.storeUri, { isDefault: settings.storeIsDefault, create: true }, async (store) => {
    const flow = createFlow(resolved, store.storage, key);
    const credentials = await authorize(flow, resolved, grant, { browser: flags.browser, paste: flags.paste === true, timeoutMs }).catch((error: unknown) => {
      throw explainClientError(error, resolved, key);
    });
    await saveClient(key, resolved.client);
    const { client } = resolved;
    emit(
      flags,
      { key, store: store.display, provider: client.provider, clientId: client.clientId, grant, ...describeCredentials(credentials) },
      () => `Logged in: key "${key}" in ${store.display} (${summarize(credentials)})`,
    );
  });
}

async function authorize(
  flow: OAuth2AuthorizationFlow,
  resolved: ResolvedClient,
  grant: Grant,
  options: { browser: boolean; paste: boolean; timeoutMs: number },
): Promise<Credentials> {
  const signal = AbortSignal.timeout(options.timeoutMs);
  // Every grant authorizes anew; the stored credentials are replaced only when it succeeds.
  if (grant === 'client_credentials') return flow.clientCredentials({ scope: resolved.client.scope, force: true });
  if (grant === 'device_code') {
    const device = await flow.deviceAuthorization();
    note(`To sign in, visit ${device.verificationUri} and enter the code: ${device.userCode}`);
    if (options.browser) await showUrl(device.verificationUriComplete ?? device.verificationUri, { browser: true, what: 'approve the code' });
    const spinner = await startSpinner(`Waiting for the approval of code ${device.userCode}…`);
    try {
      return await device.poll({ signal });
    } finally {
      spinner.stop();
    }
  }
  const what = 'authorize oauthflow';
  if (options.paste) {
    return flow.retrieveToken({ mode: 'paste', force: true, openUrl: (url) => showUrl(url, { browser: options.browser, what }), timeoutMs: options.timeoutMs });
  }
  let spinner: { stop(): void } | undefined;
  try {
    return await flow.retrieveToken({
      mode: 'loopback',
      force: true,
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
