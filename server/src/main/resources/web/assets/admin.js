// The admin console: clients (numbers, service, capture scripts), operators, users, API keys,
// dead-lettered dispatches and the audit log, one view per navigation entry (#clients, ...).
import { api, me, signOut, el } from './common.js';

const FIELD_TYPES = [['TEXT', 'text'], ['LONGTEXT', 'long text'], ['PHONE', 'phone'], ['EMAIL', 'email'],
  ['DATE', 'date'], ['CHOICE', 'choice'], ['POSTCODE', 'postcode']];
const ROLES = { ADMIN: 'admin', OPERATOR: 'operator', CLIENT_USER: 'client user' };
const AUDIT_PAGE = 50;

const user = await me();
document.getElementById('who').textContent = user.username;
document.getElementById('signout').addEventListener('click', signOut);
const pageError = document.getElementById('page-error');
if (user.role !== 'ADMIN') {
  document.querySelector('nav').hidden = true;
  pageError.replaceChildren('The admin console is for admins. ', el('a', { href: '/' }, 'Back to the start page'));
  await new Promise(() => {});
}

const state = { clients: [], operators: [], users: [], selectedClient: null, auditPages: [] };
let nextId = 0;
const uniqueId = (prefix) => `${prefix}-${++nextId}`;
const when = (instant) => (instant ? new Date(instant).toLocaleString() : '');

/** Shows an API error (its problem detail) in the element next to the control that caused it. */
function showError(target, e) {
  target.textContent = e.message || String(e);
}

/** Runs a form's submit handler with its error span cleared first and filled on failure. */
function onSubmit(form, errorTarget, handler) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errorTarget.textContent = '';
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    try {
      await handler();
    } catch (e) {
      showError(errorTarget, e);
    } finally {
      button.disabled = false;
    }
  });
}

function clientName(id) {
  const client = state.clients.find((c) => c.id === id);
  return client ? client.name : 'client ' + id;
}

function operatorName(id) {
  const operator = state.operators.find((o) => o.id === id);
  return operator ? operator.name : 'operator ' + id;
}

function userName(id) {
  const found = state.users.find((u) => u.id === id);
  return found ? found.username : 'user ' + id;
}

function row(...cells) {
  return el('tr', {}, ...cells.map((cell) => el('td', {}, cell)));
}

function emptyRow(columns, text) {
  return el('tr', {}, el('td', { colspan: columns }, text));
}

async function loadClients() {
  state.clients = await api('GET', '/api/v1/admin/clients');
}

async function loadOperators() {
  state.operators = await api('GET', '/api/v1/admin/operators');
}

async function loadUsers() {
  state.users = await api('GET', '/api/v1/admin/users');
}

// Clients

const clientTable = document.querySelector('#client-list tbody');
const clientDetail = document.getElementById('client-detail');

function renderClients() {
  if (state.clients.length === 0) {
    clientTable.replaceChildren(emptyRow(4, 'No clients yet.'));
    return;
  }
  clientTable.replaceChildren(...state.clients.map((client) => {
    const open = el('button', { type: 'button', class: 'link' }, client.name);
    open.addEventListener('click', () => showClient(client.id).catch((e) => showError(pageError, e)));
    const tr = row(open, client.status.toLowerCase(), client.numbers.join(', '),
      client.scriptVersion ? 'version ' + client.scriptVersion : 'none');
    tr.dataset.id = client.id;
    if (client.id === state.selectedClient) tr.setAttribute('aria-current', 'true');
    return tr;
  }));
}

async function clientsView() {
  await loadClients();
  renderClients();
  if (state.selectedClient !== null) await showClient(state.selectedClient, false);
}

onSubmit(document.getElementById('new-client'), document.getElementById('new-client-error'), async () => {
  const form = document.getElementById('new-client');
  const client = await api('POST', '/api/v1/admin/clients', { name: form.name.value, greeting: form.greeting.value });
  form.reset();
  await loadClients();
  await showClient(client.id);
});

