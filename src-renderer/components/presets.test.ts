import { describe, expect, it } from 'vitest';
import { ciscoPort, dialogName, dialogTarget, MAX_CISCO_LINE, type DialogFields } from './presets.js';

const fields = (p: Partial<DialogFields>): DialogFields => ({ kind: 'rfc2217', host: '', port: '', line: '', ciscoMode: 'telnet', serialPath: '', ...p });

describe('Cisco line presets', () => {
  it('puts line N on 2000+N telnet, 4000+N raw, 6000+N binary telnet', () => {
    expect([ciscoPort(3, 'telnet'), ciscoPort(3, 'raw'), ciscoPort(3, 'binary-telnet')]).toEqual([2003, 4003, 6003]);
  });

  it('makes telnet targets for telnet and binary telnet, raw TCP for raw', () => {
    const t = (ciscoMode: DialogFields['ciscoMode']) => dialogTarget(fields({ kind: 'cisco', host: '10.0.0.5', line: '17', ciscoMode }));
    expect(t('telnet')).toEqual({ ok: true, target: { kind: 'telnet', host: '10.0.0.5', port: 2017 } });
    expect(t('raw')).toEqual({ ok: true, target: { kind: 'raw', host: '10.0.0.5', port: 4017 } });
    expect(t('binary-telnet')).toEqual({ ok: true, target: { kind: 'telnet', host: '10.0.0.5', port: 6017 } });
  });

  it('rejects a line number that is not 0..MAX_CISCO_LINE, naming the field', () => {
    for (const line of ['', 'x', '-1', '2.5', String(MAX_CISCO_LINE + 1)]) {
      const r = dialogTarget(fields({ kind: 'cisco', host: 'ts1', line }));
      expect(r).toMatchObject({ ok: false, field: 'line' });
    }
  });

  it('names a Cisco tab after host and line', () => {
    const f = fields({ kind: 'cisco', host: 'ts1', line: ' 5 ' });
    const r = dialogTarget(f);
    expect(r.ok && dialogName(f, r.target)).toBe('ts1 line 5');
  });
});

describe('dialogTarget', () => {
  it('builds network targets from host and port', () => {
    expect(dialogTarget(fields({ kind: 'raw', host: ' 127.0.0.1 ', port: '7002' }))).toEqual({ ok: true, target: { kind: 'raw', host: '127.0.0.1', port: 7002 } });
  });

  it('says what to fix: empty host, a space in the host, a port outside 1..65535', () => {
    expect(dialogTarget(fields({ port: '7001' }))).toMatchObject({ ok: false, field: 'host', message: 'host is empty' });
    expect(dialogTarget(fields({ host: 'a b', port: '7001' }))).toMatchObject({ ok: false, field: 'host' });
    expect(dialogTarget(fields({ host: 'h:7001', port: '7001' }))).toEqual({ ok: false, field: 'host', message: 'Host: write the port in the Port field' });
    expect(dialogTarget(fields({ host: 'telnet://h', port: '23' }))).toEqual({ ok: false, field: 'host', message: 'Host: a host name or address, not a URL' });
    expect(dialogTarget(fields({ host: '::1', port: '7001' }))).toEqual({ ok: true, target: { kind: 'rfc2217', host: '::1', port: 7001 } });
    for (const port of ['0', '65536', 'abc', '']) expect(dialogTarget(fields({ host: 'h', port }))).toMatchObject({ ok: false, field: 'port' });
  });

  it('builds a serial target from the picked port, and asks for one when none is picked', () => {
    expect(dialogTarget(fields({ kind: 'serial', serialPath: '/dev/ttyUSB0' }))).toEqual({ ok: true, target: { kind: 'serial', path: '/dev/ttyUSB0' } });
    expect(dialogTarget(fields({ kind: 'serial' }))).toMatchObject({ ok: false, field: 'serialPath' });
  });
});
