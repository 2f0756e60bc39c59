/**
 * The interactive `dialtone connect`'s keyboard (issue 12), as pyserial's miniterm does it: every key goes
 * to the line except the escape key (Ctrl+] by default), after which one key is a command:
 *
 *   d  DTR on/off          r  RTS on/off          b  BREAK (one pulse)
 *   u  baud rate: type it, then Enter (Esc cancels)
 *   h  hex view on/off     t  timestamps off -> wall -> delta -> off
 *   s  show the line state ?  this help           q  quit
 *   the escape key again sends it to the line
 *
 * Pure: bytes in, actions out; the caller does them. Work is per chunk (runs of plain bytes are one
 * 'send'), a typed baud rate is bounded to 8 digits.
 */

/** What a key (or run of keys) asks for. */
export type EscapeAction =
  | { type: 'send'; bytes: Uint8Array }
  | { type: 'dtr' | 'rts' | 'break' | 'hex' | 'timestamps' | 'state' | 'help' | 'quit' }
  | { type: 'baud'; value: number }
  /** Text to show the operator (a prompt, an echoed digit, an unknown key). */
  | { type: 'say'; text: string };

/** The help text, one command per line. */
export function escapeHelp(escapeName: string): string {
  return [
    `${escapeName} then: d DTR on/off, r RTS on/off, b BREAK, u baud rate (type it, Enter),`,
    '  h hex view on/off, t timestamps (off, wall, delta), s line state, ? help, q quit;',
    `  ${escapeName} again sends ${escapeName} to the line`,
  ].join('\n');
}

const COMMANDS: Record<string, EscapeAction['type']> = { d: 'dtr', r: 'rts', b: 'break', h: 'hex', t: 'timestamps', s: 'state', '?': 'help', q: 'quit' };
const ENTER = new Set([0x0d, 0x0a]);
const ESC = 0x1b;
const BACKSPACE = new Set([0x08, 0x7f]);

/**
 * Parse an --escape value: "^]", "^T", "ctrl-t", "ctrl+]" (a control character, 0x01-0x1f).
 * @throws RangeError naming what is accepted.
 */
export function parseEscapeKey(text: string): number {
  const m = /^(?:\^|ctrl[-+])(.)$/i.exec(text.trim());
  const code = m ? m[1]!.toUpperCase().charCodeAt(0) - 0x40 : -1;
  if (code < 1 || code > 0x1f) throw new RangeError(`--escape must be a control key such as ^] or ctrl-t, not "${text}"`);
  return code;
}

/** The name of a control key: 0x1d -> "Ctrl+]". */
export function escapeKeyName(code: number): string {
  return `Ctrl+${String.fromCharCode(code + 0x40)}`;
}

export class EscapeKeys {
  private state: 'plain' | 'command' | 'baud' = 'plain';
  private digits = '';

  constructor(readonly escapeKey = 0x1d) {}

  /** The actions for keys typed (in order). */
  feed(keys: Uint8Array): EscapeAction[] {
    const out: EscapeAction[] = [];
    let plainFrom = 0;
    const flushPlain = (to: number) => {
      if (to > plainFrom) out.push({ type: 'send', bytes: keys.slice(plainFrom, to) });
    };
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      if (this.state === 'plain') {
        if (k !== this.escapeKey) continue;
        flushPlain(i);
        this.state = 'command';
      } else if (this.state === 'command') {
        this.state = 'plain';
        if (k === this.escapeKey) out.push({ type: 'send', bytes: Uint8Array.of(k) });
        else if (k === 0x75 /* u */) {
          this.state = 'baud';
          this.digits = '';
          out.push({ type: 'say', text: 'baud rate (Enter sets it, Esc cancels): ' });
        } else {
          const command = COMMANDS[String.fromCharCode(k).toLowerCase()];
          out.push(command ? ({ type: command } as EscapeAction) : { type: 'say', text: `not a command; ${escapeKeyName(this.escapeKey)} ? shows them\n` });
        }
      } else {
        this.baudKey(k, out);
      }
      plainFrom = i + 1;
    }
    if (this.state === 'plain') flushPlain(keys.length);
    return out;
  }

  private baudKey(k: number, out: EscapeAction[]): void {
    if (k >= 0x30 && k <= 0x39 && this.digits.length < 8) {
      this.digits += String.fromCharCode(k);
      out.push({ type: 'say', text: String.fromCharCode(k) });
    } else if (BACKSPACE.has(k) && this.digits.length > 0) {
      this.digits = this.digits.slice(0, -1);
      out.push({ type: 'say', text: '\b \b' });
    } else if (ENTER.has(k)) {
      this.state = 'plain';
      out.push({ type: 'say', text: '\n' });
      if (this.digits !== '') out.push({ type: 'baud', value: Number(this.digits) });
    } else if (k === ESC) {
      this.state = 'plain';
      out.push({ type: 'say', text: ' (cancelled)\n' });
    }
  }
}
