// The admin privacy page: the retention report and reaper, and data-subject requests.
// Who a request is about goes in POST bodies only, never in an address.
import { api, me, signOut, el } from './common.js';
import { showProblem, clearProblems, fieldsOf } from './forms.js';

const user = await me();
document.getElementById('who').textContent = user.username;
document.getElementById('signout').addEventListener('click', signOut);

const $ = (id) => document.getElementById(id);

function age(seconds) {
  if (seconds === 0) return '—';
  const hours = Math.floor(seconds / 3600);
  return hours < 48 ? hours + ' h' : Math.floor(hours / 24) + ' days';
}

function limit(seconds) {
  return seconds === 0 ? 'at once' : age(seconds);
}

async function loadReport() {
  $('retention-error').textContent = '';
  try {
    const lines = await api('GET', '/api/v1/admin/retention');
    $('retention').tBodies[0].replaceChildren(...lines.map((line) => el('tr', {
      'data-category': line.category,
      class: line.due > 0 ? 'overdue' : undefined,
    }, el('th', { scope: 'row' }, line.description), el('td', { class: 'number' }, String(line.held)),
    el('td', {}, line.held === 0 ? '—' : age(line.oldestAgeSeconds)), el('td', {}, limit(line.limitSeconds)),
    el('td', { class: 'number' }, String(line.due)))));
  } catch (e) {
    $('retention-error').textContent = e.message;
  }
}

function countsList(result, verb) {
  const due = result.counts.filter((c) => c.count > 0);
  if (due.length === 0) return el('p', {}, verb === 'deleted' ? 'Nothing was due: nothing deleted.' : 'Nothing is due: a run now would delete nothing.');
  return el('div', {}, el('p', {}, (verb === 'deleted' ? 'Deleted ' : 'A run now would delete ') + result.total + ' record(s):'),
    el('ul', {}, ...due.map((c) => el('li', { 'data-category': c.category }, c.count + ' ' + c.description))));
}

$('dry-run').addEventListener('click', async () => {
  $('retention-error').textContent = '';
  try {
    $('dry-run-result').replaceChildren(countsList(await api('GET', '/api/v1/admin/retention/dry-run'), 'would'));
  } catch (e) {
    $('retention-error').textContent = e.message;
  }
});

$('reap').addEventListener('click', () => {
  $('reap-confirm').hidden = false;
  $('reap-yes').focus();
});
$('reap-no').addEventListener('click', () => {
  $('reap-confirm').hidden = true;
  $('reap').focus();
});

const pause = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });

$('reap-yes').addEventListener('click', async () => {
  $('reap-confirm').hidden = true;
  $('reap-error').textContent = '';
  $('reap-result').textContent = 'The reaper is running…';
  try {
    let status = await api('POST', '/api/v1/admin/retention/reap');
    while (status.running) {
      await pause(500);
      status = await api('GET', '/api/v1/admin/retention/reap');
    }
    $('reap-result').replaceChildren(status.result ? countsList(status.result, 'deleted') : '');
    if (status.error) $('reap-error').textContent = status.error;
  } catch (e) {
    $('reap-result').textContent = '';
    $('reap-error').textContent = e.message;
  }
  await loadReport();
  $('reap').focus();
});

// Data-subject requests.
const subjectForm = $('subject-form');
const subjectFields = fieldsOf(subjectForm, 'subject', ['phone', 'name']);
let subject = null;
let found = null;

function who() {
  const query = {};
  for (const name of ['phone', 'email', 'name']) {
    const value = subjectForm.elements[name].value.trim();
    if (value) query[name] = value;
  }
  return query;
}

function record(pairs) {
  const list = el('dl');
  for (const [name, value] of pairs) list.append(el('dt', {}, name), el('dd', {}, value ?? ''));
  return list;
}

function section(title, items, render) {
  const block = el('section', { class: 'found', 'aria-label': title }, el('h3', {}, title + ' (' + items.length + ')'));
  for (const item of items) block.append(render(item));
  return block;
}

function plural(n, word) {
  return n + ' ' + word + (n === 1 ? '' : 's');
}

function summary(counts) {
  return [plural(counts.messages, 'message'), plural(counts.calls, 'call'), plural(counts.dispatches, 'delivery'),
    plural(counts.contacts, 'register contact'), plural(counts.recipients, 'delivery contact'), plural(counts.users, 'login')]
    .join(', ').replace('deliverys', 'deliveries');
}

function objectButton(contact) {
  const button = el('button', { type: 'button', class: 'object' }, 'Objection: stop marketing and delete');
  const result = el('span', { role: 'status' });
  button.addEventListener('click', async () => {
    result.textContent = '';
    try {
      await api('POST', '/api/v1/admin/subjects/object', { contactId: contact.id });
      result.textContent = 'Marketing stopped; the contact is deleted.';
      button.disabled = true;
    } catch (e) {
      result.textContent = e.message;
      result.className = 'error';
    }
  });
  return [button, result];
}

