import { ConfigurationError } from '../errors.js';

/** The longest storage key accepted: long enough for "provider:account:scope" names, short enough for every backend. */
const MAX_KEY_LENGTH = 200;

/**
 * The one check of a storage key, shared by the flow and the file storage: a non-empty string of
 * at most 200 characters, without control characters (keys are printed in listings and errors,
 * where a terminal escape would be an injection), and not `__proto__`, which a JSON object cannot
 * hold as an own key (it would be accepted and silently not stored).
 * @throws {ConfigurationError}
 */
export function checkStorageKey(key: unknown): string {
  if (typeof key !== 'string' || key === '' || key.length > MAX_KEY_LENGTH) {
    throw new ConfigurationError(`A storage key must be a non-empty string of at most ${MAX_KEY_LENGTH} characters`);
  }
  if (hasControlCharacter(key)) throw new ConfigurationError('A storage key must not contain control characters');
  if (key === '__proto__') throw new ConfigurationError('"__proto__" cannot be a storage key (JSON objects cannot hold it); choose another name');
  return key;
}

/** C0 and C1 control characters (and DEL): invisible in logs and file listings, so refused in keys. */
function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code <= 0x1f || (code >= 0x7f && code <= 0x9f)) return true;
  }
  return false;
}
