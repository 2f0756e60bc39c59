// A TLS profile made in the profile editor (issue 15) against ser2net's TLS accepter on a socat pty pair:
// a duplicate of the demo profile is pointed at ser2net, put inside TLS, trusted by a CA file imported
// with the editor's file picker (a file that is not a certificate is refused first, with a notice), with
// the host-name check off (ser2net's CN localhost-ser2net); profiles.json says so and names the file in
// certs/; the profile connects, trusted by the CA (the status bar's lock), and carries bytes. A profile
// with a pin and a PKCS#12 client certificate to a clientauth ser2net asks the bundle's passphrase when
// it connects (Cancel opens nothing) and connects with it; the passphrase is in no file of the config.
import { execFileSync } from 'node:child_process';
import { createReadStream, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, openApp, test } from './fixtures.js';
import { startPtyPair, tempDir } from '../test/harness/peers.js';
import { makeCert, startSer2netTls } from '../test/harness/tls.js';

test.use({ demo: true });

test('TLS section: import a CA file, host-name check off, saved and used when the profile connects', async ({ page, dialtone }, testInfo) => {
  const dir = tempDir('dialtone-e2e-tls-profile-');
  const pair = await startPtyPair(dir.path);
  const server = makeCert(dir.path, 'ser2net', 'localhost-ser2net');
  const ser2net = await startSer2netTls(dir.path, pair.a, server);
  const far = createReadStream(pair.b);
  far.on('error', () => undefined);
  let got = '';
  far.on('data', (d) => (got += d.toString('latin1')));
  const bogus = join(dir.path, 'readme.crt');
  writeFileSync(bogus, 'not a certificate\n');
  try {
    await openApp(page, dialtone);
    await page.getByTestId('panel-profiles').click();
    await page.locator('[data-testid="profile-item"][data-profile-id="demo-modem"]').getByTestId('profile-duplicate').click();
    const copy = page.locator('[data-testid="profile-item"][data-profile-name="Demo modem (copy)"]');
    await copy.getByTestId('profile-edit').click();
    const editor = page.getByTestId('profile-editor');
    await editor.getByTestId('pe-name').fill('ser2net TLS');
    await editor.getByTestId('pe-port').fill(String(ser2net.port));
    await editor.getByTestId('pe-host').fill('127.0.0.1');
    await expect(editor.getByTestId('pe-tls-trust-tofu')).toHaveCount(0);
    await editor.getByTestId('pe-tls-enabled').check();
    await expect(editor.getByTestId('pe-tls-trust-tofu')).toHaveAttribute('aria-checked', 'true');
    await expect(editor.getByTestId('pe-target')).toHaveText(`rfc2217s://127.0.0.1:${ser2net.port}`);
    await editor.getByTestId('pe-tls-trust-ca').click();
    await expect(editor.getByTestId('pe-save')).toBeDisabled();
    await expect(editor.locator('[data-testid="pe-error"][data-field="tlsTrust"]')).toHaveText('choose or import a CA file');
    // a file that is not a certificate is refused by main
    await editor.getByTestId('pe-tls-ca-file').setInputFiles(bogus);
    await expect(page.getByTestId('notice-error')).toContainText('not a PEM certificate');
    await editor.getByTestId('pe-tls-ca-file').setInputFiles(server.cert);
    await expect(editor.getByTestId('pe-tls-ca')).toHaveValue('ser2net.crt');
    await expect(editor.getByTestId('pe-tls-check-hostname')).toBeChecked();
    await editor.getByTestId('pe-tls-check-hostname').uncheck();
    await editor.getByTestId('pe-tls-client-pem').click();
    await expect(editor.locator('[data-testid="pe-error"][data-field="tlsClient"]')).toBeVisible();
    await editor.getByTestId('pe-tls-client-none').click();
    await page.screenshot({ path: testInfo.outputPath('profile-editor-tls.png') });
    // the notices sit over the footer
    while ((await page.locator('.notice-close').count()) > 0) await page.locator('.notice-close').first().click();
    await editor.getByTestId('pe-save').click();
    await expect(editor).toHaveCount(0);

    const profiles = (JSON.parse(readFileSync(join(dialtone.configDir, 'profiles.json'), 'utf8')) as { profiles: Array<{ name: string; target: unknown; tls?: unknown }> }).profiles;
    expect(profiles.find((p) => p.name === 'ser2net TLS')).toMatchObject({
      target: { kind: 'rfc2217', host: '127.0.0.1', port: ser2net.port, tls: true },
      tls: { caName: 'ser2net.crt', checkHostname: false, minVersion: 'TLSv1.2' },
    });
    expect(readFileSync(join(dialtone.configDir, 'certs', 'ser2net.crt'), 'utf8')).toBe(readFileSync(server.cert, 'utf8'));

    await page.locator('[data-testid="profile-item"][data-profile-name="ser2net TLS"]').getByTestId('profile-connect').click();
    await expect(page.getByTestId('session-status').first()).toHaveAttribute('data-state', 'connected');
    await expect(page.getByTestId('status-tls')).toHaveAttribute('data-trust', 'ca');
    await page.getByTestId('terminal').click();
    await page.keyboard.type('via a CA profile');
    await expect.poll(() => got).toContain('via a CA profile');
  } finally {
    far.destroy();
    await ser2net.stop();
    await pair.stop();
    dir.remove();
  }
});

