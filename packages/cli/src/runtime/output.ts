/**
 * Prints a command's result on stdout: `json` as one JSON document with `--json`, else the
 * lines `text()` builds. Progress and prompts go to stderr ({@link note}), so stdout stays
 * clean for `$(oauthflow …)` and pipes.
 */
export function emit(options: { json?: boolean }, json: unknown, text: () => string | readonly string[]): void {
  if (options.json) {
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    return;
  }
  const lines = text();
  const body = typeof lines === 'string' ? lines : lines.join('\n');
  if (body !== '') process.stdout.write(body.endsWith('\n') ? body : `${body}\n`);
}

/** A progress or information line on stderr. */
export function note(message: string): void {
  process.stderr.write(`${message}\n`);
}
