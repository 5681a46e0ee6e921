// OME's web console: a client of this appliance's own REST API. The GUI session's X-Auth-Token lives in
// sessionStorage (never in a URL); every value from the appliance is shown as text.
import { $, el, clear, download, omeTime, showOnly, table } from '/shared/dom.js';

const TOKEN = 'omesim.token';
const SESSION = 'omesim.session';
const USER = 'omesim.user';
const api = {
  sessions: '/api/SessionService/Sessions',
  info: '/api/ApplicationService/Info',
  about: '/appliance/about.json',
  certificate: '/api/ApplicationService/Certificate',
  chain: '/api/ApplicationService/CertificateChain',
  csr: '/api/ApplicationService/Actions/ApplicationService.GenerateCSR',
  uploadCertificate: '/api/ApplicationService/Actions/ApplicationService.UploadCertificate',
  uploadChain: '/api/ApplicationService/Actions/ApplicationService.UploadCertChain',
  validate: '/api/MigrationService/Actions/MigrationService.ValidateConnection',
  validation: '/api/MigrationService/ConnectionValidation',
};
const NAME_FIELDS = [
  ['DistinguishedName', 'Distinguished Name'], ['DepartmentName', 'Department Name'], ['BusinessName', 'Business Name'],
  ['Locality', 'Locality'], ['State', 'State'], ['Country', 'Country'], ['Email', 'Email'],
];
let lastCsr = '';

async function call(method, path, body, contentType = 'application/json') {
  const headers = { Accept: 'application/json' };
  const token = sessionStorage.getItem(TOKEN);
  if (token) headers['X-Auth-Token'] = token;
  if (body !== undefined) headers['Content-Type'] = contentType;
  const response = await fetch(path, { method, headers, body, credentials: 'omit', cache: 'no-store' });
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = null; }
  if (response.status === 401 && path !== api.sessions) {
    forgetSession();
    showLogin('Your session has ended. Log in again.');
  }
  return { ok: response.ok, status: response.status, json, headers: response.headers };
}

// OME's console shows an error as "<MessageId> - <Message>", then the Resolution; for CGEN1008 the MessageArgs too.
function errorLines(answer) {
  const infos = answer.json?.error?.['@Message.ExtendedInfo'];
  if (!Array.isArray(infos) || infos.length === 0) return [`HTTP ${answer.status}`];
  return infos.flatMap(info => [
    el('div', { class: 'message-line', text: `${info.MessageId} - ${info.Message}` }),
    el('div', { class: 'resolution', text: info.Resolution ?? '' }),
    ...(info.MessageId === 'CGEN1008' && Array.isArray(info.MessageArgs)
      ? info.MessageArgs.map(arg => el('div', { class: 'message-args', text: String(arg) }))
      : []),
  ]);
}

function showError(target, answer) {
  clear(target).append(...errorLines(answer).map(line => line instanceof Node ? line : el('div', { text: line })));
}

function forgetSession() {
  sessionStorage.removeItem(TOKEN);
  sessionStorage.removeItem(SESSION);
  sessionStorage.removeItem(USER);
}

function showLogin(message = '') {
  $('app-view').hidden = true;
  $('logout').hidden = true;
  $('user-name').textContent = '';
  $('login-view').hidden = false;
  $('login-error').textContent = message;
  $('login-user').focus();
}

async function login(event) {
  event.preventDefault();
  const user = $('login-user').value;
  const answer = await call('POST', api.sessions, JSON.stringify({ UserName: user, Password: $('login-password').value, SessionType: 'GUI' }));
  $('login-password').value = '';
  if (!answer.ok) {
    showError($('login-error'), answer);
    return;
  }
  sessionStorage.setItem(TOKEN, answer.headers.get('X-Auth-Token') ?? '');
  sessionStorage.setItem(SESSION, answer.json?.Id ?? '');
  sessionStorage.setItem(USER, user);
  await showApp();
}

async function logout() {
  const id = sessionStorage.getItem(SESSION);
  if (id) await call('DELETE', `${api.sessions}('${encodeURIComponent(id)}')`);
  forgetSession();
  showLogin();
}

