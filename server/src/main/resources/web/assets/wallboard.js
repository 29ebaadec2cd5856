// The wallboard: calls waiting, operators by state and today's calls and messages per client,
// refreshed every two seconds.
import { api, el, me, signOut } from './common.js';

const REFRESH_MS = 2000;
const STATE_TEXT = {
  LOGGED_OUT: 'logged out', AVAILABLE: 'available', OFFERED: 'ringing', ON_CALL: 'on a call',
  WRAP_UP: 'wrap-up', PAUSED: 'paused',
};

const user = await me();
if (user.role !== 'ADMIN') window.location.assign('/');
document.getElementById('who').textContent = user.username;
document.getElementById('signout').addEventListener('click', signOut);

function duration(seconds) {
  if (seconds === null || seconds === undefined) return '';
  const m = Math.floor(seconds / 60);
  return m >= 60 ? `${Math.floor(m / 60)} h ${m % 60} min` : `${m}:${String(seconds % 60).padStart(2, '0')}`;
}

function rows(id, items, cells) {
  document.getElementById(id).replaceChildren(...items.map((item) => el('tr', {}, ...cells(item).map((c) => el('td', {}, c)))));
}

async function refresh() {
  const error = document.getElementById('board-error');
  try {
    const board = await api('GET', '/api/v1/admin/wallboard');
    error.textContent = '';
    document.getElementById('waiting-count').textContent = board.waiting.length;
    rows('waiting', board.waiting, (w) => [w.clientName || `client ${w.clientId}`, duration(w.waitingSeconds)]);
    document.getElementById('by-state').replaceChildren(...Object.entries(board.operatorsByState)
      .filter(([, n]) => n > 0)
      .map(([state, n]) => el('li', { 'data-state': state }, `${STATE_TEXT[state]}: ${n}`)));
    rows('operators', board.operators, (o) => [o.name,
      STATE_TEXT[o.state] + (o.pauseReason ? ` (${o.pauseReason})` : ''), duration(o.inStateSeconds)]);
    rows('today', board.today, (c) => [c.clientName, String(c.calls), String(c.messages)]);
    document.getElementById('updated').textContent = `Updated ${new Date(board.at).toLocaleTimeString()} · day ${board.day}`;
  } catch (e) {
    if (e.status === 401) window.location.assign('/');
    error.textContent = e.message;
  }
}

await refresh();
setInterval(refresh, REFRESH_MS);
