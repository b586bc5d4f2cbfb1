// Keeping the result in reach: the "Skip to the result" link (the view's first tab stop) and the
// compact summary that sits at the top of a phone's screen while the form scrolls under it. On
// wide screens the summary is visually hidden but still read out: it is the view's only live
// announcement, so a screen reader hears one line per settled answer, never the whole panel.
import { h } from '../ui/dom.js';
import { clinical, groupText, STATUS_TEXT } from './patient-words.js';
import { fieldFor, labelOf, withoutFieldName } from './patient-fields.js';

// Moves focus to the result panel (it scrolls into view with it) without touching the URL.
function focusResult(panel) {
  panel.focus({ preventScroll: true });
  panel.scrollIntoView({ block: 'start' });
}

export function skipLink(panel) {
  const a = h('a', { href: '#pv-result-panel', class: 'pv-skip', id: 'pv-skip' }, 'Skip to the result');
  a.addEventListener('click', (e) => { e.preventDefault(); focusResult(panel); });
  return a;
}

// The verdict in a few words: the group (or why there is none yet).
function groupLine(r) {
  if (r.status === 'definite') return groupText(r.group);
  if (r.status === 'indeterminate') return `Not settled: ${r.candidates.map(groupText).join(' or ')}`;
  return STATUS_TEXT[r.status] || r.status;
}

// One line under it: what is missing, else why (the engine's reasons, worded clinically).
function reasonLine(r) {
  if (r.errors.length) {
    const e = r.errors[0];
    return `${labelOf(e.field)}: ${clinical(withoutFieldName(e.field, e.message))}`;
  }
  if (r.missing.length) return `To settle it, give: ${r.missing.map((m) => fieldFor(m).label).join(', ')}.`;
  return r.reasons.length ? `${r.reasons.map(clinical).join('; ')}.` : '';
}

export function summaryBar(panel) {
  const group = h('span', { class: 'pv-sum-group', 'data-testid': 'summary-group' }, 'No result yet');
  const reason = h('span', { class: 'pv-sum-reason', 'data-testid': 'summary-reason' });
  const live = h('p', { class: 'pv-sum-line', id: 'pv-summary-live', role: 'status', 'aria-live': 'polite' },
    [h('span', { class: 'pv-visually-hidden' }, 'Risk group: '), group, ' ', reason]);
  const more = h('a', { href: '#pv-result-panel', class: 'pv-sum-more' }, 'Full result');
  more.addEventListener('click', (e) => { e.preventDefault(); focusResult(panel); });
  const bar = h('div', { class: 'pv-summary', id: 'pv-summary' }, [live, more]);
  return {
    bar,
    update(r) {
      group.textContent = r ? groupLine(r) : 'No result';
      group.dataset.status = r ? r.status : '';
      reason.textContent = r ? reasonLine(r) : '';
    },
    failed(text) {
      group.textContent = 'No result';
      group.dataset.status = 'error';
      reason.textContent = text;
    },
  };
}