async function showApp() {
  $('login-view').hidden = true;
  $('app-view').hidden = false;
  $('logout').hidden = false;
  $('user-name').textContent = sessionStorage.getItem(USER) ?? '';
  const info = await call('GET', api.info);
  if (!info.ok) return;
  // The appliance's own name and version (about.json) when known; Info's product name otherwise.
  if (!$('appliance-info').textContent) $('appliance-info').textContent = `${info.json?.Name ?? ''} ${info.json?.Version ?? ''}`;
  $('nav-migration').hidden = !offersMigration(info.json?.Version);
  showView('certificates');
  await loadCertificate();
}

// Migration into an appliance exists from OME 4.0 on.
function offersMigration(version) {
  const major = Number.parseInt(String(version ?? '').split('.')[0], 10);
  return Number.isFinite(major) && major >= 4;
}

function showView(name) {
  showOnly(['certificates', 'migration'], name);
}

function namesTable(id, caption, detail) {
  return table(caption, ['Field', 'Value'], NAME_FIELDS.map(([key, label]) => [label, detail?.[key] ?? '']), { id, class: 'names' });
}

async function loadCertificate() {
  const answer = await call('GET', api.certificate);
  const errorBox = clear($('certificate-error'));
  if (!answer.ok) {
    showError(errorBox, answer);
    return;
  }
  const cert = answer.json?.value?.[0] ?? {};
  clear($('issued-to')).append(namesTable('issued-to-table', 'Issued To', cert.IssuedTo));
  clear($('issued-by')).append(namesTable('issued-by-table', 'Issued By', cert.IssuedBy));
  $('valid-from').textContent = cert.ValidFrom ?? '';
  $('valid-to').textContent = cert.ValidTo ?? '';
  const chain = await call('GET', api.chain);
  const levels = chain.ok && Array.isArray(chain.json?.value) ? chain.json.value : [cert];
  clear($('chain')).append(table('', ['Level', 'Issued To', 'Issued By', 'Valid From', 'Valid To'], levels.map((level, i) => [
    levelName(i, levels.length, level),
    level.IssuedTo?.DistinguishedName ?? '', level.IssuedBy?.DistinguishedName ?? '', level.ValidFrom ?? '', level.ValidTo ?? '',
  ]), { id: 'chain-table' }));
}

function levelName(index, count, level) {
  if (index === 0) return '1 (server certificate)';
  const root = index === count - 1 && level.IssuedTo?.DistinguishedName === level.IssuedBy?.DistinguishedName;
  return `${index + 1} (${root ? 'root' : 'intermediate'})`;
}

async function generateCsr(event) {
  event.preventDefault();
  const form = $('csr-form');
  const body = {};
  for (const [key] of NAME_FIELDS) body[key] = form.elements[key].value;
  body.San = form.elements.San.value;
  clear($('csr-error'));
  $('csr-result').hidden = true;
  const answer = await call('POST', api.csr, JSON.stringify(body));
  if (!answer.ok) {
    showError($('csr-error'), answer);
    return;
  }
  lastCsr = standardPem(answer.json?.CertificateData ?? '');
  $('csr-text').value = lastCsr;
  $('csr-result').hidden = false;
  $('csr-text').focus();
}

// OME answers the CSR on one line; a standard PEM file has its base64 in lines of 64 characters.
function standardPem(text) {
  const match = /-----BEGIN ([A-Z ]+)-----([\s\S]*?)-----END \1-----/.exec(text);
  if (!match) return text;
  const base64 = match[2].replace(/\s+/g, '');
  return `-----BEGIN ${match[1]}-----\n${base64.match(/.{1,64}/g).join('\n')}\n-----END ${match[1]}-----\n`;
}

async function copyCsr() {
  try {
    await navigator.clipboard.writeText(lastCsr);
    $('csr-copied').textContent = 'Copied.';
  } catch {
    $('csr-text').select();
    $('csr-copied').textContent = 'Selected: press Ctrl+C to copy.';
  }
}

