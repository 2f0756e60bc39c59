/**
 * Quick connect: a target string (rfc2217://HOST:PORT, telnet://, tcp://, serial:/dev/...) and Connect.
 * A bad string says what was expected and opens nothing.
 */
import { useState } from 'react';
import { parseTarget, TargetError } from '../../src-shared/session/target.js';
import { openTarget } from '../store/actions/sessions.js';
import { DEFAULT_TERMINAL_OPTIONS } from '../store/reducers.js';

export function QuickConnect() {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const go = async () => {
    let target;
    try {
      target = parseTarget(text);
    } catch (err) {
      setError(err instanceof TargetError ? err.message : String(err));
      return;
    }
    setError(null);
    setBusy(true);
    try {
      await openTarget(target, { reconnect: true }, DEFAULT_TERMINAL_OPTIONS);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="quick-connect"
      onSubmit={(e) => {
        e.preventDefault();
        void go();
      }}
    >
      <input
        className={error ? 'input mono invalid' : 'input mono'}
        data-testid="target-input"
        placeholder="rfc2217://host:port, tcp://host:port, serial:/dev/ttyUSB0"
        aria-label="Target"
        aria-invalid={error !== null}
        title={error ?? 'rfc2217://HOST:PORT, telnet://HOST:PORT, tcp://HOST:PORT or serial:/dev/PORT'}
        spellCheck={false}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setError(null);
        }}
      />
      <button type="submit" className="btn primary" data-testid="connect-button" disabled={busy || !text.trim()}>
        Connect
      </button>
      {error && (
        <span className="field-error floating" data-testid="target-error" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}
