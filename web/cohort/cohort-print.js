// Print / Save as PDF: the cohort view as a report. A header (printed only) says when it was
// printed, by which engine, from which file and under which settings; the print CSS
// (cohort.css) hides every control. Disclosures with content are opened for printing
// (beforeprint) and put back as they were (afterprint). Nothing here computes a statistic.
import { h } from '../ui/dom.js';

const pad = (n) => String(n).padStart(2, '0');
// "2026-12-06 13:05" in the reader's local time, and the offset, so the date is unambiguous.
export function printedAt(d = new Date()) {
  const off = -d.getTimezoneOffset();
  const zone = `UTC${off < 0 ? '−' : '+'}${pad(Math.floor(Math.abs(off) / 60))}:${pad(Math.abs(off) % 60)}`;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())} (${zone})`;
}

const ENDPOINT_WORDS = { columns: 'time and event columns', efs: 'EFS', os: 'OS', dfs: 'DFS' };

// The settings of the analysis drawn (the view's settings object), as label / value pairs.
export function settingsLines(s) {
  if (!s) return [['Analysis', 'none drawn yet']];
  const lines = [['Endpoint', s.endpoints.map((e) => ENDPOINT_WORDS[e] || e).join(' and ')
    + (s.fromDates ? ' (from the dates)' : ` (time “${s.time}”, event “${s.event}”${s.eventValue ? ` = “${s.eventValue}”` : ''})`)]];
  lines.push(['Grouping', s.group ? (s.protocol ? `${s.protocolName} risk group (classified)` : s.group) : 'none']);
  if (s.risk) lines.push(['Protocol', s.protocolName || s.risk.name]);
  lines.push(['Time unit', s.fromDates ? `shown in ${s.shown}` : `column in ${s.colUnit}, shown in ${s.shown}`]);
  lines.push(['Confidence intervals', `${Math.round(s.confLevel * 100)}% pointwise, ${s.confType} transform`]);
  if (s.strata) lines.push(['Log-rank strata', s.strataName]);
  return lines;
}

// Details worth opening for print: not the folded controls (R code, step tables, paste box), and
// a further analysis only when it holds a result.
function printable(d) {
  if (d.closest('.no-print') || d.matches('.steps, .rcode')) return false;
  if (d.matches('.further')) return Boolean(d.querySelector('[id$="-out"]')?.childElementCount);
  return true;
}

// engine: the adapter (version()); settings(): the drawn analysis' settings or null; cohort():
// {fileName, rows} or null. Returns the header (put at the top of the view) and the button.
export function mountPrintReport(root, { engine, settings, cohort }) {
  let version = '';
  engine.version().then((v) => { version = v; fill(); }).catch(() => {});
  const header = h('header', { class: 'print-report-header', id: 'cohort-print-header' });
  function fill() {
    const c = cohort();
    const rows = [['Printed', printedAt()], ['Engine', `infant-all ${version || '(not loaded)'}`],
      ['File', c ? c.fileName : 'no cohort loaded'], ['Rows', c ? String(c.rows) : '0'], ...settingsLines(settings())];
    header.replaceChildren(h('p', { class: 'print-title' }, 'infant-all cohort report'),
      h('dl', {}, rows.map(([k, v]) => h('div', { dataset: { key: k.toLowerCase().replace(/ /g, '-') } }, h('dt', {}, k), h('dd', {}, v)))));
  }
  fill();

  let opened = [];
  const before = () => {
    fill();
    // Added to, not replaced: a second beforeprint before the afterprint must not forget the first.
    const now = [...root.querySelectorAll('details:not([open])')].filter(printable);
    for (const d of now) d.open = true;
    opened.push(...now);
  };
  const after = () => {
    for (const d of opened) d.open = false;
    opened = [];
  };
  window.addEventListener('beforeprint', before);
  window.addEventListener('afterprint', after);

  const button = h('button', { type: 'button', id: 'cohort-print' }, 'Print report');
  button.addEventListener('click', () => {
    fill();
    window.print();
  });
  return { header, button, fill };
}
