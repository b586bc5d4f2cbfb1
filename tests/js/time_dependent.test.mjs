// The time-dependent exposure commands against R (tests/golden/timedep.json, gen_timedep.R):
// km --exposure-time (Simon-Makuch curves: survfit on tmerge's split), cox --exposure-time
// (coxph on tmerge's split), cox --entry (coxph(Surv(start, stop, event) ~ ...)) and landmark. Landmark: the Stanford heart transplant data (survival's jasa with the
// timedep vignette's fixes) and the synthetic infant cohort of tests/golden/timedep.json, whose
// "landmark" results R computed (gen_timedep.R: subset time > L, exposed = exposure <= L,
// time - L; survdiff and summary(survfit(...), times)). Native CLI and its WASM build alike.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { root, runCli } from './helpers.mjs';

const golden = JSON.parse(readFileSync(join(root, 'tests/golden/timedep.json'), 'utf8'));
const dir = mkdtempSync(join(tmpdir(), 'infant-all-landmark-'));
const close = (got, want, tol, what) =>
  assert.ok(Math.abs(got - want) <= tol * Math.max(1, Math.abs(want)), `${what}: ${got} vs ${want}`);

function csvOf(c) {
  const lines = ['id,time,status,exposure'];
  c.time.forEach((t, i) => lines.push(`${i + 1},${t},${c.status[i]},${c.exposure[i] ?? ''}`));
  const path = join(dir, `${c.name}.csv`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

const cases = [golden.landmark[0], { name: 'cohort', ...golden.cohort.landmark }];

for (const which of ['native', 'wasm']) {
  for (const c of cases) {
    test(`${which}: landmark on ${c.name} agrees with R at ${c.landmarks.join(', ')}`, () => {
      assert.ok(c.results && c.results.length === c.landmarks.length, `golden ${c.name}`);
      const r = runCli(which, ['landmark', '--csv', csvOf(c), '--time', 'time', '--event', 'status',
        '--exposure-time', 'exposure', '--at', c.landmarks.join(','), '--times', c.times.join(',')]);
      assert.equal(r.status, 0, r.stderr);
      const out = JSON.parse(r.stdout);
      assert.equal(out.landmarks.length, c.landmarks.length);
      c.results.forEach((want, k) => {
        const got = out.landmarks[k];
        assert.equal(got.landmark, want.landmark);
        assert.equal(got.n, want.rows.length, `n at ${want.landmark}`);
        assert.equal(got.n_exposed, want.exposed.reduce((a, b) => a + b, 0));
        const sd = want.survdiff;
        close(got.logrank.chisq, sd.chisq, 1e-9, `chisq at ${want.landmark}`);
        close(got.logrank.p, sd.p, 1e-9, `p at ${want.landmark}`);
        assert.deepEqual(got.logrank.n, sd.n);
        sd.expected.forEach((e, g) => close(got.logrank.exp[g], e, 1e-9, 'expected'));
        // coxph(Surv(time - L, status) ~ exposed), Efron: iterative, so 1e-6.
        for (const f of ['coef', 'se', 'hr', 'lower', 'upper', 'p', 'score']) {
          close(got.cox[f], want.cox[f], 1e-6, `cox ${f} at ${want.landmark}`);
        }
        for (const wc of want.curves) {
          const gc = got.curves.find((x) => x.group === wc.group);
          assert.ok(gc, `curve ${wc.group}`);
          assert.equal(gc.n, wc.n);
          wc.time.forEach((t, i) => {
            const at = gc.at_times.find((a) => a.time === t);
            assert.ok(at, `S(${t})`);
            close(at.surv, wc.surv[i], 1e-12, `S(${t}) group ${wc.group}`);
            close(at.std_err, wc.std_err[i], 1e-9, `SE(${t}) group ${wc.group}`);
            assert.equal(at.n_risk, wc.n_risk[i]);
          });
        }
      });
      // Every row accounted for: used at the first landmark, ended before it, or excluded.
      assert.equal(out.n + out.n_excluded, c.time.length);
    });
  }

  test(`${which}: km --exposure-time gives R's Simon-Makuch curves on the infant cohort`, () => {
    const c = golden.cohort;
    const sm = c.simon_makuch;
    const r = runCli(which, ['km', '--csv', csvOf({ name: 'sm', ...c.input }), '--time', 'time',
      '--event', 'status', '--exposure-time', 'exposure', '--times', sm.times.join(',')]);
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    // tmerge's split: 300 subjects, 41 cut in two -> 341 intervals (R's start/stop rows).
    assert.equal(out.curves.reduce((a, g) => a + g.n, 0), sm.start.length);
    assert.deepEqual(out.exposure.notes.map((n) => n.kind).sort(), ['after_end', 'at_end']);
    for (const want of sm.curves) {
      const got = out.curves.find((g) => g.group === want.group);
      assert.ok(got, `curve ${want.group}`);
      assert.deepEqual(got.time, want.time);
      assert.deepEqual(got.n_risk, want.n_risk);
      assert.deepEqual(got.n_event, want.n_event);
      assert.deepEqual(got.n_censor, want.n_censor);
      want.surv.forEach((s, i) => {
        close(got.surv[i], s, 1e-12, `S ${want.group}[${i}]`);
        close(got.std_err[i], want.std_err[i], 1e-9, `SE ${want.group}[${i}]`);
        if (want.lower[i] !== null) close(got.lower[i], want.lower[i], 1e-9, 'lower');
      });
      close(got.median, want.median, 0, `median ${want.group}`);
    }
  });

  test(`${which}: logrank --entry and --exposure-time give the Mantel-Byar test`, () => {
    // Stanford heart data as (start, stop] rows: R's coxph(..., ties = "exact") score test.
    const mb = golden.mantel_byar;
    const heart = join(dir, 'heart.csv');
    writeFileSync(heart, `start,stop,event,transplant\n${mb.start.map((s, i) =>
      `${s},${mb.stop[i]},${mb.event[i]},${mb.transplant[i]}`).join('\n')}\n`);
    const r = runCli(which, ['logrank', '--csv', heart, '--time', 'stop', '--event', 'event',
      '--entry', 'start', '--group', 'transplant']);
    assert.equal(r.status, 0, r.stderr);
    const exact = mb.tests.find((t) => t.ties === 'exact');
    close(JSON.parse(r.stdout).chisq, exact.stat, 1e-9, 'Mantel-Byar heart');
    // One row per infant with its transplant time: the engine's split gives what the test on
    // R's tmerge rows gives (tests/golden/timedep.json cohort.simon_makuch holds those rows).
    const sm = golden.cohort.simon_makuch;
    const split = join(dir, 'split.csv');
    writeFileSync(split, `start,stop,event,exposed\n${sm.start.map((s, i) =>
      `${s},${sm.stop[i]},${sm.event[i]},${sm.group[i]}`).join('\n')}\n`);
    const onR = JSON.parse(runCli(which, ['logrank', '--csv', split, '--time', 'stop', '--event',
      'event', '--entry', 'start', '--group', 'exposed']).stdout);
    const ours = JSON.parse(runCli(which, ['logrank', '--csv', csvOf({ name: 'mb', ...golden.cohort.input }),
      '--time', 'time', '--event', 'status', '--exposure-time', 'exposure']).stdout);
    close(ours.chisq, onR.chisq, 1e-12, 'Mantel-Byar cohort');
    assert.deepEqual(ours.obs, onR.obs);
    assert.equal(ours.exposure.n_split, sm.start.filter((s) => s > 0).length);
  });

  test(`${which}: --naive groups by ever exposed from time 0, as the biased comparison does`, () => {
    // R 4.2, survival 3.5.3, on golden.cohort.input written as time,status,exposure:
    //   survdiff(Surv(time, status) ~ !is.na(exposure), d)$chisq = 0.61180894921163431,
    //   $obs = 165 27, $exp = 161.023760622528727 30.976239377471153
    const path = csvOf({ name: 'naive', ...golden.cohort.input });
    const r = runCli(which, ['logrank', '--csv', path, '--time', 'time', '--event', 'status',
      '--exposure-time', 'exposure', '--naive']);
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    close(out.chisq, 0.61180894921163431, 1e-10, 'naive chisq');
    assert.deepEqual(out.obs, [165, 27]);
    close(out.exp[1], 30.976239377471153, 1e-10, 'naive expected');
    assert.equal(out.exposure.naive, true);
    const km = JSON.parse(runCli(which, ['km', '--csv', path, '--time', 'time', '--event', 'status',
      '--exposure-time', 'exposure', '--naive']).stdout);
    assert.deepEqual(km.curves.map((c) => c.n), out.n);
  });

  test(`${which}: --subset risk_group=HR with an exposure date equals the analysis of the HR rows alone`, () => {
    // The demo cohort (its hsct_date column) and the same file cut to the rows the classifier
    // puts in HR: the subset must take each row's own transplant date, not another row's.
    const demo = join(dir, 'demo.csv');
    execFileSync(process.execPath, [join(root, 'scripts/make-demo-cohort.mjs'), demo]);
    const lines = readFileSync(demo, 'utf8').trimEnd().split('\n');
    const cls = JSON.parse(runCli(which, ['classify', '--csv', demo]).stdout);
    const hr = cls.rows.filter((r) => r.group === 'HR').map((r) => r.row);
    const only = join(dir, 'demo_hr.csv');
    writeFileSync(only, `${[lines[0], ...hr.map((r) => lines[r])].join('\n')}\n`);
    for (const cmd of [['logrank'], ['km'], ['landmark', '--at', '0.5,1']]) {
      const args = [...cmd, '--endpoint', 'os', '--exposure-date', 'hsct_date'];
      const sub = JSON.parse(runCli(which, [args[0], '--csv', demo, ...args.slice(1), '--subset', 'risk_group=HR']).stdout);
      const ref = JSON.parse(runCli(which, [args[0], '--csv', only, ...args.slice(1)]).stdout);
      assert.equal(sub.subset.n_in, hr.length);
      for (const key of ['chisq', 'obs', 'curves', 'landmarks']) {
        if (key in ref) assert.deepEqual(sub[key], ref[key], `${cmd[0]} ${key}`);
      }
      if (ref.exposure) assert.equal(sub.exposure.n_exposed, ref.exposure.n_exposed);
    }
  });

  // A coxph fit as the cox JSON reports it; `names` maps the engine's term names to R's.
  const checkCox = (out, want, names = {}) => {
    const e = want.expected;
    assert.equal(out.n, e.n);
    assert.equal(out.events, e.nevent);
    assert.equal(out.iterations, e.iterations);
    assert.deepEqual(out.terms.map((t) => names[t.name] ?? t.name), e.names);
    out.terms.forEach((t, i) => {
      close(t.coef, e.coef[i], 1e-6, `coef ${t.name}`);
      close(t.se, e.se[i], 1e-6, `se ${t.name}`);
    });
    e.loglik.forEach((l, i) => close(out.loglik[i], l, 1e-6, `loglik[${i}]`));
    for (const k of ['lr', 'wald', 'score']) {
      close(out.tests[k].stat, e[k].stat, 1e-6, `${k} test`);
      assert.equal(out.tests[k].df, e[k].df);
    }
    close(out.concordance, e.concordance, 1e-6, 'concordance');
    close(out.concordance_se, e.concordance_se, 1e-6, 'concordance SE');
  };

  for (const want of golden.cohort.cox) {
    test(`${which}: cox --exposure-time gives R's counting-process fit ${want.name}`, () => {
      const c = golden.cohort;
      const path = join(dir, 'cohort_cox.csv');
      const lines = ['id,time,status,exposure,high,age'];
      c.input.time.forEach((t, i) => lines.push([c.input.id[i], t, c.input.status[i],
        c.input.exposure[i] ?? '', c.input.high[i], c.input.age[i]].join(',')));
      writeFileSync(path, `${lines.join('\n')}\n`);
      // R's model: coxph(Surv(tstart, tstop, death) ~ trans + high + age) on tmerge's split.
      assert.deepEqual(want.covariates.map((v) => v.name), ['trans', 'high', 'age']);
      const r = runCli(which, ['cox', '--csv', path, '--time', 'time', '--event', 'status',
        '--exposure-time', 'exposure', '--covariates', 'high,age', '--ties', want.ties]);
      assert.equal(r.status, 0, r.stderr);
      const out = JSON.parse(r.stdout);
      checkCox(out, want, { exposed: 'trans' });
      assert.equal(out.exposure.n_split, 41);
    });
  }

  for (const want of golden.cox) {
    test(`${which}: cox --entry gives R's coxph(Surv(start, stop, event)) ${want.name}`, () => {
      const covs = want.covariates;
      const strata = want.strata && want.strata.length ? want.strata : null;
      const lines = [['start', 'stop', 'event', ...covs.map((v) => v.name),
        ...(strata ? ['s'] : [])].join(',')];
      want.start.forEach((st, i) => lines.push([st, want.stop[i], want.event[i],
        ...covs.map((v) => v.values[i]), ...(strata ? [strata[i]] : [])].join(',')));
      const path = join(dir, `${want.name}.csv`);
      writeFileSync(path, `${lines.join('\n')}\n`);
      const r = runCli(which, ['cox', '--csv', path, '--time', 'stop', '--event', 'event',
        '--entry', 'start', '--covariates', covs.map((v) => v.name).join(','),
        '--ties', want.ties, ...(strata ? ['--strata', 's'] : [])]);
      assert.equal(r.status, 0, r.stderr);
      checkCox(JSON.parse(r.stdout), want);
    });
  }

  test(`${which}: cox --entry with the transplant alone gives R's Mantel-Byar score tests`, () => {
    const mb = golden.mantel_byar;
    const lines = ['start,stop,event,transplant'];
    mb.start.forEach((st, i) => lines.push([st, mb.stop[i], mb.event[i], mb.transplant[i]].join(',')));
    const path = join(dir, 'mantel_byar.csv');
    writeFileSync(path, `${lines.join('\n')}\n`);
    for (const want of mb.tests.filter((x) => x.ties !== 'exact')) {
      const r = runCli(which, ['cox', '--csv', path, '--time', 'stop', '--event', 'event',
        '--entry', 'start', '--covariates', 'transplant', '--ties', want.ties]);
      assert.equal(r.status, 0, r.stderr);
      const out = JSON.parse(r.stdout);
      close(out.tests.score.stat, want.stat, 1e-9, `score (${want.ties})`);
      close(out.tests.score.p, want.p, 1e-9, `score p (${want.ties})`);
    }
  });

  test(`${which}: cox --exposure-time alone fits the exposure; refuses it with --entry`, () => {
    const c = golden.cohort;
    const path = csvOf({ name: 'cohort_alone', ...c.input });
    let r = runCli(which, ['cox', '--csv', path, '--time', 'time', '--event', 'status',
      '--exposure-time', 'exposure']);
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(out.terms.map((t) => t.name), ['exposed']);
    assert.equal(out.n, c.split.output.row.length);
    assert.equal(out.tests.score.df, 1);
    r = runCli(which, ['cox', '--csv', path, '--time', 'time', '--event', 'status',
      '--exposure-time', 'exposure', '--entry', 'time']);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /not with --entry/);
  });

  test(`${which}: landmark refuses a missing --at and a numeric --exposure-date`, () => {
    const path = csvOf(cases[0]);
    let r = runCli(which, ['landmark', '--csv', path, '--time', 'time', '--event', 'status',
      '--exposure-time', 'exposure']);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /--at/);
    r = runCli(which, ['landmark', '--csv', path, '--time', 'time', '--event', 'status', '--at', '30']);
    assert.match(r.stderr, /--exposure-time .* or --exposure-date/);
  });
}
