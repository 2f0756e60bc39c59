import { describe, expect, it } from 'vitest';
import { displayText, shorten, visibleControls } from './display.js';

describe('text from outside, as the window shows it', () => {
  it('shows bidirectional controls as code points, so a name cannot reverse what follows it', () => {
    expect(visibleControls('abc\u202Edef')).toBe('abc⟨U+202E⟩def');
    expect(visibleControls('\u2066x\u2069\u200F')).toBe('⟨U+2066⟩x⟨U+2069⟩⟨U+200F⟩');
    expect(visibleControls('plain ünïcödé ☎')).toBe('plain ünïcödé ☎');
  });

  it('shortens long text to its start, an ellipsis and its last 10 characters', () => {
    expect(shorten('short', 80)).toBe('short');
    const long = `serial:/dev/${'a'.repeat(3000)}tail-12345`;
    const s = shorten(long, 80);
    expect(s).toHaveLength(80);
    expect(s.startsWith('serial:/dev/aaa')).toBe(true);
    expect(s.endsWith('…tail-12345')).toBe(true);
    expect(displayText(`\u202E${'x'.repeat(200)}`, 40)).toHaveLength(40);
  });
});
