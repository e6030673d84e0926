/**
 * Moves this process's clock forward (`Date.now()` and `new Date()`), so a token that lives an
 * hour expires at once: 100 real expiry-and-refresh cycles take seconds instead of 100 hours.
 * Only the client runs in this process; the authorization server keeps real time in the parent.
 * Returns the function that advances the clock.
 */
export function installShiftedClock(): (ms: number) => void {
  const RealDate = Date;
  const realNow = RealDate.now.bind(RealDate);
  let offset = 0;
  class ShiftedDate extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(realNow() + offset);
      else super(...(args as [number]));
    }
    static override now(): number {
      return realNow() + offset;
    }
  }
  globalThis.Date = ShiftedDate as DateConstructor;
  return (ms) => {
    offset += ms;
  };
}
