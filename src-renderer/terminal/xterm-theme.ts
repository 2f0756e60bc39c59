/**
 * xterm's colours from the page's CSS variables (styles/theme.css), so the terminal follows the
 * dark/light theme without a second copy of the palette.
 */
import type { ITheme } from '@xterm/xterm';

const VARS: Record<keyof ITheme, string> = {
  background: '--term-bg',
  foreground: '--term-fg',
  cursor: '--term-cursor',
  cursorAccent: '--term-bg',
  selectionBackground: '--term-selection',
  black: '--ansi-black',
  red: '--ansi-red',
  green: '--ansi-green',
  yellow: '--ansi-yellow',
  blue: '--ansi-blue',
  magenta: '--ansi-magenta',
  cyan: '--ansi-cyan',
  white: '--ansi-white',
  brightBlack: '--ansi-bright-black',
  brightRed: '--ansi-bright-red',
  brightGreen: '--ansi-bright-green',
  brightYellow: '--ansi-bright-yellow',
  brightBlue: '--ansi-bright-blue',
  brightMagenta: '--ansi-bright-magenta',
  brightCyan: '--ansi-bright-cyan',
  brightWhite: '--ansi-bright-white',
} as Record<keyof ITheme, string>;

/** Read the terminal theme from the CSS variables in effect on `el`. */
export function themeFromCss(el: Element = document.documentElement): ITheme {
  const cs = getComputedStyle(el);
  const theme: Record<string, string> = {};
  for (const [key, cssVar] of Object.entries(VARS)) {
    const v = cs.getPropertyValue(cssVar).trim();
    if (v) theme[key] = v;
  }
  return theme as ITheme;
}

/** The monospace stack: local fonts only (no network fonts under the CSP). */
export const MONO_FONT = '"DejaVu Sans Mono", "Cascadia Mono", Menlo, Consolas, "Liberation Mono", monospace';
