import { StorageError, safeCause } from '../errors.js';

const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*:)[^@/?#\s]+@/gi;

/**
 * Hides secrets in text meant for an error message: the password of every URL
 * (`redis://user:pass@host` → `redis://user:***@host`) and each string in `secrets`.
 *
 * @example
 * redact('connect to redis://:hunter2@cache:6379 failed'); // 'connect to redis://:***@cache:6379 failed'
 */
export function redact(text: string, secrets: readonly string[] = []): string {
  let result = text.replace(URL_PASSWORD, '$1***@');
  for (const secret of secrets) if (secret.length >= 3) result = result.split(secret).join('***');
  return result;
}

/**
 * The StorageError for a backend call that failed: `<label> storage could not <action>: <reason>`,
 * with the reason and the cause stripped of secrets. A StorageError passes through unchanged.
 */
export function storageFailure(label: string, action: string, error: unknown, secrets: readonly string[] = []): StorageError {
  if (error instanceof StorageError) return error;
  const cause = safeCause(error);
  // V8 quotes the input in JSON.parse errors, and a stored value holds tokens.
  const reason = cause instanceof SyntaxError || cause.name === 'SyntaxError' ? 'a stored value is not valid JSON' : redact(cause.message, secrets);
  const clean = new Error(reason);
  clean.name = cause.name;
  const code = (cause as { code?: unknown }).code;
  if (typeof code === 'string') Object.defineProperty(clean, 'code', { value: code, enumerable: true });
  return new StorageError(`${label} storage could not ${action}: ${reason}`, { cause: clean });
}

/**
 * The password of a connection URL, as written and decoded, for {@link redact}'s `secrets`;
 * empty when it has none or is not a URL.
 */
export function passwordsOf(url: string): string[] {
  try {
    const { password } = new URL(url);
    return password === '' ? [] : [...new Set([password, decodeURIComponent(password)])];
  } catch {
    return [];
  }
}
