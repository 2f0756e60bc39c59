/**
 * The macro editor's steps as rows: each row a drag handle, its number, the kind and that kind's fields,
 * and Up / Down / Remove; rows are reordered by dragging the handle or with Up and Down; "+ Step" adds a
 * send. The row with the draft's problem is marked.
 */
import { useState } from 'react';
import { CHECKSUMS } from '../../src-shared/macro/checksum.js';
import { SEND_LINE_END_NAMES, TRANSFER_PROTOCOLS } from '../../src-shared/macro/macro.js';
import { moveItem, newStep, STEP_KINDS, type DraftStep } from './macro-editor-model.js';

const LINE_END_TEXT: Record<string, string> = { none: 'no end', cr: '+ CR', lf: '+ LF', crlf: '+ CR LF' };

/** A small select of string options. */
function Pick<V extends string>({ value, options, onChange, testid, label, text }: { value: V; options: readonly V[]; onChange: (v: V) => void; testid: string; label: string; text?: Record<string, string> }) {
  return (
    <select className="select small" aria-label={label} data-testid={testid} value={value} onChange={(e) => onChange(e.target.value as V)}>
      {options.map((o) => (
        <option key={o} value={o}>
          {text?.[o] ?? o}
        </option>
      ))}
    </select>
  );
}

/** A text field of a step. */
function Text({ value, onChange, testid, label, placeholder, className = 'input mono' }: { value: string; onChange: (v: string) => void; testid: string; label: string; placeholder?: string; className?: string }) {
  return <input className={className} aria-label={label} data-testid={testid} spellCheck={false} placeholder={placeholder} value={value} onChange={(e) => onChange(e.target.value)} />;
}

const Ms = ({ value, onChange, label }: { value: string; onChange: (v: string) => void; label: string }) => (
  <>
    <Text className="input mono num" testid="me-step-ms" label={label} value={value} onChange={onChange} />
    <span className="unit">ms</span>
  </>
);

/** The fields of one step's kind. */
function StepFields({ s, set }: { s: DraftStep; set: (patch: Partial<DraftStep>) => void }) {
  switch (s.kind) {
    case 'send':
      return (
        <>
          <Pick testid="me-step-syntax" label="Syntax" value={s.syntax} options={['text', 'hex'] as const} onChange={(syntax) => set({ syntax })} />
          <Text className="input mono ms-grow" testid="me-step-data" label="Bytes to send" placeholder={s.syntax === 'hex' ? '01 03 00 00' : 'AT or text with \\r \\x1B'} value={s.data} onChange={(data) => set({ data })} />
          <Pick testid="me-step-line-end" label="Line end" value={s.lineEnd} options={SEND_LINE_END_NAMES} text={LINE_END_TEXT} onChange={(lineEnd) => set({ lineEnd })} />
        </>
      );
    case 'checksum':
      return <Pick testid="me-step-algorithm" label="Checksum" value={s.algorithm} options={CHECKSUMS} onChange={(algorithm) => set({ algorithm })} />;
    case 'control':
      return (
        <>
          <Pick testid="me-step-line" label="Line" value={s.line} options={['dtr', 'rts'] as const} text={{ dtr: 'DTR', rts: 'RTS' }} onChange={(line) => set({ line })} />
          <Pick testid="me-step-action" label="Action" value={s.action} options={['on', 'off', 'pulse-on', 'pulse-off'] as const} onChange={(action) => set({ action })} />
          {s.action.startsWith('pulse') && <Ms label="Pulse length" value={s.ms} onChange={(ms) => set({ ms })} />}
        </>
      );
    case 'break':
      return <Ms label="BREAK length" value={s.ms} onChange={(ms) => set({ ms })} />;
    case 'delay':
      return <Ms label="Delay" value={s.ms} onChange={(ms) => set({ ms })} />;
    case 'wait':
      return (
        <>
          <Pick testid="me-step-wait-by" label="Wait for" value={s.waitBy} options={['text', 'regex'] as const} onChange={(waitBy) => set({ waitBy })} />
          <Text className="input mono ms-grow" testid="me-step-pattern" label={s.waitBy === 'text' ? 'Text to wait for' : 'Regular expression'} placeholder={s.waitBy === 'text' ? 'OK' : 'OK|READY'} value={s.pattern} onChange={(pattern) => set({ pattern })} />
          <span className="unit">up to</span>
          <Text className="input mono num" testid="me-step-timeout" label="Timeout" value={s.timeoutMs} onChange={(timeoutMs) => set({ timeoutMs })} />
          <span className="unit">ms, abort on</span>
          <Text className="input mono ms-abort" testid="me-step-abort" label="Abort on (comma-separated)" placeholder="BUSY, ERROR" value={s.abort} onChange={(abort) => set({ abort })} />
        </>
      );
    case 'settings':
      return <Text className="input mono ms-grow" testid="me-step-settings" label="Line settings (JSON)" value={s.settings} onChange={(settings) => set({ settings })} />;
    case 'transfer':
      return (
        <>
          <Pick testid="me-step-direction" label="Direction" value={s.direction} options={['send', 'receive'] as const} onChange={(direction) => set({ direction })} />
          <Pick testid="me-step-protocol" label="Protocol" value={s.protocol} options={TRANSFER_PROTOCOLS} onChange={(protocol) => set({ protocol })} />
        </>
      );
    case 'log':
      return <Pick testid="me-step-log" label="Log" value={s.logAction} options={['start', 'stop'] as const} onChange={(logAction) => set({ logAction })} />;
  }
}

