/**
 * The send bar (issue 12): text with escapes (\r \n \t \xHH ...) or hex (0D 0A, 0x0d,0x0a, 0d0a), parsed
 * by src-shared/bytes/send-syntax.ts (the parser macros use too), with the exact bytes shown before they
 * are sent, a line end of choice appended, and a history (Up / Down) whose entries bring back the syntax
 * and line end they were sent with, so the same bytes go again. The bytes go to the session as they
 * are: telnet escaping is the engine's job in main, never the bar's. Malformed input says where, and
 * nothing is sent.
 */
import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { formatSendHex, parseSend, SendSyntaxError } from '../../src-shared/bytes/send-syntax.js';
import { historyStep, SEND_LINE_ENDS, useSendBar, type SendEntry, type SendLineEnd } from '../store/send-bar.js';
import { useViewField } from '../store/sessions.js';
import { write } from '../terminal/send.js';

const LINE_END_TEXT: Record<SendLineEnd, string> = { none: 'no line end', cr: '+ CR', lf: '+ LF', crlf: '+ CR LF' };
/** Bytes shown in the preview before it is cut short. */
const PREVIEW_BYTES = 64;

type Parsed = { ok: true; bytes: Uint8Array } | { ok: false; message: string };

export function SendBar({ tabId }: { tabId: string }) {
  const { syntax, lineEnd, history, setSyntax, setLineEnd, remember } = useSendBar();
  const state = useViewField(tabId, 'state');
  const [input, setInput] = useState('');
  const [back, setBack] = useState(0); // how far back in the history Up has gone (0: the draft)
  const draft = useRef<SendEntry>({ input: '', syntax, lineEnd }); // what was typed, in its mode, before Up
  const inputRef = useRef<HTMLInputElement>(null);

  const parsed = useMemo<Parsed>(() => {
    try {
      const body = parseSend(input, syntax);
      const end = new TextEncoder().encode(SEND_LINE_ENDS[lineEnd]);
      const bytes = new Uint8Array(body.length + end.length);
      bytes.set(body);
      bytes.set(end, body.length);
      return { ok: true, bytes };
    } catch (err) {
      const at = err instanceof SendSyntaxError ? ` (at character ${err.at + 1})` : '';
      return { ok: false, message: `${(err as Error).message}${at}` };
    }
  }, [input, syntax, lineEnd]);

  const canSend = parsed.ok && parsed.bytes.length > 0 && state !== 'closed' && state !== undefined;
  const send = () => {
    if (!canSend || !parsed.ok) return;
    void write(tabId, parsed.bytes);
    if (input) remember({ input, syntax, lineEnd });
    setInput('');
    setBack(0);
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      send();
    } else if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
      e.preventDefault();
      if (back === 0) draft.current = { input, syntax, lineEnd };
      const step = historyStep(history, back, e.key === 'ArrowUp' ? 'up' : 'down', draft.current);
      if (step.back === back) return;
      setBack(step.back);
      setInput(step.entry.input);
      if (step.entry.syntax !== syntax) setSyntax(step.entry.syntax);
      if (step.entry.lineEnd !== lineEnd) setLineEnd(step.entry.lineEnd);
    }
  };

  const preview = parsed.ok ? formatSendHex(parsed.bytes.subarray(0, PREVIEW_BYTES)) + (parsed.bytes.length > PREVIEW_BYTES ? ' …' : '') : '';
  return (
    <div className="send-bar" data-testid="send-bar">
      <select className="select small" data-testid="send-syntax" aria-label="Input syntax" value={syntax} onChange={(e) => setSyntax(e.target.value === 'hex' ? 'hex' : 'text')}>
        <option value="text">Text</option>
        <option value="hex">Hex</option>
      </select>
      <input
        ref={inputRef}
        className="input mono send-input"
        data-testid="send-input"
        aria-label="Bytes to send"
        aria-invalid={!parsed.ok}
        placeholder={syntax === 'hex' ? '0D 0A  or  0x41,0x54  or  4154' : 'AT\\r  or  \\x02hello\\x03'}
        value={input}
        onChange={(e) => {
          setInput(e.target.value);
          setBack(0);
        }}
        onKeyDown={onKey}
      />
      <select className="select small" data-testid="send-line-end" aria-label="Line end appended" value={lineEnd} onChange={(e) => setLineEnd(e.target.value as SendLineEnd)}>
        {(Object.keys(SEND_LINE_ENDS) as SendLineEnd[]).map((k) => (
          <option key={k} value={k}>
            {LINE_END_TEXT[k]}
          </option>
        ))}
      </select>
      <button type="button" className="btn primary small" data-testid="send-button" disabled={!canSend} onClick={send}>
        Send
      </button>
      <span className={parsed.ok ? 'send-preview mono' : 'send-preview mono error'} data-testid="send-preview" data-bytes={parsed.ok ? parsed.bytes.length : ''} title={parsed.ok ? `${parsed.bytes.length} bytes, exactly these` : undefined}>
        {parsed.ok ? `${parsed.bytes.length} B: ${preview}` : parsed.message}
      </span>
    </div>
  );
}
