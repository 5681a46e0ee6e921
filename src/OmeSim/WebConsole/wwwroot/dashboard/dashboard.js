// The harness dashboard: a client of the control plane's API. With --control-token, the token is asked once and
// kept in sessionStorage; every call sends it as Authorization: Bearer. Every value is shown as text.
import { $, el, clear, download, omeTime, showOnly, table } from '/shared/dom.js';

const TOKEN = 'omesim.control-token';
const JOURNAL_REFRESH_MS = 1500;
let profiles = [];
let journalTimer = null;

class Unauthorized extends Error {}

async function call(method, path, body, contentType = 'application/json') {
  const headers = {};
  const token = sessionStorage.getItem(TOKEN);
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = contentType;
  const response = await fetch(path, { method, headers, body, cache: 'no-store' });
  if (response.status === 401) {
    showTokenPrompt(token ? 'The control plane refused this token.' : '');
    throw new Unauthorized();
  }
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = null; }
  return { ok: response.ok, status: response.status, json, text };
}

function problem(answer) {
  if (answer.json?.Error) return `HTTP ${answer.status}: ${answer.json.Error}`;
  const info = answer.json?.error?.['@Message.ExtendedInfo']?.[0];
  if (info) return `HTTP ${answer.status}: ${info.MessageId} - ${info.Message} ${(info.MessageArgs ?? []).join(' ')}`;
  return `HTTP ${answer.status}`;
}

function guarded(action, errorBox) {
  return async (...args) => {
    try {
      if (errorBox) clear($(errorBox));
      await action(...args);
    } catch (e) {
      if (e instanceof Unauthorized) return;
      if (errorBox) $(errorBox).textContent = String(e?.message ?? e);
    }
  };
}

function showTokenPrompt(message) {
  stopJournal();
  $('dashboard-view').hidden = true;
  $('token-view').hidden = false;
  $('token-error').textContent = message;
  $('token-input').focus();
}

async function useToken(event) {
  event.preventDefault();
  sessionStorage.setItem(TOKEN, $('token-input').value);
  $('token-input').value = '';
  await start();
}

async function start() {
  try {
    const answer = await call('GET', '/pki/profiles');
    profiles = answer.ok && Array.isArray(answer.json) ? answer.json : [];
  } catch (e) {
    if (e instanceof Unauthorized) return;
    throw e;
  }
  clear($('sign-profile')).append(...profileOptions());
  $('token-view').hidden = true;
  $('dashboard-view').hidden = false;
  showView('appliances');
  await loadAppliances();
}

function showView(name) {
  showOnly(['appliances', 'check'], name);
  if (name === 'appliances') startJournal(); else stopJournal();
}

function selected() {
  return $('selected-appliance').value;
}

function applianceCard(a) {
  const name = a.Name;
  const id = `appliance-${name}`;
  const profileId = `${id}-profile`;
  const clockId = `${id}-clock`;
  const cert = a.Certificate ?? {};
  const act = (label, action) => el('button', { type: 'button', onclick: guarded(action, 'appliances-error') }, label);
  return el('section', { id, class: 'appliance', 'aria-label': `Appliance ${name}` },
    el('h2', {}, `${name} `, el('a', { href: a.Url, class: 'mono', text: a.Url })),
    table('', ['Field', 'Value'], [
      ['Version', a.Version],
      ['Host name', a.HostName],
      ['Served certificate', `${cert.Subject ?? ''}${cert.SelfSigned ? ' (self-signed)' : ''}`],
      ['Issued by', cert.Issuer ?? ''],
      ['Valid', `${omeTime(cert.NotBefore)} to ${omeTime(cert.NotAfter)}`],
      ['Sent in the handshake', sentWords(cert.ChainLength ?? 0)],
      ['Pending CSR key', a.CsrKeyPending ? 'yes: a CSR waits for its certificate' : 'no'],
      ['Trusted roots', (a.TrustedRoots ?? []).map(r => r.Subject).join('; ') || 'none'],
      ['Sessions', String(a.SessionCount ?? 0)],
      ['Clock', `${omeTime(a.Clock?.Now)} (offset ${a.Clock?.OffsetSeconds ?? 0} s${a.Clock?.Frozen ? ', frozen' : ''})`],
    ], { class: 'names' }),
    el('div', { class: 'actions' },
      act('Reset', async () => { check(await call('POST', `/appliances/${encodeURIComponent(name)}/reset`)); await loadAppliances(); }),
      el('label', { for: profileId }, 'Profile'),
      el('select', { id: profileId }, profileOptions()),
      act('Provision', async () => {
        const profile = $(profileId).value;
        const served = check(await call('POST', `/appliances/${encodeURIComponent(name)}/provision?profile=${encodeURIComponent(profile)}`)).json;
        await loadAppliances();
        $('appliances-status').textContent =
          `Provisioned ${name} with profile ${profile}: it now serves ${served?.Subject ?? ''}, issued by ${served?.Issuer ?? ''}.`;
      }),
      el('label', { for: clockId }, 'Clock (UTC)'),
      el('input', { id: clockId, type: 'datetime-local', step: '1' }),
      act('Set clock', async () => {
        const value = $(clockId).value;
        if (!value) throw new Error('Choose a date and time for the clock.');
        check(await call('PUT', `/appliances/${encodeURIComponent(name)}/clock`, JSON.stringify({ Now: `${value}Z` })));
        await loadAppliances();
      }),
      act('Clear clock', async () => { check(await call('PUT', `/appliances/${encodeURIComponent(name)}/clock`, '{}')); await loadAppliances(); })));
}

