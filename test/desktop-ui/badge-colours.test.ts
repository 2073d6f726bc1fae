import { describe, expect, it } from 'vitest';
import { badgeColour, neighbourColours } from '../../src/renderer/src/lib/codeFormat';

describe('badge colours', () => {
  it('gives GitHub, Fastmail and GitLab one under another three different colours', () => {
    // Their own colours collide (the red badge the issue saw).
    expect(new Set(['GitHub', 'Fastmail', 'GitLab'].map(badgeColour)).size).toBe(1);
    const colours = neighbourColours(['GitHub', 'Fastmail', 'GitLab']);
    expect(colours[0]).not.toBe(colours[1]);
    expect(colours[1]).not.toBe(colours[2]);
  });

  it('keeps one colour for the same issuer on neighbouring rows', () => {
    const colours = neighbourColours(['GitHub', 'github', 'Fastmail']);
    expect(colours[0]).toBe(colours[1]);
    expect(colours[2]).not.toBe(colours[1]);
  });
});
