import { api } from './common.js';

const form = document.getElementById('set-password');
const result = document.getElementById('result');
const token = window.location.hash.slice(1);
// The token travels in the fragment, so it never reaches logs or Referer headers; drop it from the address bar.
history.replaceState(null, '', window.location.pathname);

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  result.className = 'error';
  if (form.password.value !== form.repeat.value) {
    result.textContent = 'The two passwords differ.';
    return;
  }
  try {
    await api('POST', '/api/v1/password', { token, password: form.password.value });
    result.className = '';
    result.replaceChildren('Your password is set. ', Object.assign(document.createElement('a'), { href: '/', textContent: 'Sign in' }));
    form.querySelector('button').disabled = true;
  } catch (e) {
    result.textContent = e.message;
  }
});