// ChainLength counts what the appliance sends in the TLS handshake: the leaf and its intermediates, never the root
// (a chain file of 3 certificates is sent as 2).
function sentWords(count) {
  if (count <= 1) return '1 certificate: the leaf alone';
  return `${count} certificates: the leaf and ${count - 1} intermediate${count > 2 ? 's' : ''} (the root is not sent)`;
}

// The test CA signs a CSR as a real CA would; the chain is shown and offered as a file for the console's upload.
async function signCsr(event) {
  event.preventDefault();
  const file = $('sign-file').files[0];
  const csr = file ? await file.text() : $('sign-csr').value;
  const profile = $('sign-profile').value;
  $('sign-result').hidden = true;
  const answer = check(await call('POST', `/pki/sign?profile=${encodeURIComponent(profile)}`, csr, 'application/x-pem-file'));
  $('sign-chain').value = answer.text;
  $('sign-result').hidden = false;
}

function profileOptions() {
  return profiles.map(p => el('option', { value: p, text: p }));
}

function check(answer) {
  if (!answer.ok) throw new Error(problem(answer));
  return answer;
}

async function loadAppliances() {
  clear($('appliances-status'));
  const answer = check(await call('GET', '/appliances'));
  const list = Array.isArray(answer.json) ? answer.json : [];
  clear($('appliances')).append(...list.map(applianceCard));
  const select = $('selected-appliance');
  const previous = select.value;
  clear(select).append(...list.map(a => el('option', { value: a.Name, text: a.Name })));
  if (list.some(a => a.Name === previous)) select.value = previous;
  await loadFaults();
  await loadJournal();
}

async function loadFaults() {
  const name = selected();
  if (!name) return;
  const answer = check(await call('GET', `/appliances/${encodeURIComponent(name)}/faults`));
  const rules = Array.isArray(answer.json) ? answer.json : [];
  clear($('faults')).append(rules.length === 0 ? el('p', { text: 'No fault rules.' }) : table('', ['Id', 'Method', 'Path', 'Answer', 'Skip', 'Times', 'Matches', 'Hits', ''],
    rules.map(r => [String(r.Id), r.Method ?? '*', r.Path,
      r.Drop ? 'drop' : [r.MessageId, r.Status, r.DelayMs ? `delay ${r.DelayMs} ms` : ''].filter(Boolean).join(' '),
      String(r.Skip ?? 0), r.Times === null ? 'every time' : String(r.Times), String(r.Matches), String(r.Hits),
      el('button', { type: 'button', 'aria-label': `Remove fault rule ${r.Id}`, onclick: guarded(async () => {
        check(await call('DELETE', `/appliances/${encodeURIComponent(name)}/faults/${r.Id}`));
        await loadFaults();
      }, 'fault-error') }, 'Remove')]), { id: 'faults-table' }));
}

async function addFault(event) {
  event.preventDefault();
  const number = id => ($(id).value === '' ? null : Number.parseInt($(id).value, 10));
  const rule = {
    Method: $('fault-method').value,
    Path: $('fault-path').value,
    MessageId: $('fault-message').value || null,
    Status: number('fault-status'),
    Drop: $('fault-drop').checked,
    DelayMs: number('fault-delay') ?? 0,
    Skip: number('fault-skip') ?? 0,
    Times: number('fault-times'),
  };
  check(await call('POST', `/appliances/${encodeURIComponent(selected())}/faults`, JSON.stringify(rule)));
  await loadFaults();
}

async function loadJournal() {
  const name = selected();
  if (!name) return;
  const answer = check(await call('GET', `/appliances/${encodeURIComponent(name)}/journal`));
  const entries = Array.isArray(answer.json) ? answer.json : [];
  clear($('journal')).append(table('', ['#', 'Time', 'Method', 'Path', 'Status', 'MessageId', 'Auth', 'Client certificate', 'Fault'],
    entries.slice().reverse().map(e => [String(e.Sequence), omeTime(e.Time), e.Method, el('span', { class: 'mono', text: e.Path }),
      e.Dropped ? 'dropped' : String(e.Status), e.MessageId ?? '', e.Auth, e.ClientCertificateSubject ?? '', e.FaultId === null ? '' : String(e.FaultId)]),
    { id: 'journal-table' }));
  $('journal-updated').textContent = `${entries.length} entries, updated ${omeTime(new Date().toISOString())}`;
}

