// The page's default correlation sweep, timed from the click to "Finished" in
// headless Chromium at #workers=1 and #workers=2, alternating (`rounds` each),
// so the ratio holds when the machine drifts. Prints one line per run and a
// JSON summary. Used by scripts/bench.sh:  node bench-sweep.mjs [rounds]
import { start, ready } from './harness.mjs';

const rounds = Number(process.argv[2] ?? 1);
const lab = await start();
const times = { 1: [], 2: [] };
try {
  for (let r = 0; r < rounds; r++) {
    for (const workers of [1, 2]) {
      const { page } = await lab.open(`#lang=en&sweep=correlation&workers=${workers}&autoplay=0`);
      await ready(page);
      const started = Date.now();
      await page.click('#sweep-start');
      await page.waitForFunction(() => /Finished/.test(document.getElementById('sweep-status').textContent), null, { timeout: 600000 });
      times[workers].push((Date.now() - started) / 1000);
      console.error(`  workers=${workers}: ${times[workers].at(-1).toFixed(1)} s`);
      await page.close();
    }
  }
} finally {
  await lab.close();
}
const median = (v) => [...v].sort((a, b) => a - b)[Math.floor((v.length - 1) / 2)];
console.log(JSON.stringify({ workers1: median(times[1]), workers2: median(times[2]), ratio: median(times[2]) / median(times[1]), rounds }));
