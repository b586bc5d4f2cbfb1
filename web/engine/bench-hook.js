// infant-all.html#bench: the page as scripts/bench/run.mjs times it. With that URL
// fragment, and only then, window.infantAllBench lets the driver read a file through the page's
// own engine (Web Worker, hand-off included) and run one request, each timed here with
// performance.now(). It carries only the driver's own requests and timings; nothing is stored.
export function mountBenchHook(engine) {
  if (window.location.hash !== '#bench') return;
  const input = document.createElement('input');
  input.type = 'file';
  input.id = 'bench-file';
  input.hidden = true;
  input.setAttribute('aria-hidden', 'true');
  document.body.append(input);
  window.infantAllBench = {
    // performance.now() when the engine answered: ms since navigation started.
    ready: engine.load().then(() => performance.now()),
    // Reads the file chosen in #bench-file: bytes off the disk, then the engine's parse.
    async loadSelected() {
      const t0 = performance.now();
      const bytes = new Uint8Array(await input.files[0].arrayBuffer());
      const t1 = performance.now();
      const r = JSON.parse(await engine.call('loadCsv', [bytes, '{}']));
      if (!r.ok) throw new Error(r.error);
      return { readMs: t1 - t0, loadMs: performance.now() - t1, rows: r.table.n_rows };
    },
    run: (request) => engine.run(request),
    heapBytes: () => engine.call('heapBytes'),
  };
}
