// The served page loads the real wasm build and trains when asked.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start } from './harness.mjs';

let lab;
before(async () => {
  lab = await start();
});
after(async () => {
  await lab?.close();
});

test('the page loads the wasm core with no console errors', async () => {
  const { page, errors } = await lab.open();
  await page.waitForSelector('#play:not([disabled])', { timeout: 20000 });
  assert.deepEqual(errors, []);
  await page.close();
});

test('pressing play advances the step counter and the loss falls', async () => {
  const { page, errors } = await lab.open();
  await page.waitForSelector('#play:not([disabled])', { timeout: 20000 });
  const lossOf = async () => Number(await page.locator('#losses tbody tr:last-child td:nth-child(2)').textContent());
  const before = await lossOf();
  await page.click('#play');
  await page.waitForFunction(() => Number(document.getElementById('step').textContent) >= 300, null, { timeout: 30000 });
  await page.click('#play');
  const after = await lossOf();
  assert.ok(after < before, `MMoE task A test loss should fall: ${before} → ${after}`);
  await lab.shot(page, 'placeholder');
  assert.deepEqual(errors, []);
  await page.close();
});
