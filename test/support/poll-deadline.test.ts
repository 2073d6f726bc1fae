import { describe, expect, it } from 'vitest';

describe('expect.poll on a busy machine', () => {
  it('waits longer than vitest’s 1 s by default: a state that comes after 2.5 s is seen', async () => {
    const ready = Date.now() + 2_500;
    await expect.poll(() => Date.now() >= ready).toBe(true);
  });
});
