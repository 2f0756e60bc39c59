/** Theme toggle: system -> dark -> light; the choice is kept in localStorage. */
import { useEffect } from 'react';
import { useUi } from '../store/ui.js';

const TEXT = { system: 'Auto', dark: 'Dark', light: 'Light' } as const;

/** Applies the theme to <html data-theme>; 'system' leaves it to prefers-color-scheme. */
export function useThemeAttribute(): void {
  const theme = useUi((s) => s.theme);
  useEffect(() => {
    const root = document.documentElement;
    if (theme === 'system') delete root.dataset.theme;
    else root.dataset.theme = theme;
  }, [theme]);
}

export function ThemeToggle() {
  const theme = useUi((s) => s.theme);
  const cycle = useUi((s) => s.cycleTheme);
  return (
    <button type="button" className="btn ghost theme-toggle" data-testid="theme-toggle" data-theme-choice={theme} title={`Theme: ${TEXT[theme]} (click to change)`} onClick={cycle}>
      <span className="theme-icon" aria-hidden="true">
        ◐
      </span>{' '}
      {TEXT[theme]}
    </button>
  );
}
