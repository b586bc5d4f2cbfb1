// The cohort view: import a CSV, map its columns, and read risk groups, curves and tests.
// Built in issue 7; until then it says so plainly.
export function mountCohortView(root) {
  const p = document.createElement('p');
  p.textContent = 'The cohort analysis view is being built (issue 7).';
  root.append(p);
}