export interface MacroStepRowsProps {
  steps: DraftStep[];
  onChange: (steps: DraftStep[]) => void;
  /** The step with the draft's problem (0-based), or null. */
  problemStep: number | null;
}

export function MacroStepRows({ steps, onChange, problemStep }: MacroStepRowsProps) {
  const [dragging, setDragging] = useState<number | null>(null);
  const [over, setOver] = useState<number | null>(null);
  const set = (i: number, patch: Partial<DraftStep>) => onChange(steps.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  const move = (from: number, to: number) => onChange(moveItem(steps, from, to));
  return (
    <div className="ms-steps" data-testid="me-steps">
      <ol className="ms-list">
        {steps.map((s, i) => (
          <li
            key={s.uid}
            className={['ms-row', i === problemStep ? 'invalid' : '', i === over && dragging !== null && dragging !== i ? 'drop-target' : '', i === dragging ? 'dragging' : ''].filter(Boolean).join(' ')}
            data-testid="me-step"
            data-kind={s.kind}
            data-index={i}
            onDragOver={(e) => {
              if (dragging === null) return;
              e.preventDefault();
              setOver(i);
            }}
            onDrop={(e) => {
              e.preventDefault();
              if (dragging !== null) move(dragging, i);
              setDragging(null);
              setOver(null);
            }}
          >
            <span
              className="ms-handle"
              draggable
              data-testid="me-step-handle"
              title="Drag to reorder"
              aria-hidden="true"
              onDragStart={(e) => {
                e.dataTransfer.effectAllowed = 'move';
                e.dataTransfer.setData('text/plain', String(i));
                setDragging(i);
              }}
              onDragEnd={() => {
                setDragging(null);
                setOver(null);
              }}
            >
              ⠿
            </span>
            <span className="ms-num mono">{i + 1}</span>
            <select className="select small ms-kind" aria-label={`Step ${i + 1} kind`} data-testid="me-step-kind" value={s.kind} onChange={(e) => set(i, { kind: e.target.value as DraftStep['kind'] })}>
              {STEP_KINDS.map((k) => (
                <option key={k} value={k}>
                  {k}
                </option>
              ))}
            </select>
            <span className="ms-fields">
              <StepFields s={s} set={(patch) => set(i, patch)} />
            </span>
            <span className="ms-row-actions">
              <button type="button" className="btn ghost small" data-testid="me-step-up" title="Move up" aria-label={`Move step ${i + 1} up`} disabled={i === 0} onClick={() => move(i, i - 1)}>
                ↑
              </button>
              <button type="button" className="btn ghost small" data-testid="me-step-down" title="Move down" aria-label={`Move step ${i + 1} down`} disabled={i === steps.length - 1} onClick={() => move(i, i + 1)}>
                ↓
              </button>
              <button type="button" className="btn ghost small" data-testid="me-step-remove" title="Remove" aria-label={`Remove step ${i + 1}`} onClick={() => onChange(steps.filter((_, j) => j !== i))}>
                ✕
              </button>
            </span>
          </li>
        ))}
      </ol>
      <button type="button" className="btn small" data-testid="me-add-step" onClick={() => onChange([...steps, newStep(steps.at(-1)?.kind === 'send' ? 'wait' : 'send')])}>
        + Step
      </button>
    </div>
  );
}
