// The page asks once: loading the demo cohort and drawing its whole first screen (preview, risk
// groups, EFS and OS with log-rank, cumulative incidence, characteristics, Cox) sends the engine
// one command - an analyze request whose parts are the single commands - besides reading the
// file. Counted on the way to the engine's worker (every message the page posts to a Worker),
// so a module that asked the engine by another path would be counted too.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertClean, cohortQuiet, demoSuite, openPage } from './cohort-helpers.mjs';

const suite = demoSuite('infant-all-requests-');

// Runs before the page's scripts: records the method of every call posted to a worker, and for
// runCommand the command and, for analyze, its parts' names.
function countCalls() {
  window.__engineCalls = [];
  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function postMessage(msg, ...rest) {
    if (msg && msg.type === 'call') {
      let entry = { method: msg.method };
      if (msg.method === 'runCommand') {
        const request = JSON.parse(msg.args[0]);
        entry = { method: msg.method, command: request.command, parts: request.parts ? Object.keys(request.parts) : null };
      }
      window.__engineCalls.push(entry);
    }
    return post.call(this, msg, ...rest);
  };
}

test('the demo\'s first screen is one engine command; Analyse is one more', async () => {
  const { context, rec, page } = await openPage(suite.browser, { init: countCalls });
  await page.click('#tab-cohort');
  await page.evaluate(() => { window.__engineCalls.length = 0; });
  await page.click('#cohort-demo');
  await page.locator('#cohort-cox-table').waitFor();
  await cohortQuiet(page);
  const calls = await page.evaluate(() => window.__engineCalls);
  assert.deepEqual(calls.map((c) => c.method), ['loadCsv', 'runCommand'], JSON.stringify(calls));
  const [, first] = calls;
  assert.equal(first.command, 'analyze');
  for (const part of ['preview', 'classify', 'km_efs', 'logrank_efs', 'km_os', 'logrank_os', 'cuminc', 'cox', 'crosstab_0']) {
    assert.ok(first.parts.includes(part), `${part} in ${first.parts}`);
  }
  // Everything those parts feed is on the screen.
  for (const id of ['#cohort-preview', '#cohort-class-counts', '#cohort-km-figure-efs', '#cohort-logrank-os', '#cohort-gray', '#cohort-xt-table']) {
    assert.equal(await page.locator(id).count(), 1, id);
  }
  // The counter sees a later action: Analyse asks once more, for both endpoints.
  await page.click('#cohort-analyse');
  await page.waitForFunction(() => window.__engineCalls.length > 2);
  await cohortQuiet(page);
  const after = await page.evaluate(() => window.__engineCalls.slice(2));
  assert.deepEqual(after.map((c) => [c.method, c.command]), [['runCommand', 'analyze']]);
  assertClean(rec);
  await context.close();
});