function startJournal() {
  stopJournal();
  // The fault list refreshes too (hit counts), unless the keyboard focus is in it.
  journalTimer = setInterval(guarded(async () => {
    await loadJournal();
    if (!$('faults').contains(document.activeElement)) await loadFaults();
  }), JOURNAL_REFRESH_MS);
}

function stopJournal() {
  if (journalTimer !== null) clearInterval(journalTimer);
  journalTimer = null;
}

async function downloadFrom(path, fileName, type) {
  const answer = check(await call('GET', path));
  download(fileName, answer.text, type);
}

function base64Of(buffer) {
  const bytes = new Uint8Array(buffer);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

const OUTCOME = { Pass: 'PASS', Fail: 'FAIL', NotChecked: 'N/A' };
const ROLE = { Leaf: 'leaf', Intermediate: 'intermediate', Root: 'root', NotOnPath: 'not on the path' };

async function runCheck(event) {
  event.preventDefault();
  const file = $('check-file').files[0];
  const certificate = file ? base64Of(await file.arrayBuffer()) : $('check-text').value;
  if (!certificate.trim()) throw new Error('Choose a certificate file or paste one.');
  const body = { Certificate: certificate, Csr: $('check-csr').value || null, Single: $('check-single').checked, FileName: file?.name ?? null };
  const answer = check(await call('POST', '/check', JSON.stringify(body)));
  const report = answer.json;
  const info = report.Answer?.error?.['@Message.ExtendedInfo']?.[0];
  // append() writes null as the text "null": only the parts there are.
  clear($('check-result')).append(...[
    el('h2', { text: `${report.Upload}: ${report.UploadAccepted ? 'accepted' : 'refused'} (HTTP ${report.HttpStatus})` }),
    info ? el('div', { class: 'error', id: 'check-answer' },
      el('div', { class: 'message-line', text: `${info.MessageId} - ${info.Message}` }),
      el('div', { text: info.Resolution }),
      ...(info.MessageArgs ?? []).map(a => el('div', { text: a }))) : null,
    table('Requirements', ['Requirement', 'Result', 'Detail', 'Fix'], (report.Rules ?? []).map(r => [
      r.Requirement, el('span', { class: r.Outcome === 'Fail' ? 'fail' : 'pass', text: OUTCOME[r.Outcome] ?? r.Outcome }), r.Detail, r.Outcome === 'Fail' ? r.Fix : '',
    ]), { id: 'check-rules' }),
    table('Certificates in the file', ['#', 'Role', 'Subject', 'Issuer', 'Valid'], (report.Certificates ?? []).map(c => [
      String(c.FilePosition ?? ''), ROLE[c.Role] ?? c.Role ?? '', c.Subject ?? '', c.Issuer ?? '', `${omeTime(c.NotBefore)} to ${omeTime(c.NotAfter)}`,
    ]), { id: 'check-certificates' }),
  ].filter(Boolean));
}

document.addEventListener('DOMContentLoaded', () => {
  $('token-form').addEventListener('submit', guarded(useToken, 'token-error'));
  $('nav-appliances').addEventListener('click', () => showView('appliances'));
  $('nav-check').addEventListener('click', () => showView('check'));
  $('selected-appliance').addEventListener('change', guarded(async () => { await loadFaults(); await loadJournal(); }, 'fault-error'));
  $('fault-form').addEventListener('submit', guarded(addFault, 'fault-error'));
  $('journal-har').addEventListener('click', guarded(() => downloadFrom(`/appliances/${encodeURIComponent(selected())}/journal.har`, `${selected()}.har`, 'application/json'), 'fault-error'));
  $('journal-clear').addEventListener('click', guarded(async () => { check(await call('DELETE', `/appliances/${encodeURIComponent(selected())}/journal`)); await loadJournal(); }, 'fault-error'));
  $('pki-root').addEventListener('click', guarded(() => downloadFrom('/pki/root.pem', 'omesim-root.pem', 'application/x-pem-file'), 'pki-error'));
  $('pki-intermediates').addEventListener('click', guarded(() => downloadFrom('/pki/intermediates.pem', 'omesim-intermediates.pem', 'application/x-pem-file'), 'pki-error'));
  $('check-form').addEventListener('submit', guarded(runCheck, 'check-error'));
  $('sign-form').addEventListener('submit', guarded(signCsr, 'sign-error'));
  $('sign-download').addEventListener('click', () => download('chain.pem', $('sign-chain').value, 'application/x-pem-file'));
  guarded(start, 'appliances-error')();
});
