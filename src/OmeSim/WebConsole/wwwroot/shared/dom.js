// Builds elements from untrusted values: every value goes in as text (textContent), never as HTML.
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') node.className = value;
    else if (name === 'text') node.textContent = String(value);
    else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

// Shows the view called name, hides the others, and marks its nav button (ids: <view>-view, nav-<view>) as the current page.
export function showOnly(views, name) {
  for (const view of views) {
    $(`${view}-view`).hidden = view !== name;
    const button = $(`nav-${view}`);
    if (view === name) button.setAttribute('aria-current', 'page'); else button.removeAttribute('aria-current');
  }
}

export function $(id) {
  return document.getElementById(id);
}

export function clear(node) {
  node.replaceChildren();
  return node;
}

// Offers text as a file download (a blob URL: nothing leaves the page).
export function download(fileName, text, type = 'application/octet-stream') {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = el('a', { href: url, download: fileName });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

// A table: headers, then rows of cells (strings or nodes).
export function table(caption, headers, rows, attributes = {}) {
  return el('table', attributes,
    caption ? el('caption', { text: caption }) : null,
    el('thead', {}, el('tr', {}, headers.map(h => el('th', { scope: 'col', text: h })))),
    el('tbody', {}, rows.map(cells => el('tr', {}, cells.map(c => el('td', {}, c ?? ''))))));
}

// OME's time format, in UTC: 2026-06-01 12:00:00.000 (the API's ISO times carry up to seven decimals).
export function omeTime(value) {
  const time = new Date(value ?? '');
  return Number.isNaN(time.getTime()) ? String(value ?? '') : time.toISOString().replace('T', ' ').replace('Z', '');
}
