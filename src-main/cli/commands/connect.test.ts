/** `dialtone connect` option parsing: pure, so unit tests (the process itself is tested in test/interop). */
import { describe, expect, it } from 'vitest';
import { UsageError } from '../args.js';
import { parseConnectArgs } from './connect.js';

describe('parseConnectArgs', () => {
  it('maps every option to SessionOptions', () => {
    const c = parseConnectArgs([
      'rfc2217://ts1.example:2001', '--baud', '9600', '--data-bits', '7', '--parity', 'even', '--stop-bits', '1.5',
      '--flow', 'rtscts', '--dtr', 'on', '--rts=off', '--events', '--linger', '0', '--reconnect',
      '--connect-timeout', '2500', '--ack-timeout', '800', '--keepalive', '0',
    ]);
    expect(c.target).toEqual({ kind: 'rfc2217', host: 'ts1.example', port: 2001 });
    expect(c.options).toEqual({
      settings: { baud: 9600, dataBits: 7, parity: 'even', stopBits: 1.5, flow: 'rtscts' },
      dtr: true,
      rts: false,
      reconnect: true,
      connectTimeoutMs: 2500,
      ackTimeoutMs: 800,
      keepaliveIdleMs: 0,
    });
    expect(c.events).toBe(true);
    expect(c.lingerMs).toBe(0);
  });

  it('leaves what was not given unset (the far end keeps its values; DTR/RTS untouched)', () => {
    const c = parseConnectArgs(['tcp://[::1]:4001']);
    expect(c.target).toEqual({ kind: 'raw', host: '::1', port: 4001 });
    expect(c.options).toEqual({ settings: {}, reconnect: false });
    expect(c.lingerMs).toBe(500);
    expect(c.events).toBe(false);
  });

  it.each([
    [['--baud', '9600'], 'TARGET is missing'],
    [['tcp://h:1', 'tcp://h:2'], 'one TARGET expected'],
    [['tcp://h:1', '--baud', '0'], '--baud must be a whole number from 1 to 16000000, not "0"'],
    [['tcp://h:1', '--data-bits', '9'], '--data-bits must be one of 5|6|7|8, not "9"'],
    [['tcp://h:1', '--stop-bits', '3'], '--stop-bits must be one of 1|1.5|2'],
    [['tcp://h:1', '--dtr', 'yes'], '--dtr must be one of on|off'],
    [['tcp://h:1', '--flow', 'dsr'], '--flow must be one of none|xonxoff|rtscts'],
    [['tcp://h:1', '--logfile', 'x'], 'unknown option --logfile'],
    [['tcp://h:99999'], 'port must be 1..65535'],
  ])('%j is bad usage: %s', (args, message) => {
    expect(() => parseConnectArgs(args)).toThrow(UsageError);
    expect(() => parseConnectArgs(args)).toThrow(message);
  });
});
