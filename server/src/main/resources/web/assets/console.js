// The operator console: state controls, and one card per call offered, each with the client's
// greeting, the caller, their earlier messages and the capture form built from the client's
// script. Pops and state arrive over a WebSocket that reconnects by itself; on reconnect the
// server sends the call the operator holds again, so nothing offered while away is lost.
import { api, el, me, signOut } from './common.js';

const TEXT_MAX = 200;
const LONGTEXT_MAX = 4000;
const DISCARD_REASONS = [
  ['wrong-number', 'wrong number'],
  ['silent-call', 'silent call'],
  ['caller-hung-up', 'caller hung up'],
  ['no-message', 'no message to take'],
  ['spam', 'spam or sales call'],
];

const STATE_TEXT = {
  LOGGED_OUT: 'Not taking calls',
  AVAILABLE: 'Available',
  OFFERED: 'Call ringing',
  ON_CALL: 'On a call',
  WRAP_UP: 'Wrap-up',
  PAUSED: 'Paused',
};

const calls = document.getElementById('calls');
const idle = document.getElementById('idle');
const stateLabel = document.getElementById('state');
const timer = document.getElementById('timer');
const link = document.getElementById('link');
const stateError = document.getElementById('state-error');

let wrapUpLimit = 0;
let current = null;
let socket = null;
let retryDelay = 1000;
let leaving = false;

const user = await me();
if (user.role !== 'OPERATOR') {
  window.location.assign(user.role === 'ADMIN' ? '/admin' : '/portal');
}
document.getElementById('who').textContent = user.username;
document.getElementById('signout').addEventListener('click', () => {
  leaving = true;
  if (socket) socket.close();
  signOut();
});

const mine = await api('GET', '/api/v1/operator');
wrapUpLimit = mine.wrapUpLimitSeconds;
showState(mine.status);
connect();
setInterval(tick, 1000);

document.getElementById('available').addEventListener('click', () => changeState({ state: 'AVAILABLE' }));
document.getElementById('pause').addEventListener('click', () =>
  changeState({ state: 'PAUSED', reason: document.getElementById('pause-reason').value }));
document.getElementById('logout').addEventListener('click', () => changeState({ state: 'LOGGED_OUT' }));

async function changeState(change) {
  stateError.textContent = '';
  try {
    showState(await api('PUT', '/api/v1/operator/state', change));
  } catch (e) {
    stateError.textContent = e.message;
  }
}

function connect() {
  const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  socket = new WebSocket(`${scheme}//${window.location.host}/api/v1/operator/events`);
  socket.addEventListener('open', () => {
    retryDelay = 1000;
    link.textContent = 'Live';
    link.className = 'link-state live';
  });
  socket.addEventListener('message', (event) => {
    const message = JSON.parse(event.data);
    if (message.type === 'state') showState(message.state);
    if (message.type === 'pop') showPop(message.pop);
  });
  socket.addEventListener('close', (event) => {
    if (leaving) return;
    if (event.code === 1008) {
      window.location.assign('/');
      return;
    }
    link.textContent = 'Connection lost, reconnecting…';
    link.className = 'link-state lost';
    setTimeout(connect, retryDelay);
    retryDelay = Math.min(retryDelay * 2, 10000);
  });
}

function showState(state) {
  current = state;
  stateLabel.textContent = STATE_TEXT[state.state] + (state.state === 'PAUSED' && state.pauseReason ? ` (${state.pauseReason})` : '');
  stateLabel.dataset.state = state.state;
  document.getElementById('available').disabled = state.state === 'AVAILABLE' || state.state === 'OFFERED'
    || state.state === 'ON_CALL' || state.state === 'WRAP_UP';
  document.getElementById('pause').disabled = state.state !== 'AVAILABLE';
  document.getElementById('logout').disabled = state.state === 'LOGGED_OUT' || state.state === 'OFFERED'
    || state.state === 'ON_CALL';
  tick();
}

