import { api, me, signOut, el, ApiError } from './common.js';
import { setUpDelivery, timeline } from './delivery.js';

const user = await me();
const admin = user.role === 'ADMIN';
document.getElementById('who').textContent = user.username + (user.clientName ? ' · ' + user.clientName : '');
document.getElementById('title').textContent = admin ? 'Message archive' : 'Messages';
document.getElementById('signout').addEventListener('click', signOut);
document.getElementById('client-filter').hidden = !admin;
document.getElementById('privacy-link').hidden = !admin;
document.getElementById('admin-link').hidden = !admin;
document.getElementById('retention').textContent =
  'Messages are kept for ' + user.retentionDays + ' days after they are taken, then deleted.';

const form = document.getElementById('search');
const queryError = document.getElementById('q-error');
const inbox = document.getElementById('inbox');
const detail = document.getElementById('detail');
const count = document.getElementById('count');

function searchParams() {
  const params = new URLSearchParams();
  for (const name of ['q', 'caller', 'status', 'client']) {
    const value = form[name].value.trim();
    if (value) params.set(name, value);
  }
  if (form.from.value) params.set('from', form.from.value + 'T00:00:00Z');
  if (form.to.value) params.set('to', new Date(Date.parse(form.to.value + 'T00:00:00Z') + 86400000).toISOString());
  return params;
}

function updateExportLinks() {
  const params = searchParams();
  for (const format of ['csv', 'json']) {
    const exportParams = new URLSearchParams({ format });
    for (const name of ['from', 'to']) if (params.has(name)) exportParams.set(name, params.get(name));
    document.getElementById('export-' + format).href = '/api/v1/messages/export?' + exportParams;
  }
  const from = form.from.value;
  const to = form.to.value;
  document.getElementById('export-range').textContent = from && to ? 'from ' + from + ' to ' + to
    : from ? 'from ' + from : to ? 'up to ' + to : 'every message';
}

function statusBadge(status) {
  return el('span', { class: 'badge' }, status.toLowerCase());
}

async function search() {
  queryError.textContent = '';
  form.q.removeAttribute('aria-invalid');
  const params = searchParams();
  updateExportLinks();
  try {
    const page = await api('GET', '/api/v1/messages?' + params);
    count.textContent = page.total + (page.totalExact ? '' : '+') + (page.total === 1 ? ' message' : ' messages');
    inbox.replaceChildren(...page.messages.map(item));
  } catch (e) {
    if (e instanceof ApiError && e.status === 400) {
      queryError.textContent = e.message;
      form.q.setAttribute('aria-invalid', 'true');
    } else {
      count.textContent = e.message;
    }
  }
}

function item(message) {
  const summary = Object.values(message.fields).reduce((longest, v) => (v.length > longest.length ? v : longest), '');
  const button = el('button', { type: 'button', 'data-id': message.id },
    el('strong', {}, message.callerName || message.callerNumber || 'Unknown caller'), ' ',
    statusBadge(message.status), message.urgency === 'URGENT' ? el('span', { class: 'badge' }, 'urgent') : '',
    el('br'), new Date(message.createdAt).toLocaleString(), ' — ', summary);
  button.addEventListener('click', () => show(message.id));
  return el('li', { class: message.status === 'NEW' ? 'unread' : 'read', 'data-id': message.id }, button);
}

async function show(id) {
  const message = await api('GET', '/api/v1/messages/' + id);
  const rows = [['Taken', new Date(message.createdAt).toLocaleString()], ['Caller', message.callerName],
    ['Number', message.callerNumber], ['Status', message.status.toLowerCase()]];
  if (admin) rows.push(['Client', String(message.clientId)]);
  for (const [name, value] of Object.entries(message.fields)) rows.push([name.replaceAll('_', ' '), value]);
  const list = el('dl');
  for (const [name, value] of rows) list.append(el('dt', {}, name), el('dd', {}, value ?? ''));
  const children = [el('h2', {}, 'Message ' + message.id), list, await timeline(id)];
  if (message.status !== 'ACKNOWLEDGED') {
    const ack = el('button', { type: 'button', id: 'acknowledge' }, 'Acknowledge');
    ack.addEventListener('click', async () => {
      await api('POST', '/api/v1/messages/' + id + '/acknowledge');
      await show(id);
      await search();
    });
    children.push(ack);
  }
  detail.replaceChildren(...children);
  detail.focus();
  const row = inbox.querySelector(`li[data-id="${id}"]`);
  if (row) {
    row.className = message.status === 'NEW' ? 'unread' : 'read';
    row.querySelector('.badge').textContent = message.status.toLowerCase();
  }
}

form.from.addEventListener('change', updateExportLinks);
form.to.addEventListener('change', updateExportLinks);
if (!admin) setUpDelivery();

form.addEventListener('submit', (event) => {
  event.preventDefault();
  search();
});
await search();
