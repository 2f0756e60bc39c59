/**
 * The macro editor's Text tab: the macro in its text form (src-shared/macro/text-form.ts), one line per
 * step, editable; Apply reads it with parseMacroText and, when it reads, replaces the draft (the rows
 * show it); when not, the line and the problem are shown and the draft is kept.
 */
import { useState } from 'react';
import { MacroTextError, parseMacroText } from '../../src-shared/macro/text-form.js';
import type { Macro } from '../../src-shared/macro/macro.js';

export interface MacroTextFormProps {
  /** The text the tab opens with (the draft's text form, or what was last typed). */
  initial: string;
  /** A macro read from the text: the draft becomes it. */
  onApply: (macro: Macro) => void;
}

export function MacroTextForm({ initial, onApply }: MacroTextFormProps) {
  const [text, setText] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const apply = () => {
    try {
      onApply(parseMacroText(text));
      setError(null);
    } catch (err) {
      setError(err instanceof MacroTextError ? err.message : String(err));
    }
  };
  return (
    <div className="me-text">
      <textarea className="input mono me-textarea" data-testid="me-text" spellCheck={false} aria-label="The macro as text" value={text} onChange={(e) => setText(e.target.value)} />
      <div className="me-text-footer">
        <span className={error ? 'field-error' : 'hint'} data-testid="me-text-error" data-ok={String(error === null)} role={error ? 'alert' : undefined}>
          {error ?? 'One step per line: send text "AT" cr · wait text "OK" 2000 abort "ERROR" · delay 500 · control dtr pulse-on 100 · break 250'}
        </span>
        <button type="button" className="btn small" data-testid="me-text-apply" onClick={apply}>
          Apply
        </button>
      </div>
    </div>
  );
}
