/**
 * A hybrid logical clock (Kulkarni et al.): wall-clock milliseconds plus a counter, never
 * going backwards on one device and always past every stamp the device has read, so a write
 * made after seeing another is stamped later than it even when the computers' clocks differ.
 * A stamp is text that sorts as the clock does: 11 base-36 digits of milliseconds, a colon,
 * 5 of counter. Which device wrote it is kept beside it (the register's `d`) and breaks ties.
 */
const WALL_DIGITS = 11;
const COUNTER_DIGITS = 5;
const STAMP = /^[0-9a-z]{11}:[0-9a-z]{5}$/;

export const isStamp = (text: string): boolean => STAMP.test(text);

export function compareStamps(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function parse(stamp: string): { wall: number; counter: number } {
  if (!isStamp(stamp)) return { wall: 0, counter: 0 };
  return {
    wall: parseInt(stamp.slice(0, WALL_DIGITS), 36),
    counter: parseInt(stamp.slice(WALL_DIGITS + 1), 36),
  };
}

function format(wall: number, counter: number): string {
  return `${wall.toString(36).padStart(WALL_DIGITS, '0')}:${counter.toString(36).padStart(COUNTER_DIGITS, '0')}`;
}

export const ZERO_STAMP = format(0, 0);

/** The stamp's wall-clock time in ms (for "last change" lines). */
export const stampTime = (stamp: string): number => parse(stamp).wall;

export class HybridClock {
  #wall: number;
  #counter: number;

  constructor(last: string = ZERO_STAMP) {
    ({ wall: this.#wall, counter: this.#counter } = parse(last));
  }

  /** A stamp for a write made at `physical` ms (clamped to the clock: never earlier than the last stamp). */
  tick(physical: number): string {
    const wall = Math.max(this.#wall, Math.floor(physical));
    this.#counter = wall === this.#wall ? this.#counter + 1 : 0;
    this.#wall = wall;
    return format(this.#wall, this.#counter);
  }

  /** Moves the clock past a stamp read from another device. */
  receive(stamp: string): void {
    const other = parse(stamp);
    if (other.wall > this.#wall || (other.wall === this.#wall && other.counter > this.#counter)) {
      this.#wall = other.wall;
      this.#counter = other.counter;
    }
  }

  get last(): string {
    return format(this.#wall, this.#counter);
  }
}
