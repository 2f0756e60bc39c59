// File transfer in the window (issue 13) against the demo modem's BBS (555-0101): download by ZMODEM via
// the auto-start offer and by YMODEM via Receive…, upload by a file dropped onto the pane and via Send…
// with a file in the transfer folder; the received files' SHA-256 equal the BBS's; keys typed mid-file
// are held back (the pane says so once); a cancel mid-file leaves the line usable (the BBS prompt answers).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, openApp, openDemoProfile, startServeProcess, terminalText, test } from './fixtures.js';
import { bbsReadmeSha, command, downloadReadmeByZmodemOffer, loginToBbs, sha256 } from './bbs.js';

test('demo BBS: ZMODEM and YMODEM downloads, uploads by drop and Send…, cancel mid-file', async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  const transferDir = mkdtempSync(join(tmpdir(), 'dialtone-transfers-'));
  const serve = await startServeProcess(['--transfer-dir', transferDir]);
  try {
    await openApp(page, serve);
    await openDemoProfile(page);
    await loginToBbs(page);

    // a text log records the transfers as event lines, not their bytes
    await page.getByTestId('panel-log').click();
    await page.getByTestId('log-format').selectOption('text');
    await page.getByTestId('log-start').click();
    const logStatus = page.getByTestId('log-status');
    await expect(logStatus).toHaveAttribute('data-active', 'true');
    const logFile = join(serve.logDir, (await logStatus.getAttribute('data-file'))!);

    const readmeSha = await bbsReadmeSha(page);

    // 1. ZMODEM download through the auto-start offer
    const bar = page.getByTestId('transfer-bar');
    await downloadReadmeByZmodemOffer(page, async () => {
      await expect(bar).toHaveAttribute('data-state', 'running');
      await page.screenshot({ path: testInfo.outputPath('transfer-zmodem-running.png') });
    });
    await expect(page.getByTestId('transfer-numbers')).toContainText('8.0 KiB / 8.0 KiB');
    await page.screenshot({ path: testInfo.outputPath('transfer-zmodem-done.png') });
    expect(sha256(readFileSync(join(transferDir, 'README.TXT')))).toBe(readmeSha);
    await expect.poll(() => terminalText(page)).toMatch(/README\.TXT sent\.\s*> $/m);
    // the offer's bytes were not printed
    expect(await terminalText(page)).not.toMatch(/B0{6}|\*\*/);

    // 2. YMODEM download via Receive… (never over the first: README-2.TXT)
    await command(page, 'download ymodem', 'Start your receiver now.');
    await page.getByTestId('transfer-dismiss').click();
    await page.getByTestId('pane-menu').click();
    await page.getByTestId('pane-transfer-receive').click();
    await page.getByTestId('transfer-protocol').selectOption('ymodem');
    await page.getByTestId('transfer-dialog-start').click();
    await expect(bar).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
    await expect(page.getByTestId('transfer-message')).toContainText('saved README-2.TXT');
    expect(sha256(readFileSync(join(transferDir, 'README-2.TXT')))).toBe(readmeSha);

    // 3. upload by dropping a file onto the pane (YMODEM: the protocol last chosen)
    const dropped = randomBytes(5000);
    await command(page, 'upload ymodem', 'Start your sender now.');
    const dataTransfer = await page.evaluateHandle((bytes) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(bytes)], 'dropped.bin'));
      return dt;
    }, [...dropped]);
    await page.locator('.panes').dispatchEvent('dragover', { dataTransfer });
    await expect(page.getByTestId('transfer-drop-hint')).toContainText('Drop to send the file by YMODEM');
    await page.screenshot({ path: testInfo.outputPath('transfer-drop-hint.png') });
    await page.locator('.panes').dispatchEvent('drop', { dataTransfer });
    await expect(bar).toHaveAttribute('data-direction', 'send');
    await expect(bar).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
    await expect.poll(() => terminalText(page), { timeout: 30_000 }).toContain(`Received dropped.bin: 5000 bytes, sha256 ${sha256(dropped)}`);

    // 4. upload via Send… with a file in the transfer folder (ZMODEM)
    const upload = randomBytes(20_000);
    writeFileSync(join(transferDir, 'upload.bin'), upload);
    await command(page, 'upload zmodem', 'Start your sender now.');
    // the BBS's rz sends ZRINIT (**\x18B01...): not printed
    await page.getByTestId('pane-menu').click();
    await page.getByTestId('pane-transfer-send').click();
    await page.getByTestId('transfer-protocol').selectOption('zmodem');
    await page.getByTestId('transfer-file-name').fill('upload.bin');
    await page.screenshot({ path: testInfo.outputPath('transfer-send-dialog.png') });
    await page.getByTestId('transfer-dialog-start').click();
    await expect.poll(() => terminalText(page), { timeout: 60_000 }).toContain(`Received upload.bin: 20000 bytes, sha256 ${sha256(upload)}`);
    await expect(bar).toHaveAttribute('data-state', 'done');
    expect(await terminalText(page)).not.toMatch(/B0{6}|\*\*/);

    // 5. cancel mid-file: the line stays usable
    await command(page, 'download zmodem DIALTONE.ZIP');
    await page.getByTestId('confirm-accept').click();
    await expect(bar).toHaveAttribute('data-state', 'running');
    await expect.poll(async () => Number(/^([\d.]+) KiB/.exec((await page.getByTestId('transfer-numbers').textContent()) ?? '')?.[1] ?? 0), { timeout: 30_000 }).toBeGreaterThan(4);
    // a key typed into the pane mid-transfer would land in the stream: it is not sent, and the pane says why once
    await page.getByTestId('terminal').click();
    await page.keyboard.type('xy');
    await expect.poll(() => terminalText(page)).toContain('a file transfer runs on');
    expect((await terminalText(page)).split('a file transfer runs on').length).toBe(2);
    await page.screenshot({ path: testInfo.outputPath('transfer-cancel-running.png') });
    await page.getByTestId('transfer-cancel').click();
    await expect(bar).toHaveAttribute('data-state', 'cancelled', { timeout: 30_000 });
    // what the modem still had queued is drained by the receiver (the BBS's own "Download cancelled"
    // may go with it): the line answers the next command, and nothing of the file reaches the pane
    await command(page, 'help', 'Commands: help');
    expect(await terminalText(page)).not.toContain('\ufffd');
    await page.screenshot({ path: testInfo.outputPath('transfer-cancelled.png') });
    expect(readdirSync(transferDir).sort()).toEqual(['README-2.TXT', 'README.TXT', 'upload.bin']);

    await page.getByTestId('log-stop').click();
    await expect(logStatus).toHaveAttribute('data-active', 'false');
    const log = readFileSync(logFile, 'utf8');
    writeFileSync(testInfo.outputPath('session.log'), log);
    expect(log).toContain('transfer started: receive zmodem');
    expect(log).toMatch(/transfer done: receive zmodem[^\n]*saved README\.TXT/);
    expect(log).toMatch(/transfer done: send ymodem dropped\.bin \(5000 bytes\)/);
    expect(log).toMatch(/transfer cancelled: receive zmodem[^\n]*cancelled here/);
    // README.TXT's lines went to the file, not to the log; the BBS's text around them did
    expect(log).not.toContain('0001 Dialtone demo BBS');
    // the end line comes before what the BBS said after the end
    expect(log).toMatch(/transfer done: receive zmodem \(saved README\.TXT\)\n(?:.*\n)*?< README\.TXT sent\./);
  } finally {
    await serve.stop();
    rmSync(transferDir, { recursive: true, force: true });
  }
});