function render() {
  $('subject-summary').textContent = 'Found ' + summary(found.counts) + '.';
  const message = (m) => {
    const pairs = [['Message', String(m.id)], ['Client', String(m.clientId)], ['Taken', new Date(m.createdAt).toLocaleString()],
      ['Caller', m.callerName], ['Number', m.callerNumber], ['Restricted', m.restricted ? 'yes' : 'no']];
    for (const [name, value] of Object.entries(m.fields)) pairs.push([name.replaceAll('_', ' '), value]);
    const dl = record(pairs);
    dl.setAttribute('data-message', m.id);
    return dl;
  };
  $('found').replaceChildren(
    section('Messages', found.messages, message),
    section('Calls', found.calls, (c) => record([['Call', String(c.id)], ['Client', String(c.clientId)],
      ['Started', new Date(c.startedAt).toLocaleString()], ['Caller', c.callerName], ['Number', c.callerNumber]])),
    section('Deliveries of these messages', found.dispatches, (d) => record([['Message', String(d.messageId)],
      ['Channel', d.channel], ['State', d.state.toLowerCase()], ['Error', d.errorText]])),
    section('Contacts register', found.contacts, (c) => {
      const dl = record([['Kind', c.kind.toLowerCase()], ['Name', c.name], ['Company', c.company], ['Email', c.email], ['Phone', c.phone]]);
      return c.kind === 'MARKETING' ? el('div', { 'data-contact': c.id }, dl, ...objectButton(c)) : dl;
    }),
    section('Clients\' delivery contacts', found.recipients, (r) => record([['Client', String(r.clientId)], ['Name', r.name],
      ['Mobile', r.mobile], ['Email', r.email]])),
    section('Logins (an admin closes these; erasure lists them only)', found.users, (u) => record([['Username', u.username],
      ['Role', u.role.toLowerCase()], ['Created', new Date(u.createdAt).toLocaleString()]])));
  const select = $('rectify-messageId');
  select.replaceChildren(...found.messages.map((m) => el('option', { value: m.id }, 'Message ' + m.id)));
  fillRectifyFields();
  $('rectify-form').hidden = found.messages.length === 0;
}

function fillRectifyFields() {
  const message = found.messages.find((m) => String(m.id) === $('rectify-messageId').value);
  const names = message ? ['caller_name', 'caller_number', ...Object.keys(message.fields)] : [];
  $('rectify-field').replaceChildren(...names.map((n) => el('option', { value: n }, n.replaceAll('_', ' '))));
}
$('rectify-messageId').addEventListener('change', fillRectifyFields);

async function find() {
  found = await api('POST', '/api/v1/admin/subjects/find', subject);
  render();
  $('subject-results').hidden = false;
}

subjectForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  clearProblems(subjectFields, $('subject-error'));
  for (const id of ['export-error', 'restrict-result', 'restrict-error', 'erase-result', 'erase-error', 'rectify-error', 'rectify-result']) {
    $(id).textContent = '';
  }
  $('erase-confirm').hidden = true;
  $('download').hidden = true;
  subject = who();
  try {
    await find();
    $('subject-summary').focus();
  } catch (e) {
    $('subject-results').hidden = true;
    showProblem(e, subjectFields, $('subject-error'), [[/^a name to search/, 'name']]);
  }
});

async function download(format) {
  $('export-error').textContent = '';
  const response = await fetch('/api/v1/admin/subjects/export?format=' + format, {
    method: 'POST', credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': user.csrfToken },
    body: JSON.stringify(subject),
  });
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    $('export-error').textContent = problem.detail || response.statusText;
    return;
  }
  const link = $('download');
  if (link.href) URL.revokeObjectURL(link.href);
  link.href = URL.createObjectURL(await response.blob());
  link.download = 'subject-access.' + format;
  link.textContent = 'subject-access.' + format;
  link.hidden = false;
  link.click();
}
$('export-json').addEventListener('click', () => download('json'));
$('export-html').addEventListener('click', () => download('html'));

async function restrict(lift) {
  $('restrict-result').textContent = '';
  $('restrict-error').textContent = '';
  try {
    const result = await api('POST', '/api/v1/admin/subjects/restrict', { ...subject, lift });
    $('restrict-result').textContent = (lift ? 'Restriction lifted on ' : 'Restricted ') + plural(result.changed, 'message') + '.';
    await find();
  } catch (e) {
    $('restrict-error').textContent = e.message;
  }
}
$('restrict').addEventListener('click', () => restrict(false));
$('lift').addEventListener('click', () => restrict(true));

$('erase').addEventListener('click', () => {
  $('erase-confirm').hidden = false;
  $('erase-word').value = '';
  $('erase-word').focus();
});
$('erase-no').addEventListener('click', () => {
  $('erase-confirm').hidden = true;
  $('erase').focus();
});
$('erase-yes').addEventListener('click', async () => {
  $('erase-error').textContent = '';
  $('erase-result').textContent = '';
  if ($('erase-word').value.trim() !== 'ERASE') {
    $('erase-error').textContent = 'Type ERASE (in capitals) to confirm the erasure.';
    $('erase-word').focus();
    return;
  }
  try {
    const counts = await api('POST', '/api/v1/admin/subjects/erase', { ...subject, confirm: 'erase' });
    $('erase-confirm').hidden = true;
    $('erase-result').textContent = 'Erased ' + summary(counts) + '.';
    await find();
  } catch (e) {
    $('erase-error').textContent = e.message;
  }
});

const rectifyForm = $('rectify-form');
const rectifyFields = fieldsOf(rectifyForm, 'rectify', ['field']);
rectifyForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  clearProblems(rectifyFields, $('rectify-error'), $('rectify-result'));
  const f = rectifyForm.elements;
  try {
    await api('POST', '/api/v1/admin/subjects/rectify', { messageId: Number(f.messageId.value), field: f.field.value, value: f.value.value });
    const id = f.messageId.value;
    await find();
    $('rectify-messageId').value = id;
    fillRectifyFields();
    $('rectify-result').textContent = 'Corrected; the audit log keeps only hashes of the old and new values.';
  } catch (e) {
    showProblem(e, rectifyFields, $('rectify-error'), [[/has no field/, 'field']]);
  }
});

if (user.role !== 'ADMIN') {
  document.querySelector('main').replaceChildren(el('p', { class: 'error', role: 'alert' }, 'This page is for admins only.'));
} else {
  await loadReport();
}