test('PKCS#12 client certificate: the passphrase is asked when the profile connects, asked again after a wrong one, and never stored', async ({ page, dialtone }) => {
  const dir = tempDir('dialtone-e2e-tls-p12-');
  const pair = await startPtyPair(dir.path);
  const server = makeCert(dir.path, 'ser2net', 'localhost-ser2net');
  const client = makeCert(dir.path, 'client', 'operator');
  const p12 = join(dir.path, 'operator.p12');
  execFileSync('openssl', ['pkcs12', '-export', '-in', client.cert, '-inkey', client.key, '-out', p12, '-passout', 'pass:Tr0ub4dor&3']);
  const ser2net = await startSer2netTls(dir.path, pair.a, server, { client: { cert: client, name: 'operator' } });
  const far = createReadStream(pair.b);
  far.on('error', () => undefined);
  let got = '';
  far.on('data', (d) => (got += d.toString('latin1')));
  try {
    await openApp(page, dialtone);
    await page.getByTestId('panel-profiles').click();
    await page.locator('[data-testid="profile-item"][data-profile-id="demo-modem"]').getByTestId('profile-duplicate').click();
    await page.locator('[data-testid="profile-item"][data-profile-name="Demo modem (copy)"]').getByTestId('profile-edit').click();
    const editor = page.getByTestId('profile-editor');
    await editor.getByTestId('pe-name').fill('ser2net p12');
    await editor.getByTestId('pe-host').fill('127.0.0.1');
    await editor.getByTestId('pe-port').fill(String(ser2net.port));
    await editor.getByTestId('pe-tls-enabled').check();
    await editor.getByTestId('pe-tls-trust-pin').click();
    await editor.getByTestId('pe-tls-pin').fill(server.fingerprint256);
    await editor.getByTestId('pe-tls-client-pfx').click();
    await editor.getByTestId('pe-tls-pfx-file').setInputFiles(p12);
    await expect(editor.getByTestId('pe-tls-pfx')).toHaveValue('operator.p12');
    while ((await page.locator('.notice-close').count()) > 0) await page.locator('.notice-close').first().click();
    await editor.getByTestId('pe-save').click();
    await expect(editor).toHaveCount(0);
    const item = page.locator('[data-testid="profile-item"][data-profile-name="ser2net p12"]');

    await item.getByTestId('profile-connect').click();
    await expect(page.getByTestId('passphrase-dialog')).toContainText('operator.p12');
    await page.getByTestId('passphrase-cancel').click();
    await expect(page.getByTestId('passphrase-dialog')).toHaveCount(0);
    await expect(page.getByTestId('tab-name')).toHaveCount(0); // nothing was opened

    // a wrong passphrase: the tab says why and stops; Connect asks again, and the right one connects
    await item.getByTestId('profile-connect').click();
    await page.getByTestId('passphrase-input').fill('wrong');
    await page.getByTestId('passphrase-input').press('Enter');
    await expect(page.getByTestId('session-status').first()).toHaveAttribute('data-state', 'disconnected');
    await expect(page.getByTestId('tab-name')).toHaveCount(1);
    await page.getByTestId('btn-connect').click();
    await expect(page.getByTestId('passphrase-dialog')).toContainText('operator.p12');
    await page.getByTestId('passphrase-input').fill('Tr0ub4dor&3');
    await page.getByTestId('passphrase-input').press('Enter');
    await expect(page.getByTestId('session-status').first()).toHaveAttribute('data-state', 'connected');
    await expect(page.getByTestId('tab-name')).toHaveCount(1); // in the same tab
    await expect(page.getByTestId('status-tls')).toHaveAttribute('data-trust', 'pin');
    await page.getByTestId('terminal').click();
    await page.keyboard.type('with PKCS#12');
    await expect.poll(() => got).toContain('with PKCS#12');
    for (const f of readdirSync(dialtone.configDir, { recursive: true, withFileTypes: true })) {
      if (f.isFile()) expect(readFileSync(join(f.parentPath, f.name)).includes('Tr0ub4dor'), f.name).toBe(false);
    }
  } finally {
    far.destroy();
    await ser2net.stop();
    await pair.stop();
    dir.remove();
  }
});
