/** A copy without the entries whose value is `undefined` (for exactOptionalPropertyTypes-style objects). */
export function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}
