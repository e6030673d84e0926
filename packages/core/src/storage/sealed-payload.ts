/**
 * What a version 2 envelope holds: the stored JSON (`data`) with where it belongs. Every field is
 * authenticated by the envelope, so a record that opens but names another place, store or revision
 * was copied or written back, and is refused with a message saying which.
 */
export interface SealedPayload {
  /** `credentials:<key>` or `pending:<state>`. */
  place: string;
  /** The EncryptedStorage's `binding`: the store or namespace it was sealed for. */
  binding: string;
  /** The revision the record was sealed for, or null when it is not bound to one. */
  revision: number | null;
  /** A random id drawn when the record was created and kept by every write (rollback detection only). */
  generation?: string;
  data: unknown;
}

export function encodePayload(payload: SealedPayload): string {
  const json: Record<string, unknown> = { p: payload.place, b: payload.binding, r: payload.revision };
  if (payload.generation !== undefined) json['g'] = payload.generation;
  json['d'] = payload.data;
  return JSON.stringify(json);
}

/** The payload, or undefined when the plaintext is not one. */
export function decodePayload(plaintext: string): SealedPayload | undefined {
  let json: unknown;
  try {
    json = JSON.parse(plaintext);
  } catch {
    return undefined;
  }
  if (typeof json !== 'object' || json === null) return undefined;
  const { p, b, r, g, d } = json as Record<string, unknown>;
  if (typeof p !== 'string' || typeof b !== 'string' || (r !== null && !Number.isSafeInteger(r)) || (g !== undefined && typeof g !== 'string')) {
    return undefined;
  }
  const payload: SealedPayload = { place: p, binding: b, revision: r as number | null, data: d };
  if (typeof g === 'string') payload.generation = g;
  return payload;
}