async function showClient(id, focus = true) {
  const [client, versions] = await Promise.all([
    api('GET', '/api/v1/admin/clients/' + id),
    api('GET', '/api/v1/admin/clients/' + id + '/scripts'),
  ]);
  state.selectedClient = id;
  renderClients();
  const facts = el('dl', {},
    el('dt', {}, 'Greeting'), el('dd', {}, client.greeting),
    el('dt', {}, 'Status'), el('dd', { id: 'client-status' },
      client.status === 'CEASED' ? 'service ceased ' + when(client.ceasedAt) : 'active'),
    el('dt', {}, 'Numbers'), el('dd', {}, client.numbers.length ? el('ul', { id: 'client-numbers' },
      ...client.numbers.map((n) => el('li', {}, n))) : 'none yet'));
  clientDetail.replaceChildren(el('h3', { id: 'client-heading' }, client.name), facts,
    numberForm(client), ceaseControl(client), scriptEditor(client, versions[0]), versionList(versions));
  if (focus) clientDetail.focus();
}

function numberForm(client) {
  const error = el('span', { id: 'number-error', class: 'error', role: 'alert' });
  const input = el('input', { id: 'client-number', name: 'number', type: 'tel', required: true, 'aria-describedby': 'number-error' });
  const form = el('form', { id: 'add-number', class: 'inline', novalidate: true },
    el('label', { for: 'client-number' }, 'Add a number (any format)'), input,
    el('button', { type: 'submit' }, 'Add number'), error);
  onSubmit(form, error, async () => {
    input.removeAttribute('aria-invalid');
    try {
      await api('POST', '/api/v1/admin/clients/' + client.id + '/numbers', { number: input.value });
    } catch (e) {
      input.setAttribute('aria-invalid', 'true');
      throw e;
    }
    await loadClients();
    await showClient(client.id, false);
    document.getElementById('client-number').focus();
  });
  return form;
}

function ceaseControl(client) {
  if (client.status === 'CEASED') return el('p', {}, 'Service has ceased; its messages are kept until retention ends.');
  const error = el('span', { id: 'cease-error', class: 'error', role: 'alert' });
  const start = el('button', { type: 'button', id: 'cease' }, 'Cease service…');
  const confirm = el('button', { type: 'button', id: 'cease-confirm' }, 'Yes, cease service');
  const cancel = el('button', { type: 'button', id: 'cease-cancel' }, 'Keep the service');
  const question = el('p', { id: 'cease-question', role: 'alertdialog', 'aria-labelledby': 'cease-text', hidden: true },
    el('span', { id: 'cease-text' }, 'Cease service for ' + client.name + '? Its calls stop being answered and the retention period starts.'),
    ' ', confirm, ' ', cancel);
  start.addEventListener('click', () => {
    question.hidden = false;
    start.hidden = true;
    cancel.focus();
  });
  cancel.addEventListener('click', () => {
    question.hidden = true;
    start.hidden = false;
    start.focus();
  });
  confirm.addEventListener('click', async () => {
    error.textContent = '';
    try {
      await api('POST', '/api/v1/admin/clients/' + client.id + '/cease');
      await loadClients();
      await showClient(client.id);
    } catch (e) {
      showError(error, e);
    }
  });
  return el('div', { class: 'cease' }, el('p', {}, start, ' ', error), question);
}

function fieldEditor(field) {
  const ids = { name: uniqueId('sf-name'), label: uniqueId('sf-label'), type: uniqueId('sf-type'),
    required: uniqueId('sf-required'), options: uniqueId('sf-options') };
  const type = el('select', { id: ids.type, name: 'type' },
    ...FIELD_TYPES.map(([value, text]) => el('option', { value, selected: value === field.type }, text)));
  const options = el('textarea', { id: ids.options, name: 'options', rows: 3, cols: 24 }, (field.options || []).join('\n'));
  const optionsRow = el('span', { class: 'options' }, el('label', { for: ids.options }, 'Options, one per line'), options);
  const syncOptions = () => {
    const choice = type.value === 'CHOICE';
    optionsRow.hidden = !choice;
    options.disabled = !choice;
  };
  type.addEventListener('change', syncOptions);
  const legend = el('legend', {});
  const up = el('button', { type: 'button', class: 'move-up' }, 'Move up');
  const down = el('button', { type: 'button', class: 'move-down' }, 'Move down');
  const remove = el('button', { type: 'button', class: 'remove' }, 'Remove field');
  const fieldset = el('fieldset', { class: 'script-field' }, legend,
    el('label', { for: ids.name }, 'Name'),
    el('input', { id: ids.name, name: 'name', value: field.name || '', required: true, pattern: '[a-z][a-z0-9_]*', size: 14 }),
    el('label', { for: ids.label }, 'Label'),
    el('input', { id: ids.label, name: 'label', value: field.label || '', required: true, size: 24 }),
    el('label', { for: ids.type }, 'Type'), type,
    el('input', { id: ids.required, name: 'required', type: 'checkbox', checked: Boolean(field.required) }),
    el('label', { for: ids.required }, 'Required'),
    optionsRow, el('span', { class: 'field-actions' }, up, down, remove));
  up.addEventListener('click', () => {
    if (fieldset.previousElementSibling) fieldset.previousElementSibling.before(fieldset);
    renumber(fieldset.parentElement);
    up.focus();
  });
  down.addEventListener('click', () => {
    if (fieldset.nextElementSibling) fieldset.nextElementSibling.after(fieldset);
    renumber(fieldset.parentElement);
    down.focus();
  });
  remove.addEventListener('click', () => {
    const list = fieldset.parentElement;
    fieldset.remove();
    renumber(list);
    (list.querySelector('input') || list.closest('form').querySelector('.add-field')).focus();
  });
  syncOptions();
  return fieldset;
}

