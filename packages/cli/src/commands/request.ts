import type { Command } from 'commander';
import { clientOptions, examples, storeOptions, type ClientFlags, type StoreFlags } from './options.js';

/** Flags of `oauthflow request`. */
export interface RequestFlags extends StoreFlags, ClientFlags {
  request?: string;
  data?: string;
  header?: string[];
  include?: boolean;
}

/** `oauthflow request`: a curl-like call with the bearer token. */
export function registerRequest(program: Command): void {
  const command = program
    .command('request')
    .description('send an HTTP request with the access token (refreshed when needed, and once more on a 401); prints the body')
    .argument('<url>', 'absolute https URL (http only to 127.0.0.1/localhost)')
    .option('-X, --request <method>', 'HTTP method (default GET, or POST with -d)')
    .option('-d, --data <body>', 'request body; @file reads a file, @- reads stdin (JSON bodies are sent as application/json)')
    .option('-H, --header <header>', '"Name: value"; repeatable', (value: string, previous: string[] | undefined) => [...(previous ?? []), value])
    .option('-i, --include', 'print the status line and response headers first');
  clientOptions(command, { full: false });
  storeOptions(command)
    .addHelpText(
      'after',
      examples([
        'oauthflow request https://api.example.com/me',
        'oauthflow request -X POST -d \'{"name":"x"}\' https://api.example.com/items',
        'oauthflow request -H "Accept: text/csv" -d @query.json --key work https://api.example.com/report',
        '# exit code 2 for HTTP errors (the body is still printed), 3 when the token is refused after a refresh',
      ]),
    )
    .action(async (url: string, flags: RequestFlags) => {
      const { request } = await import('../actions/request.js');
      await request(url, flags);
    });
}
