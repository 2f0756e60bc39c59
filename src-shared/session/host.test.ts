import { describe, expect, it } from 'vitest';
import { profileSchema } from '../ipc/profile.js';
import { hostProblem, parseTarget } from './target.js';

const PORT_MESSAGE = 'Host: write the port in the Port field';
const URL_MESSAGE = 'Host: a host name or address, not a URL';

describe('hostProblem (the Host field of a profile, the editor and the new-session dialog)', () => {
  it('accepts host names, IPv4 and bracketless IPv6 addresses (with a zone)', () => {
    for (const h of ['localhost', 'ts1', 'ts1.example.net', 'ts1.example.net.', 'my_host-2', '10.0.0.5', '127.0.0.1', '::1', '::', 'fe80::1', 'fe80::1%eth0', '2001:db8::8a2e:370:7334', '::ffff:192.0.2.1', '2001:0db8:0000:0000:0000:0000:0000:0001', 'bücher.example']) {
      expect(hostProblem(h), h).toBeUndefined();
    }
  });

  it('says to write the port in the Port field for host:port, [v6]:port and v4:port', () => {
    for (const h of ['127.0.0.1:17001', 'ts1:7001', 'ts1.example.net:23', '[::1]:7001', '[fe80::1%eth0]:7001']) expect(hostProblem(h), h).toBe(PORT_MESSAGE);
  });

  it('says a URL is not a host', () => {
    for (const h of ['rfc2217://127.0.0.1', 'rfc2217://127.0.0.1:7001', 'telnet://ts1', 'http://x/', 'tcp://[::1]:1']) expect(hostProblem(h), h).toBe(URL_MESSAGE);
  });

  it('refuses anything else with a message naming the field', () => {
    for (const h of ['a b', 'ts1/7001', '[::1]', ':::1', '1::2::3', 'fe80::1%', '-ts1', 'ts1..net', 'a:b:c', 'x'.repeat(64), '300.1.1.1', '1.2.3']) {
      expect(hostProblem(h), h).toMatch(/^Host: /);
    }
  });

  it('the profile schema refuses such a host at target.host with the same message', () => {
    const r = profileSchema.safeParse({ name: 'x', target: { kind: 'rfc2217', host: '127.0.0.1:17001', port: 17001 } });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]).toMatchObject({ path: ['target', 'host'], message: PORT_MESSAGE });
    const c = profileSchema.safeParse({ name: 'x', target: { kind: 'cisco-line', host: 'rfc2217://ts1', line: 3, mode: 'raw' } });
    expect(c.error?.issues[0]).toMatchObject({ path: ['target', 'host'], message: URL_MESSAGE });
    expect(profileSchema.safeParse({ name: 'x', target: { kind: 'telnet', host: ' fe80::1 ', port: 23 } }).data?.target).toEqual({ kind: 'telnet', host: 'fe80::1', port: 23 });
  });
});

describe('parseTarget (quick connect, the command line) takes the same hosts', () => {
  it('refuses a space or a malformed address in the host, keeps names, IPv4 and bracketed IPv6', () => {
    expect(() => parseTarget('rfc2217://a b:1')).toThrow(/the host: has a space in it/);
    expect(() => parseTarget('tcp://999.1.1.1:23')).toThrow(/the host: not an IPv4 address/);
    expect(() => parseTarget('telnet://[zz::1]:23')).toThrow(/the host: not an IPv6 address/);
    expect(parseTarget('rfc2217://ts-1.lab_net:7001')).toEqual({ kind: 'rfc2217', host: 'ts-1.lab_net', port: 7001 });
    expect(parseTarget('tcp://10.0.0.5:4001')).toEqual({ kind: 'raw', host: '10.0.0.5', port: 4001 });
    expect(parseTarget('rfc2217s://[fe80::1]:7001')).toEqual({ kind: 'rfc2217', host: 'fe80::1', port: 7001, tls: true });
  });
});