function renumber(list) {
  [...list.children].forEach((fieldset, i) => {
    fieldset.querySelector('legend').textContent = 'Field ' + (i + 1);
  });
}

function readFields(list) {
  return [...list.children].map((fieldset) => {
    const value = (name) => fieldset.querySelector(`[name=${name}]`);
    const type = value('type').value;
    return {
      name: value('name').value.trim(),
      label: value('label').value.trim(),
      type,
      required: value('required').checked,
      options: type === 'CHOICE' ? value('options').value.split('\n').map((o) => o.trim()).filter(Boolean) : [],
    };
  });
}

function scriptEditor(client, current) {
  const list = el('div', { class: 'script-fields' });
  const fields = current ? current.fields : [{ name: '', label: '', type: 'TEXT', required: true }];
  list.append(...fields.map(fieldEditor));
  renumber(list);
  const add = el('button', { type: 'button', class: 'add-field' }, 'Add field');
  add.addEventListener('click', () => {
    const fieldset = fieldEditor({ name: '', label: '', type: 'TEXT', required: false });
    list.append(fieldset);
    renumber(list);
    fieldset.querySelector('input').focus();
  });
  const error = el('span', { id: 'script-error', class: 'error', role: 'alert' });
  const form = el('form', { id: 'script-editor', novalidate: true },
    el('h4', {}, 'Capture script', current ? ' (editing version ' + current.version + ')' : ' (none yet)'),
    el('p', {}, 'Saving makes a new version; each message keeps the version it was taken with.'),
    list, el('p', {}, add, ' ', el('button', { type: 'submit' }, 'Save as a new version'), ' ', error));
  onSubmit(form, error, async () => {
    const saved = await api('PUT', '/api/v1/admin/clients/' + client.id + '/script', { fields: readFields(list) });
    await loadClients();
    await showClient(client.id, false);
    document.getElementById('script-error').className = 'ok';
    document.getElementById('script-error').textContent = 'Saved as version ' + saved.version + '.';
  });
  return form;
}

