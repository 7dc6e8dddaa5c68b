// Runs www/bench.html in headless Chromium and prints its results as JSON.
//   node tests/e2e/bench.mjs [runs] [steps]
import { start } from './harness.mjs';

export async function browserBench(lab, runs, steps) {
  const { page, errors } = await lab.open(`bench.html?runs=${runs}&steps=${steps}`);
  await page.waitForFunction(() => window.benchResults !== undefined, null, { timeout: 600000 });
  const results = await page.evaluate(() => window.benchResults);
  await page.close();
  if (results.error) throw new Error(results.error);
  if (errors.length) throw new Error(errors.join('\n'));
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const lab = await start();
  try {
    const [runs = 15, steps = 200] = process.argv.slice(2).map(Number);
    console.log(JSON.stringify(await browserBench(lab, runs, steps)));
  } finally {
    await lab.close();
  }
}