async function upload(event) {
  event.preventDefault();
  const file = $('upload-file').files[0];
  const errorBox = clear($('upload-error'));
  if (!file) {
    errorBox.textContent = 'Choose a certificate file.';
    return;
  }
  const single = $('upload-kind-single').checked;
  const answer = await call('POST', single ? api.uploadCertificate : api.uploadChain, await file.arrayBuffer(), 'application/octet-stream');
  if (!answer.ok) {
    showError(errorBox, answer);
    return;
  }
  $('upload-dialog').close();
  $('upload-form').reset();
  $('upload-status').textContent = `Uploaded ${file.name}. The appliance now serves the new certificate.`;
  await loadCertificate();
}

function mark(passed, problems) {
  return el('span', { class: passed ? 'pass' : 'fail', text: passed ? '✓' : '✗', title: problems.join(' ') || null });
}

// The article's table: the source's chain beside the target's, issued to and issued by per level, each level
// marked ✓ when both certificates at that level passed the check and ✗ with the reason when one did not.
function pairTable(check, id) {
  const byTarget = check.CheckedBy === 'Target';
  const source = (byTarget ? check.PeerChain : check.OwnChain) ?? [];
  const target = (byTarget ? check.OwnChain : check.PeerChain) ?? [];
  const rows = [];
  for (let i = 0; i < Math.max(source.length, target.length); i++) {
    const [s, t] = [source[i], target[i]];
    const sourceProblems = s ? s.Problems ?? [] : ['The source\'s chain has no certificate at this level.'];
    const targetProblems = t ? t.Problems ?? [] : ['The target\'s chain has no certificate at this level.'];
    // A name that differs is a problem of both sides: said once.
    const problems = [
      ...sourceProblems.map(p => (targetProblems.includes(p) ? p : `Source: ${p}`)),
      ...targetProblems.filter(p => !sourceProblems.includes(p)).map(p => `Target: ${p}`),
    ];
    rows.push([String(i + 1), s?.Subject ?? '—', s?.Issuer ?? '—', mark(problems.length === 0, problems),
      t?.Subject ?? '—', t?.Issuer ?? '—', problems.join(' ')]);
  }
  return table('', ['Level', 'Source: Issued To', 'Source: Issued By', '', 'Target: Issued To', 'Target: Issued By', 'Why'], rows,
    { id, class: 'chain pair' });
}

function lowerFirst(text) {
  return text ? text[0].toLowerCase() + text.slice(1) : '';
}

// "✓ Passed — the target (target) checked the source's server certificate chain …, at 2026-06-01 12:00:00.000 on its own clock."
// The reason is left out where the page already said it (the failed check's, under "Why the validation failed").
function checkView(title, check, prefix, withReason = true) {
  if (!check) return null;
  return el('section', { class: 'check', 'aria-label': title, id: prefix },
    el('h3', { text: title }),
    el('p', {}, el('span', { class: check.Passed ? 'pass' : 'fail', text: check.Passed ? '✓ Passed' : '✗ Failed' }),
      ` — the ${lowerFirst(check.CheckedBy)} (${check.Appliance ?? ''}) checked ${lowerFirst(check.Checked)}, at ${omeTime(check.CheckedAt)} on its own clock.`),
    withReason ? el('p', { class: 'reason', text: check.Reason ?? '' }) : null,
    pairTable(check, `${prefix}-chains`));
}

const TARGET_CHECK = "The target's check of the source's server chain";
const SOURCE_CHECK = "The source's check of the target's client chain";

function checkViews(validation, failedCheck = null) {
  return [
    checkView(TARGET_CHECK, validation?.TargetCheck, 'target-check', failedCheck !== 'Target'),
    checkView(SOURCE_CHECK, validation?.SourceCheck, 'source-check', failedCheck !== 'Source'),
  ].filter(Boolean);
}

