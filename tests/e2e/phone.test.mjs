// The lab on a phone (390 × 844 CSS px, a student's usual screen): no
// horizontal overflow in any scenario (wide tables scroll in their own boxes),
// every control at least 40 px tall to touch, and a guided lab opened from a
// link shows its question and its Run button on the first screen. Screenshots
// of each are saved.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ready, start } from './harness.mjs';

const PHONE = { width: 390, height: 844 };
/** The smallest touch target the controls get (CSS px). */
const TOUCH = 40;

let lab;
before(async () => {
  lab = await start();
});
after(async () => {
  await lab?.close();
});

/** What sticks out sideways: the page's width past the viewport, and the widest offenders. */
const overflowOf = (page) => page.evaluate(() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll('body *')]
    .filter((el) => el.offsetParent !== null && el.getBoundingClientRect().right > width + 0.5 && !el.closest('.table-scroll'))
    .slice(0, 5)
    .map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${[...el.classList].join('.')} → ${Math.round(el.getBoundingClientRect().right)}`);
  return { scroll: document.documentElement.scrollWidth - width, wide };
});

/** The visible controls whose touch target (the control, or the label around a box or radio) is under `min` px tall. */
const smallControls = (page, min) => page.evaluate((least) => {
  const targets = [...document.querySelectorAll('button, select, input, a.guide-link, summary')].filter((el) => el.offsetParent !== null && el.type !== 'hidden');
  return targets
    .map((el) => {
      const target = (el.type === 'checkbox' || el.type === 'radio') && el.closest('label') ? el.closest('label') : el;
      return { what: `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.type ? `[${el.type}]` : ''}`, height: target.getBoundingClientRect().height };
    })
    .filter((c) => c.height < least - 0.5)
    .map((c) => `${c.what} ${c.height.toFixed(1)} px`);
}, min);

for (const scenario of ['tasks', 'funnel', 'watch', 'data']) {
  test(`on a phone (390 × 844), the ${scenario} lab has no horizontal overflow and every control is at least 40 px tall`, async () => {
    const { page, errors } = await lab.open(`#lang=en&scenario=${scenario}&autoplay=0`, { viewport: PHONE });
    if (scenario === 'data') await page.waitForSelector('#data-panel:not([hidden])');
    else await ready(page);
    await page.waitForTimeout(300);
    await lab.shot(page, `phone-${scenario}`);
    const { scroll, wide } = await overflowOf(page);
    assert.ok(scroll <= 0, `the page is ${scroll} px wider than the screen: ${wide.join('; ')}`);
    assert.deepEqual(await smallControls(page, TOUCH), [], 'controls under 40 px');
    assert.deepEqual(errors, []);
    await page.close();
  });
}

for (const lang of ['en', 'zh']) {
  test(`on a phone, a guided lab opened from its link shows its question and its Run button on the first screen (${lang})`, async () => {
    const { page, errors } = await lab.open(`#guide=gates&lang=${lang}`, { viewport: PHONE });
    await ready(page);
    await page.waitForSelector('#guide-run');
    await page.screenshot({ path: `${lab.shots}/phone-guide-${lang}.png` }); // the first screen, as the student sees it
    const { question, run } = await page.evaluate(() => ({
      question: document.querySelector('.guide-question').getBoundingClientRect().toJSON(),
      run: document.getElementById('guide-run').getBoundingClientRect().toJSON(),
      scrollY: window.scrollY,
    }));
    assert.ok(question.top >= 0 && question.top < PHONE.height, `the question starts on the first screen (top ${question.top})`);
    assert.ok(run.bottom <= PHONE.height, `the Run button is on the first screen (bottom ${run.bottom})`);
    assert.ok(run.height >= TOUCH, `Run is ${run.height} px tall`);
    const { scroll, wide } = await overflowOf(page);
    assert.ok(scroll <= 0, `the page is ${scroll} px wider than the screen: ${wide.join('; ')}`);
    assert.deepEqual(errors, []);
    await page.close();
  });
}
