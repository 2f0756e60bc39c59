/**
 * The macro editor's Dry run tab: what the macro would do, step by step, without a line: the bytes of
 * each send in hex (and as text), DTR/RTS changes, BREAK, settings; waits are taken as matched at once,
 * transfers and logs as done (describeDryRun). Nothing is sent.
 */
import type { DraftResult } from './macro-editor-model.js';
import { describeDryRun } from './macro-editor-model.js';

export function MacroDryRun({ result }: { result: DraftResult }) {
  if (!result.ok) {
    return (
      <p className="field-error me-dry-error" data-testid="me-dry-error">
        Fix the macro first: {result.message}
      </p>
    );
  }
  const steps = describeDryRun(result.macro);
  return (
    <div className="me-dry" data-testid="me-dry">
      <p className="hint">Nothing is sent. Waits are taken as matched at once{result.macro.repeatEveryMs ? `; shown once (it repeats every ${result.macro.repeatEveryMs} ms)` : ''}.</p>
      <ol className="me-dry-list">
        {steps.map((s) => (
          <li key={s.step} data-testid="me-dry-step" data-step={s.step}>
            <span className="me-dry-title">{s.title}</span>
            {s.actions.map((a, i) => (
              <div key={i} className="mono me-dry-action" data-testid="me-dry-action">
                {a}
              </div>
            ))}
          </li>
        ))}
      </ol>
    </div>
  );
}
