/**
 * One-line, human-readable descriptions of session events for the text and hex logs and asciicast
 * markers: what an operator reading the log at 3 a.m. needs (connect, disconnect, settings in effect,
 * DTR/RTS/BREAK commands, modem-line changes, line errors, warnings, errors).
 */
import type { SessionEvent } from '../../src-shared/session/events.js';

const onOff = (v: boolean | null): string => (v === null ? '?' : v ? 'on' : 'off');
const PARITY_LETTER = { none: 'N', odd: 'O', even: 'E', mark: 'M', space: 'S' } as const;

/** Describe `ev` in one line (no newline). An event type this module does not know is shown as JSON. */
export function describeEvent(ev: SessionEvent): string {
  switch (ev.type) {
    case 'status': {
      const parts: string[] = [ev.state];
      if (ev.retryInMs !== undefined) parts.push(`(retry in ${ev.retryInMs} ms)`);
      let text = parts.join(' ');
      if (ev.reason) text += `: ${ev.reason}`;
      if (ev.code) text += ` [${ev.code}]`;
      return text;
    }
    case 'settings': {
      // the values in effect ('?' unknown), then what is not confirmed, with what was asked
      const m = ev.line;
      const items = Object.entries(m);
      if (items.every(([, it]) => it.state === 'unsupported')) return 'settings: no line control on this kind of session';
      const v = (x: unknown): string => (x === null ? '?' : String(x));
      const parity = m.parity.inEffect === null ? '?' : PARITY_LETTER[m.parity.inEffect];
      const geometry = `${v(m.baud.inEffect)} ${v(m.dataBits.inEffect)}${parity}${v(m.stopBits.inEffect)}`;
      const lines = `DTR ${onOff(m.dtr.inEffect)} RTS ${onOff(m.rts.inEffect)} BREAK ${onOff(m.break.inEffect)}`;
      const notes = items
        .filter(([, it]) => it.state !== 'confirmed' && it.state !== 'unknown')
        .map(([name, it]) => `${name} ${it.state}${it.asked === null ? '' : ` (asked ${String(it.asked)})`}`);
      return `settings ${geometry} flow ${v(m.flow.inEffect)} ${lines}${notes.length ? `; ${notes.join(', ')}` : ''}`;
    }
    case 'modem': {
      const text = `modem CTS ${onOff(ev.cts)} DSR ${onOff(ev.dsr)} RI ${onOff(ev.ri)} DCD ${onOff(ev.dcd)}`;
      return ev.changed?.length ? `${text} (changed: ${ev.changed.map((c) => c.toUpperCase()).join(' ')})` : text;
    }
    case 'line': {
      const errors = [
        ev.overrunError && 'overrun',
        ev.parityError && 'parity',
        ev.framingError && 'framing',
        ev.breakDetect && 'break detect',
        ev.timeoutError && 'timeout',
      ].filter((e): e is string => typeof e === 'string');
      return errors.length ? `line error: ${errors.join(', ')}` : 'line state: no errors';
    }
    case 'warning':
      return `warning [${ev.code}]: ${ev.message}`;
    case 'error':
      return `error [${ev.code}]: ${ev.message}`;
    case 'control':
      switch (ev.action) {
        case 'dtr':
        case 'rts':
        case 'break':
          return `${ev.action.toUpperCase()} ${ev.value === true ? 'on' : ev.value === false ? 'off' : String(ev.value)}`;
        case 'break-pulse':
          return `BREAK pulse ${String(ev.value)} ms`;
        case 'purge':
          return `purge ${String(ev.value)}`;
      }
      return JSON.stringify(ev);
    case 'signature':
      return `signature ${JSON.stringify(ev.text)}`;
    default:
      return JSON.stringify(ev);
  }
}