// Which side's check failed and why, from the target's record of this validation. A refused request (a bad field,
// the caller's own credentials) is no validation: the record then still tells an earlier one, which is not shown.
async function failureDetails(failed, body) {
  const messageId = failed.json?.error?.['@Message.ExtendedInfo']?.[0]?.MessageId;
  if (failed.status !== 400 || !['CMIG1001', 'CGEN1008', 'CGEN1001'].includes(messageId)) return null;
  const answer = await call('GET', api.validation);
  const validation = answer.json;
  if (!answer.ok || validation?.Result !== 'Failed' || validation.MessageId !== messageId
    || validation.SourceAddress !== body.SourceAddress || validation.SourcePort !== body.SourcePort) return null;
  const side = { Target: `${TARGET_CHECK} failed.`, Source: `${SOURCE_CHECK} failed.` }[validation.FailedCheck]
    ?? 'No certificate chain was compared.';
  // Said once: which check failed (the heading) and why (that check's own reason; the record's when no check ran).
  const failedCheck = { Target: validation.TargetCheck, Source: validation.SourceCheck }[validation.FailedCheck];
  return el('section', { id: 'migration-details', 'aria-label': 'Why the validation failed' },
    el('h2', { id: 'migration-failed-check', text: side }),
    el('p', { id: 'migration-reason', class: 'reason', text: failedCheck?.Reason ?? validation.Reason ?? '' }),
    ...checkViews(validation, failedCheck ? validation.FailedCheck : null));
}

async function validateMigration(event) {
  event.preventDefault();
  const result = clear($('migration-result'));
  result.append(el('p', { text: 'Validating…' }));
  const body = {
    SourceAddress: $('migration-address').value,
    SourcePort: Number.parseInt($('migration-port').value, 10),
    SourceUserName: $('migration-user').value,
    SourcePassword: $('migration-password').value,
  };
  const answer = await call('POST', api.validate, JSON.stringify(body));
  if (!answer.ok) {
    const box = el('div', { class: 'error', role: 'alert', id: 'migration-error' });
    showError(box, answer);
    const details = await failureDetails(answer, body);
    clear(result).append(...[box, details].filter(Boolean));
    return;
  }
  clear(result).append(
    el('p', { class: 'ok', id: 'migration-success', text: `✓ ${answer.json?.Result ?? ''}: ${answer.json?.SourceAddress ?? ''}:${answer.json?.SourcePort ?? ''}` }),
    ...checkViews(answer.json));
}

function openDialog(id) {
  const dialog = $(id);
  clear($(id.replace('dialog', 'error')));
  dialog.showModal();
}

document.addEventListener('DOMContentLoaded', () => {
  $('login-form').addEventListener('submit', login);
  $('logout').addEventListener('click', logout);
  $('nav-certificates').addEventListener('click', () => showView('certificates'));
  $('nav-migration').addEventListener('click', () => showView('migration'));
  $('open-csr').addEventListener('click', () => openDialog('csr-dialog'));
  $('open-upload').addEventListener('click', () => openDialog('upload-dialog'));
  $('csr-close').addEventListener('click', () => $('csr-dialog').close());
  $('upload-close').addEventListener('click', () => $('upload-dialog').close());
  $('csr-form').addEventListener('submit', generateCsr);
  $('csr-copy').addEventListener('click', copyCsr);
  $('csr-download').addEventListener('click', () => download('omesim.csr', lastCsr, 'application/pkcs10'));
  $('upload-form').addEventListener('submit', upload);
  $('migration-form').addEventListener('submit', validateMigration);
  showAbout();
  if (sessionStorage.getItem(TOKEN)) showApp(); else showLogin();
});

// Which appliance this is, before anyone logs in (OME's log-in page names the product and its version).
async function showAbout() {
  const answer = await fetch(api.about, { credentials: 'omit', cache: 'no-store' }).catch(() => null);
  const about = answer?.ok ? await answer.json().catch(() => null) : null;
  if (!about) return;
  $('login-appliance').textContent = `${about.Name} · OpenManage Enterprise ${about.Version}`;
  $('appliance-info').textContent = `${about.Name} ${about.Version}`;
}