function tick() {
  if (!current || current.state !== 'WRAP_UP' || !current.since) {
    timer.textContent = '';
    return;
  }
  const elapsed = Math.max(0, Math.floor((Date.now() - Date.parse(current.since)) / 1000));
  timer.textContent = `${clock(elapsed)} of ${clock(wrapUpLimit)}`;
  timer.classList.toggle('late', elapsed > wrapUpLimit * 0.8);
}

function clock(seconds) {
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

function showPop(pop) {
  if (calls.querySelector(`[data-call-id="${pop.callId}"]`)) return;
  idle.hidden = true;
  const card = callCard(pop);
  calls.prepend(card);
  const first = card.querySelector('input, textarea, select');
  if (first) first.focus();
}

function callCard(pop) {
  const id = `call-${pop.callId}`;
  const card = el('section', { class: 'call', 'data-call-id': pop.callId, 'aria-labelledby': `${id}-title` });
  card.append(
    el('h2', { id: `${id}-title` }, pop.clientName),
    el('p', { class: 'greeting' }, el('span', { class: 'say' }, 'Say: '), pop.greeting),
    el('p', { class: 'caller' }, 'Caller: ', el('strong', { class: 'caller-name' }, pop.callerName || 'name not given'),
      ' · ', el('span', { class: 'caller-number' }, pop.callerNumber || 'number withheld')),
  );
  card.append(earlier(pop));
  card.append(captureForm(pop, card));
  return card;
}

function earlier(pop) {
  const box = el('details', { class: 'earlier', open: pop.earlier.length > 0 });
  box.append(el('summary', {}, `Earlier messages from this caller: ${pop.earlier.length}`));
  if (pop.earlier.length > 0) {
    const list = el('ol', {});
    for (const m of pop.earlier) {
      const summary = Object.values(m.fields).join(' · ');
      list.append(el('li', {}, el('time', { datetime: m.createdAt }, new Date(m.createdAt).toLocaleString()), ' ',
        el('span', { class: 'badge' }, m.urgency.toLowerCase()), ' ', el('span', { class: 'badge' }, m.status.toLowerCase()),
        ' ', summary));
    }
    box.append(list);
  }
  return box;
}

function captureForm(pop, card) {
  const prefix = `f-${pop.callId}-`;
  const form = el('form', { class: 'capture', novalidate: true });
  const fields = pop.script.fields;
  for (const field of fields) {
    const inputId = prefix + field.name;
    const errorId = `${inputId}-error`;
    form.append(el('p', { class: 'field' },
      el('label', { for: inputId }, field.label + (field.required ? ' (required)' : '')),
      input(field, inputId, errorId),
      el('span', { id: errorId, class: 'error field-error', 'aria-live': 'polite' })));
  }
  const hasUrgencyField = fields.some((f) => f.name === 'urgency');
  if (!hasUrgencyField) {
    form.append(el('p', {}, el('input', { type: 'checkbox', id: `${prefix}urgent`, name: 'urgent' }),
      el('label', { for: `${prefix}urgent` }, 'Urgent')));
  }
  const status = el('p', { class: 'form-status', role: 'status', 'aria-live': 'polite' });
  const save = el('button', { type: 'submit', class: 'save' }, 'Save message');
  const reason = el('select', { id: `${prefix}discard-reason`, class: 'discard-reason' },
    ...DISCARD_REASONS.map(([code, text]) => el('option', { value: code }, text)));
  const discard = el('button', { type: 'button', class: 'discard' }, 'Discard');
  const callBackNumber = pop.callerNumber && pop.callerNumber.startsWith('+') ? pop.callerNumber : null;
  const callBack = el('button', { type: 'button', class: 'call-back', disabled: !callBackNumber }, 'Call back');
  form.append(el('p', { class: 'actions' }, save, ' ',
    el('label', { for: reason.id }, 'Discard reason'), reason, discard, ' ', callBack), status);

  form.addEventListener('input', (event) => {
    const error = document.getElementById(`${event.target.id}-error`);
    if (error) error.textContent = '';
    event.target.removeAttribute('aria-invalid');
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    status.textContent = '';
    status.className = 'form-status';
    if (!checkInBrowser(form, fields, prefix)) {
      status.textContent = 'Check the fields marked above.';
      status.classList.add('error');
      return;
    }
    const values = {};
    for (const field of fields) values[field.name] = form.elements[prefix + field.name].value;
    const urgent = form.elements[`${prefix}urgent`];
    save.disabled = true;
    status.textContent = 'Saving…';
    try {
      const saved = await api('POST', `/api/v1/operator/calls/${pop.callId}/message`, {
        scriptVersion: pop.script.version,
        fields: values,
        urgency: urgent ? (urgent.checked ? 'URGENT' : 'NORMAL') : undefined,
      });
      done(card, form, `Saved as message ${saved.id}.`);
    } catch (e) {
      save.disabled = false;
      status.classList.add('error');
      if (e.status === 409 && e.problem.messageId) {
        done(card, form, `Already saved as message ${e.problem.messageId}.`);
        return;
      }
      status.textContent = e.message;
      for (const [name, problem] of Object.entries((e.problem && e.problem.fields) || {})) {
        const error = document.getElementById(`${prefix}${name}-error`);
        if (error) error.textContent = problem;
      }
    }
  });
  discard.addEventListener('click', async () => {
    status.textContent = '';
    try {
      await api('POST', `/api/v1/operator/calls/${pop.callId}/discard`, { reason: reason.value });
      done(card, form, `Discarded (${reason.options[reason.selectedIndex].text}).`);
    } catch (e) {
      status.textContent = e.message;
      status.classList.add('error');
    }
  });
  callBack.addEventListener('click', async () => {
    status.textContent = '';
    try {
      await api('POST', '/api/v1/operator/call-back', { number: callBackNumber });
      status.textContent = 'Calling back: your phone rings first.';
    } catch (e) {
      status.textContent = e.message;
      status.classList.add('error');
    }
  });
  return form;
}

function input(field, id, errorId) {
  const common = { id, name: id, 'aria-describedby': errorId, required: field.required };
  switch (field.type) {
    case 'LONGTEXT':
      return el('textarea', { ...common, rows: 4, maxlength: LONGTEXT_MAX });
    case 'PHONE':
      return el('input', { ...common, type: 'tel', autocomplete: 'off', maxlength: 40 });
    case 'EMAIL':
      return el('input', { ...common, type: 'email', autocomplete: 'off', maxlength: 254 });
    case 'DATE':
      return el('input', { ...common, type: 'date' });
    case 'CHOICE':
      return el('select', common, el('option', { value: '' }, 'choose…'),
        ...field.options.map((o) => el('option', { value: o }, o)));
    case 'POSTCODE':
      return el('input', { ...common, autocomplete: 'off', maxlength: 10, size: 10 });
    default:
      return el('input', { ...common, autocomplete: 'off', maxlength: TEXT_MAX });
  }
}

/** The browser's check: the same rules as the server's, which checks again. */
function checkInBrowser(form, fields, prefix) {
  let ok = true;
  let firstBad = null;
  for (const field of fields) {
    const control = form.elements[prefix + field.name];
    const error = document.getElementById(`${prefix}${field.name}-error`);
    const value = control.value.trim();
    let problem = '';
    if (!value) {
      if (field.required) problem = `${field.label} is required`;
    } else if (field.type === 'PHONE' && !/^\+?[0-9 ()-]{7,20}$/.test(value)) {
      problem = `${field.label} is not a telephone number`;
    } else if (field.type === 'EMAIL' && !/^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$/.test(value)) {
      problem = `${field.label} is not an email address`;
    } else if (field.type === 'TEXT' && value.includes('\n')) {
      problem = `${field.label} must be one line`;
    }
    error.textContent = problem;
    control.setAttribute('aria-invalid', problem ? 'true' : 'false');
    if (problem && !firstBad) firstBad = control;
    ok = ok && !problem;
  }
  if (firstBad) firstBad.focus();
  return ok;
}

function done(card, form, text) {
  for (const control of form.elements) control.disabled = true;
  const status = form.querySelector('.form-status');
  status.textContent = text;
  status.className = 'form-status saved';
  card.classList.add('done');
  setTimeout(() => {
    card.remove();
    idle.hidden = calls.children.length > 0;
  }, 8000);
}
