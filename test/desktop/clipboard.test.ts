import { describe, expect, it } from 'vitest';
import { ClipboardService, MemoryClipboard } from '../../src/desktop/services/clipboard';

describe('the clipboard service', () => {
  it('clears a copied code on quit, long before its timer', async () => {
    const port = new MemoryClipboard();
    const clipboard = new ClipboardService(port, 60_000);
    await clipboard.copySecretText('123456');
    await clipboard.dispose();
    expect(port.text).toBe('');
  });

  it('leaves what the person copied since, on quit as on time', async () => {
    const port = new MemoryClipboard();
    const clipboard = new ClipboardService(port, 60_000);
    await clipboard.copySecretText('123456');
    await port.writeText('a note of their own');
    await clipboard.dispose();
    expect(port.text).toBe('a note of their own');
  });

  it('reads a changeable delay at each copy', async () => {
    let seconds = 30;
    const clipboard = new ClipboardService(new MemoryClipboard(), () => seconds * 1000);
    expect(await clipboard.copySecretText('111111')).toBe(30);
    seconds = 10;
    expect(await clipboard.copySecretText('222222')).toBe(10);
    await clipboard.dispose();
  });
});
