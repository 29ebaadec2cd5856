// The client portal's delivery settings (contacts and rules) and a message's delivery timeline.
import { api, el } from './common.js';
import { showProblem, clearProblems, fieldsOf } from './forms.js';

const STATE_WORDS = {
  QUEUED: 'queued', SENDING: 'sending', SENT: 'sent', DELIVERED: 'delivered', FAILED: 'failed', ACKNOWLEDGED: 'acknowledged',
};
const CHANNEL_WORDS = { SMS: 'SMS', EMAIL: 'Email', WEBHOOK: 'Webhook' };

function when(instant) {
  return new Date(instant).toLocaleString();
}

function reason(code, text) {
  return [code, text].filter(Boolean).join(' ');
}

function eventLine(event) {
  let words = STATE_WORDS[event.state] || event.state;
  if (event.state === 'SENDING') words += ' (attempt ' + event.attempt + ')';
  if (event.state === 'QUEUED' && (event.errorCode || event.errorText)) words = 'will retry after: ' + reason(event.errorCode, event.errorText);
  if (event.state === 'FAILED') words += ': ' + (reason(event.errorCode, event.errorText) || 'no reason given');
  return el('li', { class: event.state === 'FAILED' ? 'failed' : undefined },
    el('time', { datetime: event.at }, when(event.at)), ' — ', words);
}

/** The delivery timeline of one message: each dispatch, where it stands, and its state changes with times. */
export async function timeline(messageId) {
  const section = el('section', { id: 'timeline', 'aria-labelledby': 'timeline-title' }, el('h3', { id: 'timeline-title' }, 'Delivery'));
  let deliveries;
  try {
    deliveries = await api('GET', '/api/v1/messages/' + messageId + '/deliveries');
  } catch (e) {
    section.append(el('p', { class: 'error', role: 'alert' }, e.message));
    return section;
  }
  if (deliveries.length === 0) {
    section.append(el('p', {}, 'Not sent to anyone (yet).'));
    return section;
  }
  const list = el('ol', { class: 'timeline' });
  for (const d of deliveries) {
    const state = STATE_WORDS[d.state] || d.state;
    const failure = d.state === 'FAILED' ? ': ' + (reason(d.errorCode, d.errorText) || 'no reason given') : '';
    list.append(el('li', { 'data-dispatch': d.id, 'data-state': d.state },
      el('strong', {}, (CHANNEL_WORDS[d.channel] || d.channel) + ' to ' + d.recipient), ' — ', state + failure,
      el('ol', { 'aria-label': 'What happened' }, ...d.events.map(eventLine))));
  }
  section.append(list);
  return section;
}

const contactForm = document.getElementById('contact-form');
const contactFields = fieldsOf(contactForm, 'contact', ['name', 'mobile', 'email', 'escalationOrder']);
const contactError = document.getElementById('contact-error');
const contactsError = document.getElementById('contacts-error');
const contactList = document.getElementById('contacts');
const rulesForm = document.getElementById('rules-form');
const rulesFields = fieldsOf(rulesForm, 'rules', ['timeZone', 'quietStart', 'subjectPrefix', 'webhookUrl', 'webhookSecret',
  'escalationAfterMinutes', 'escalationRounds']);
const rulesError = document.getElementById('rules-error');

function channels(name) {
  return [...contactForm.querySelectorAll(`input[name="${name}"]:checked`)].map((box) => box.value);
}

function describe(contact) {
  const ways = [contact.mobile, contact.email].filter(Boolean).join(', ');
  const normal = contact.normalChannels.map((c) => CHANNEL_WORDS[c]).join(' and ') || 'nothing';
  const urgent = contact.urgentChannels.map((c) => CHANNEL_WORDS[c]).join(' and ') || 'nothing';
  const onCall = contact.escalationOrder ? '; on call, ' + contact.escalationOrder + (contact.escalationOrder === 1 ? 'st' : 'th') : '';
  return ' (' + ways + ') — normal: ' + normal + '; urgent: ' + urgent + onCall;
}

function resetContactForm() {
  contactForm.reset();
  contactForm.elements.id.value = '';
  document.getElementById('contact-form-title').textContent = 'Add a contact';
  document.getElementById('contact-save').textContent = 'Add contact';
  document.getElementById('contact-cancel').hidden = true;
  clearProblems(contactFields, contactError);
}

function edit(contact) {
  resetContactForm();
  contactForm.elements.id.value = contact.id;
  contactForm.elements.name.value = contact.name;
  contactForm.elements.mobile.value = contact.mobile || '';
  contactForm.elements.email.value = contact.email || '';
  contactForm.elements.escalationOrder.value = contact.escalationOrder ?? '';
  for (const box of contactForm.querySelectorAll('input[type=checkbox]')) {
    const chosen = box.name === 'normal' ? contact.normalChannels : contact.urgentChannels;
    box.checked = chosen.includes(box.value);
  }
  document.getElementById('contact-form-title').textContent = 'Edit ' + contact.name;
  document.getElementById('contact-save').textContent = 'Save contact';
  document.getElementById('contact-cancel').hidden = false;
  contactForm.elements.name.focus();
}

