import type { Command } from 'commander';
import { clientOptions, examples, storeOptions, type ClientFlags, type StoreFlags } from './options.js';

/** Flags of `oauthflow login`. */
export interface LoginFlags extends StoreFlags, ClientFlags {
  device?: boolean;
  paste?: boolean;
  clientCredentials?: boolean;
  /** False with --no-browser. */
  browser: boolean;
  /** False with --no-save-secret: the client secret is not stored with the credentials. */
  saveSecret: boolean;
  timeout?: string;
}

/** `oauthflow login`: authorize and store the credentials under a key. */
export function registerLogin(program: Command): void {
  const command = program
    .command('login')
    .description('authorize with a provider and store the credentials (loopback redirect, pasted URL, device code or client credentials)')
    .option('--device', 'device authorization (RFC 8628): enter a code on another device')
    .option('--paste', 'paste the redirect URL instead of receiving it on a loopback port')
    .option('--no-browser', 'print the URL instead of opening a browser')
    .option('--no-save-secret', 'do not store the client secret with the credentials (later commands that reach the token endpoint then need it again)')
    .option('--client-credentials', 'machine-to-machine: the client credentials grant, no user')
    .option('--timeout <seconds>', 'give up waiting for the user after this long', '300');
  clientOptions(command, { full: true });
  storeOptions(command)
    .addHelpText(
      'after',
      examples([
        'oauthflow login --provider google --client-id 123.apps.googleusercontent.com',
        'oauthflow login --provider https://auth.example.com --client-id cli --scope "openid offline_access"',
        'oauthflow login --device --no-browser --key tv',
        'oauthflow login --paste --store file:./tokens.json',
        'OAUTHFLOW_CLIENT_SECRET=… oauthflow login --client-credentials --key ci --scope api:read',
      ]),
    )
    .action(async (flags: LoginFlags) => {
      const { login } = await import('../actions/login.js');
      await login(flags);
    });
}
