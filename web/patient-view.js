// The one-patient view: a form of the spec's inputs, classified live by the engine.
// Built in issue 4; until then it says so plainly.
export function mountPatientView(root) {
  const p = document.createElement('p');
  p.textContent = 'The patient form is being built (issue 4).';
  root.append(p);
}
