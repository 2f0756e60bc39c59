// A link the far end prints is opened only after the operator agrees (browser host), only http(s).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openLink } from './links.js';

describe('openLink', () => {
  const opened: string[] = [];
  vi.stubGlobal('window', { open: (u: string) => opened.push(u), confirm: () => false });
  afterEach(() => void opened.splice(0));

  it('asks first, and opens only on yes', () => {
    const asked: string[] = [];
    openLink('https://example.invalid/x', (t) => (asked.push(t), false));
    expect(opened).toEqual([]);
    openLink('https://example.invalid/x', () => true);
    expect(opened).toEqual(['https://example.invalid/x']);
    expect(asked[0]).toContain('https://example.invalid/x');
  });

  it('ignores anything but http(s)', () => {
    openLink('file:///etc/passwd', () => true);
    openLink('javascript:alert(1)', () => true);
    expect(opened).toEqual([]);
  });
});
