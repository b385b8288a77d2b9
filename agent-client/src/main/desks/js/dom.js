// Small DOM helpers: elements built with textContent only (nothing from the server becomes HTML).

export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

export function $(selector, root = document) {
  return root.querySelector(selector);
}

/** A description list of [term, value] pairs (value a string or a node). */
export function facts(pairs) {
  return el('dl', { class: 'facts' }, pairs.flatMap(([term, value]) => [el('dt', { text: term }), el('dd', {}, value ?? '–')]));
}

/** Says something to screen readers through a live region (cleared first, so a repeat is said again). */
export function announce(region, text) {
  region.textContent = '';
  setTimeout(() => { region.textContent = text; }, 50);
}

/** Shows a message in a role=status (or role=alert) box. */
export function show(box, text, isError = false) {
  box.classList.toggle('error', isError);
  box.textContent = text;
}