async function loadContacts() {
  contactsError.textContent = '';
  try {
    const contacts = await api('GET', '/api/v1/delivery/contacts');
    contactList.replaceChildren(...contacts.map((contact) => {
      const editButton = el('button', { type: 'button', class: 'edit', 'aria-label': 'Edit ' + contact.name }, 'Edit');
      editButton.addEventListener('click', () => edit(contact));
      const removeButton = el('button', { type: 'button', class: 'remove', 'aria-label': 'Remove ' + contact.name }, 'Remove');
      removeButton.addEventListener('click', async () => {
        contactsError.textContent = '';
        try {
          await api('DELETE', '/api/v1/delivery/contacts/' + contact.id);
          if (contactForm.elements.id.value === String(contact.id)) resetContactForm();
          await loadContacts();
        } catch (e) {
          contactsError.textContent = e.message;
        }
      });
      return el('li', { 'data-id': contact.id }, el('strong', {}, contact.name), describe(contact), editButton, removeButton);
    }));
    if (contacts.length === 0) contactList.append(el('li', {}, 'No contacts yet: nobody is told about new messages.'));
  } catch (e) {
    contactsError.textContent = e.message;
  }
}

async function saveContact(event) {
  event.preventDefault();
  clearProblems(contactFields, contactError);
  const f = contactForm.elements;
  const body = {
    name: f.name.value, mobile: f.mobile.value, email: f.email.value,
    normalChannels: channels('normal'), urgentChannels: channels('urgent'),
    escalationOrder: f.escalationOrder.value === '' ? null : Number(f.escalationOrder.value),
  };
  try {
    if (f.id.value) await api('PUT', '/api/v1/delivery/contacts/' + f.id.value, body);
    else await api('POST', '/api/v1/delivery/contacts', body);
    resetContactForm();
    await loadContacts();
  } catch (e) {
    showProblem(e, contactFields, contactError, [[/^SMS needs/, 'mobile']]);
  }
}

function fillRules(rules) {
  const f = rulesForm.elements;
  f.timeZone.value = rules.timeZone;
  f.quietStart.value = rules.quietStart || '';
  f.quietEnd.value = rules.quietEnd || '';
  f.contentMode.value = rules.contentMode;
  f.subjectPrefix.value = rules.subjectPrefix;
  f.signOff.value = rules.signOff;
  f.webhookUrl.value = rules.webhookUrl || '';
  f.webhookSecret.value = '';
  f.escalationAfterMinutes.value = rules.escalationAfterMinutes ?? '';
  f.escalationRounds.value = rules.escalationRounds ?? '';
}

function number(input) {
  return input.value === '' ? null : Number(input.value);
}

async function saveRules(event) {
  event.preventDefault();
  clearProblems(rulesFields, rulesError, document.getElementById('rules-saved'));
  const f = rulesForm.elements;
  const secretNotice = document.getElementById('webhook-secret');
  secretNotice.hidden = true;
  try {
    const rules = await api('PUT', '/api/v1/delivery/rules', {
      timeZone: f.timeZone.value, quietStart: f.quietStart.value || null, quietEnd: f.quietEnd.value || null,
      contentMode: f.contentMode.value, subjectPrefix: f.subjectPrefix.value, signOff: f.signOff.value,
      webhookUrl: f.webhookUrl.value || null, webhookSecret: f.webhookSecret.value || null,
      escalationAfterMinutes: number(f.escalationAfterMinutes), escalationRounds: number(f.escalationRounds),
    });
    fillRules(rules);
    document.getElementById('rules-saved').textContent = 'Saved.';
    if (rules.webhookSecret) {
      secretNotice.replaceChildren('Your webhook secret, shown only now: ', el('code', {}, rules.webhookSecret),
        '. Your system checks each request\'s signature with it.');
      secretNotice.hidden = false;
    }
  } catch (e) {
    showProblem(e, rulesFields, rulesError, [[/^quiet hours/, 'quietStart']]);
  }
}

/** Shows the delivery section and loads the client's contacts and rules. */
export async function setUpDelivery() {
  document.getElementById('delivery').hidden = false;
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  document.getElementById('zones').replaceChildren(...zones.map((zone) => el('option', { value: zone })));
  contactForm.addEventListener('submit', saveContact);
  document.getElementById('contact-cancel').addEventListener('click', resetContactForm);
  rulesForm.addEventListener('submit', saveRules);
  await loadContacts();
  try {
    fillRules(await api('GET', '/api/v1/delivery/rules'));
  } catch (e) {
    rulesError.textContent = e.message;
  }
}
