// The page's default correlation sweep, timed from the click to "Finished" in
// headless Chromium at #workers=1 and #workers=2, alternating (`rounds` each),
// so the ratio holds when the machine drifts. Prints one line per run and a
// JSON summary. Used by scripts/bench.sh:  node bench-sweep.mjs [rounds]
// One sweep at N workers (for farm-bench to pair, whole processes in turn):
//   node bench-sweep.mjs --one N
import { start, ready } from './harness.mjs';

/** Seconds from the click on "Run sweep" to "Finished", at `workers` workers. */
async function sweepSeconds(lab, workers) {
  const { page } = await lab.open(`#lang=en&sweep=correlation&workers=${workers}&autoplay=0`);
  await ready(page);
  const started = Date.now();
  await page.click('#sweep-start');
  await page.waitForFunction(() => /Finished/.test(document.getElementById('sweep-status').textContent), null, { timeout: 600000 });
  const seconds = (Date.now() - started) / 1000;
  await page.close();
  return seconds;
}

const one = process.argv[2] === '--one';
const rounds = one ? 1 : Number(process.argv[2] ?? 1);
const lab = await start();
const times = { 1: [], 2: [] };
try {
  if (one) {
    const workers = Number(process.argv[3] ?? 1);
    console.log(`workers=${workers} ${(await sweepSeconds(lab, workers)).toFixed(1)} s`);
  }
  for (let r = 0; r < rounds && !one; r++) {
    for (const workers of [1, 2]) {
      times[workers].push(await sweepSeconds(lab, workers));
      console.error(`  workers=${workers}: ${times[workers].at(-1).toFixed(1)} s`);
    }
  }
} finally {
  await lab.close();
}
if (one) process.exit(0);
const median = (v) => [...v].sort((a, b) => a - b)[Math.floor((v.length - 1) / 2)];
console.log(JSON.stringify({ workers1: median(times[1]), workers2: median(times[2]), ratio: median(times[2]) / median(times[1]), rounds }));