function versionList(versions) {
  const section = el('section', { class: 'versions', 'aria-labelledby': 'versions-heading' },
    el('h4', { id: 'versions-heading' }, 'Script versions'));
  if (versions.length === 0) {
    section.append(el('p', {}, 'No script saved yet.'));
    return section;
  }
  section.append(el('ul', { id: 'script-versions' }, ...versions.map((script, i) => {
    const table = el('table', { class: 'list' },
      el('thead', {}, el('tr', {}, ...['Name', 'Label', 'Type', 'Required', 'Options'].map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, ...script.fields.map((f) => row(f.name, f.label, f.type.toLowerCase(), f.required ? 'yes' : 'no',
        (f.options || []).join(', ')))));
    return el('li', { 'data-version': script.version },
      el('details', { open: i === 0 },
        el('summary', {}, 'Version ' + script.version + (i === 0 ? ' (current)' : '') + ', saved ' + when(script.createdAt)),
        table));
  })));
  return section;
}

// Operators

const operatorList = document.getElementById('operator-list');

async function operatorsView() {
  await Promise.all([loadClients(), loadOperators()]);
  renderOperators();
}

function renderOperators() {
  if (state.operators.length === 0) {
    operatorList.replaceChildren(el('p', {}, 'No operators yet.'));
    return;
  }
  operatorList.replaceChildren(...state.operators.map((operator) => {
    const fieldset = el('fieldset', { class: 'operator', 'data-id': operator.id },
      el('legend', {}, operator.name + ' (' + operator.endpoint + ') may answer'));
    if (state.clients.length === 0) fieldset.append(el('p', {}, 'No clients yet.'));
    for (const client of state.clients) {
      const id = `operator-${operator.id}-client-${client.id}`;
      const error = el('span', { id: id + '-error', class: 'error', role: 'alert' });
      const box = el('input', { type: 'checkbox', id, checked: operator.clients.includes(client.id), 'aria-describedby': id + '-error' });
      box.addEventListener('change', async () => {
        error.textContent = '';
        box.disabled = true;
        try {
          const updated = await api(box.checked ? 'PUT' : 'DELETE', `/api/v1/admin/operators/${operator.id}/clients/${client.id}`);
          operator.clients = updated.clients;
        } catch (e) {
          box.checked = !box.checked;
          showError(error, e);
        } finally {
          box.disabled = false;
        }
      });
      fieldset.append(el('p', {}, box, el('label', { for: id }, client.name + (client.status === 'CEASED' ? ' (ceased)' : '')), ' ', error));
    }
    return fieldset;
  }));
}

onSubmit(document.getElementById('new-operator'), document.getElementById('new-operator-error'), async () => {
  const form = document.getElementById('new-operator');
  await api('POST', '/api/v1/admin/operators', { name: form.name.value, endpoint: form.endpoint.value });
  form.reset();
  await operatorsView();
  form.name.focus();
});

// Users

const userForm = document.getElementById('new-user');
const userTable = document.querySelector('#user-list tbody');

function choices(select, items, text) {
  const selected = select.value;
  select.replaceChildren(...items.map((item) => el('option', { value: item.id, selected: String(item.id) === selected }, text(item))));
}

function syncRole() {
  document.getElementById('user-client-row').hidden = userForm.role.value !== 'CLIENT_USER';
  document.getElementById('user-operator-row').hidden = userForm.role.value !== 'OPERATOR';
}
userForm.role.addEventListener('change', syncRole);

async function usersView() {
  await Promise.all([loadClients(), loadOperators(), loadUsers()]);
  choices(userForm.clientId, state.clients.filter((c) => c.status === 'ACTIVE'), (c) => c.name);
  choices(userForm.operatorId, state.operators, (o) => o.name + ' (' + o.endpoint + ')');
  syncRole();
  userTable.replaceChildren(...state.users.map((u) => {
    const bound = u.clientId !== null ? 'client ' + clientName(u.clientId)
      : u.operatorId !== null ? 'operator ' + operatorName(u.operatorId) : '';
    const tr = row(u.username, ROLES[u.role] || u.role, bound);
    tr.dataset.id = u.id;
    return tr;
  }));
}

onSubmit(userForm, document.getElementById('new-user-error'), async () => {
  const role = userForm.role.value;
  const body = { username: userForm.username.value, role };
  if (role === 'CLIENT_USER' && userForm.clientId.value) body.clientId = Number(userForm.clientId.value);
  if (role === 'OPERATOR' && userForm.operatorId.value) body.operatorId = Number(userForm.operatorId.value);
  const created = await api('POST', '/api/v1/admin/users', body);
  document.getElementById('user-link-label').textContent = 'One-time set-password link for ' + created.user.username
    + ' (valid until ' + when(created.linkExpiresAt) + ')';
  const link = document.getElementById('user-link-url');
  link.value = new URL(created.setPasswordLink, window.location.origin).href;
  document.getElementById('user-link').hidden = false;
  userForm.username.value = '';
  await usersView();
  link.focus();
  link.select();
});

// API keys

const keyForm = document.getElementById('new-key');
const keyTable = document.querySelector('#key-list tbody');
const keyError = document.getElementById('key-error');

async function keysView() {
  const [keys] = await Promise.all([api('GET', '/api/v1/admin/api-keys'), loadUsers()]);
  choices(keyForm.userId, state.users, (u) => u.username + ' (' + (ROLES[u.role] || u.role) + ')');
  if (keys.length === 0) {
    keyTable.replaceChildren(emptyRow(5, 'No API keys.'));
    return;
  }
  keyTable.replaceChildren(...keys.map((key) => {
    const revoke = el('button', { type: 'button', class: 'revoke' }, 'Revoke');
    revoke.setAttribute('aria-label', 'Revoke ' + key.name);
    revoke.addEventListener('click', async () => {
      keyError.textContent = '';
      try {
        await api('DELETE', '/api/v1/admin/api-keys/' + key.id);
        document.getElementById('key-issued').hidden = true;
        document.getElementById('key-issued-value').value = '';
        await keysView();
        keyForm.name.focus();
      } catch (e) {
        showError(keyError, e);
      }
    });
    const tr = row(key.name, userName(key.userId), when(key.createdAt), key.lastUsedAt ? when(key.lastUsedAt) : 'never', revoke);
    tr.dataset.id = key.id;
    return tr;
  }));
}

onSubmit(keyForm, document.getElementById('new-key-error'), async () => {
  const issued = await api('POST', '/api/v1/admin/api-keys', {
    name: keyForm.name.value, userId: keyForm.userId.value ? Number(keyForm.userId.value) : undefined,
  });
  document.getElementById('key-issued-label').textContent = 'API key ' + issued.name + ' for ' + userName(issued.userId);
  const value = document.getElementById('key-issued-value');
  value.value = issued.key;
  document.getElementById('key-issued').hidden = false;
  keyForm.name.value = '';
  await keysView();
  value.focus();
  value.select();
});

// Dead letters

async function deadLettersView() {
  const [dispatches] = await Promise.all([api('GET', '/api/v1/admin/dead-letters'), loadClients()]);
  const table = document.querySelector('#dead-letter-list tbody');
  if (dispatches.length === 0) {
    table.replaceChildren(emptyRow(8, 'No dead letters.'));
    return;
  }
  table.replaceChildren(...dispatches.map((d) => {
    const tr = row(String(d.id), String(d.messageId), clientName(d.clientId), d.channel.toLowerCase(), String(d.attempts),
      d.errorCode || '', d.errorText || '', when(d.updatedAt));
    tr.dataset.id = d.id;
    return tr;
  }));
}
document.getElementById('dead-letters-refresh').addEventListener('click', () => deadLettersView().catch((e) => showError(pageError, e)));

// Audit log

const older = document.getElementById('audit-older');

async function auditPage(before) {
  const [entries] = await Promise.all([
    api('GET', '/api/v1/admin/audit?limit=' + AUDIT_PAGE + (before ? '&before=' + before : '')), loadUsers()]);
  const actor = (name) => {
    const match = /^user:(\d+)$/.exec(name);
    return match ? userName(Number(match[1])) + ' (' + name + ')' : name;
  };
  const table = document.querySelector('#audit-list tbody');
  table.replaceChildren(...entries.map((e) => {
    const tr = row(String(e.seq), when(e.at), actor(e.actor), e.action, e.target, e.detail);
    tr.dataset.seq = e.seq;
    return tr;
  }));
  if (entries.length === 0) table.replaceChildren(emptyRow(6, 'No entries.'));
  older.disabled = entries.length < AUDIT_PAGE;
  older.dataset.before = entries.length ? entries[entries.length - 1].seq : '';
}
document.getElementById('audit-newest').addEventListener('click', () => auditPage(null).catch((e) => showError(pageError, e)));
older.addEventListener('click', () => auditPage(older.dataset.before).catch((e) => showError(pageError, e)));

// Navigation

const views = {
  clients: clientsView,
  operators: operatorsView,
  users: usersView,
  'api-keys': keysView,
  'dead-letters': deadLettersView,
  audit: () => auditPage(null),
};

async function route(moveFocus) {
  const name = Object.hasOwn(views, window.location.hash.slice(1)) ? window.location.hash.slice(1) : 'clients';
  for (const section of document.querySelectorAll('section.view')) section.hidden = section.id !== name;
  for (const link of document.querySelectorAll('nav a[href^="#"]')) {
    if (link.getAttribute('href') === '#' + name) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  pageError.textContent = '';
  try {
    await views[name]();
  } catch (e) {
    showError(pageError, e);
  }
  if (moveFocus) document.getElementById(name + '-heading').focus();
}

window.addEventListener('hashchange', () => route(true));
await route(false);
