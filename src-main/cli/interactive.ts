/**
 * `dialtone connect` on a terminal (stdin a tty): the terminal in raw mode (every key to the line,
 * Ctrl+C included), restored on every way out, and the escape key's commands (escape-keys.ts) carried out
 * on the session and the stdout view. Messages to the operator go to stderr, with CR LF (raw mode).
 */
import { shownValue, type LineModel } from '../../src-shared/line/line-model.js';
import type { Session } from '../sessions/session.js';
import { EscapeKeys, escapeHelp, escapeKeyName, type EscapeAction } from './escape-keys.js';
import type { LineOutput } from './line-views.js';

/** Put a tty stdin in raw mode; the returned function restores it (also run at process exit). */
export function rawMode(stdin: NodeJS.ReadStream): () => void {
  if (!stdin.isTTY) return () => undefined;
  stdin.setRawMode(true);
  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    if (!stdin.destroyed) stdin.setRawMode(false);
  };
  process.once('exit', restore);
  return restore;
}

const onOff = (v: boolean | null) => (v === null ? 'unknown' : v ? 'on' : 'off');

/** The line state as the operator reads it: what is in effect, unknown where the far end did not say. */
export function describeLineState(line: LineModel, modem: ReturnType<Session['snapshot']>['modem']): string {
  const item = (name: string, key: 'baud' | 'dataBits' | 'parity' | 'stopBits' | 'flow') => {
    const m = line[key];
    const v = m.inEffect ?? null;
    return `${name} ${v === null ? 'unknown' : String(v)}${m.state === 'confirmed' || m.state === 'unknown' ? '' : ` (${m.state}${m.asked !== null ? `, asked ${String(m.asked)}` : ''})`}`;
  };
  const control = (name: 'DTR' | 'RTS', key: 'dtr' | 'rts') => {
    const m = line[key];
    return `${name} ${onOff(m.inEffect)}${m.inEffect === null && m.asked !== null ? ` (asked ${onOff(m.asked)})` : ''}`;
  };
  return [
    [item('baud', 'baud'), item('data bits', 'dataBits'), item('parity', 'parity'), item('stop bits', 'stopBits'), item('flow', 'flow')].join(', '),
    `${control('DTR', 'dtr')}, ${control('RTS', 'rts')}; CTS ${onOff(modem.cts)}, DSR ${onOff(modem.dsr)}, RI ${onOff(modem.ri)}, DCD ${onOff(modem.dcd)}`,
  ].join('\n');
}

/** Carries out the escape key's commands; plain keys come back to be written to the line. */
export class InteractiveConsole {
  private readonly keys: EscapeKeys;

  constructor(
    private readonly session: Session,
    private readonly output: LineOutput,
    escapeKey: number,
    private readonly say: (text: string) => void,
  ) {
    this.keys = new EscapeKeys(escapeKey);
  }

  /** Greet: how to reach the commands. */
  start(): void {
    this.say(`dialtone connect: ${escapeKeyName(this.keys.escapeKey)} then ? for commands, q to quit\n`);
  }

  /** Keys typed: the bytes for the line (in order), and whether the operator quit. */
  handle(keys: Uint8Array): { send: Uint8Array[]; quit: boolean } {
    const send: Uint8Array[] = [];
    for (const action of this.keys.feed(keys)) {
      if (action.type === 'send') send.push(action.bytes);
      else if (action.type === 'quit') return { send, quit: true };
      else this.run(action);
    }
    return { send, quit: false };
  }

  private run(action: Exclude<EscapeAction, { type: 'send' | 'quit' }>): void {
    const snap = this.session.snapshot();
    switch (action.type) {
      case 'say':
        return this.say(action.text);
      case 'help':
        return this.say(`${escapeHelp(escapeKeyName(this.keys.escapeKey))}\n`);
      case 'dtr':
      case 'rts': {
        // unknown counts as off: the first toggle asserts the line
        const now = shownValue(snap.line[action.type]) === true;
        this.session.setControlLines({ [action.type]: !now });
        return this.say(`[${action.type.toUpperCase()} ${now ? 'off' : 'on'} asked]\n`);
      }
      case 'break':
        this.session.sendBreak();
        return this.say('[BREAK sent]\n');
      case 'baud':
        try {
          this.session.applySettings({ baud: action.value });
          return this.say(`[baud rate ${action.value} asked]\n`);
        } catch (err) {
          return this.say(`[${(err as Error).message}]\n`);
        }
      case 'hex': {
        const view = this.output.choice;
        this.output.set({ ...view, hex: !view.hex });
        return this.say(`[hex view ${view.hex ? 'off' : 'on'}]\n`);
      }
      case 'timestamps': {
        const view = this.output.choice;
        const next = view.timestamps === null ? 'wall' : view.timestamps === 'wall' ? 'delta' : null;
        this.output.set({ ...view, timestamps: next });
        return this.say(`[timestamps ${next ?? 'off'}]\n`);
      }
      case 'state':
        return this.say(`${describeLineState(snap.line, snap.modem)}\n`);
    }
  }
}
