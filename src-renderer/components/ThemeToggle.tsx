/** Theme toggle: system -> dark -> light; the choice is kept in localStorage (store/ui.ts applies it). */
import { useUi } from '../store/ui.js';

const TEXT = { system: 'Auto', dark: 'Dark', light: 'Light' } as const;

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
