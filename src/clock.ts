/** Time comes from here so tests and the scheduler can move it. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock tests can set and advance. */
export function fakeClock(start: number | string): Clock & { set(t: number | string): void; advance(ms: number): void } {
  let t = typeof start === "string" ? Date.parse(start) : start;
  return {
    now: () => t,
    set: (v) => {
      t = typeof v === "string" ? Date.parse(v) : v;
    },
    advance: (ms) => {
      t += ms;
    },
  };
}
