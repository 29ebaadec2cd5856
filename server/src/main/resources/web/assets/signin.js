import { api } from './common.js';

const form = document.getElementById('signin');
const error = document.getElementById('signin-error');

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  error.textContent = '';
  try {
    const result = await api('POST', '/api/v1/session', {
      username: form.username.value,
      password: form.password.value,
      code: form.code.value || undefined,
    });
    if (result.user.role === 'OPERATOR') {
      window.location.assign('/console');
      return;
    }
    if (result.user.role === 'ADMIN') {
      window.location.assign('/admin');
      return;
    }
    window.location.assign('/portal');
  } catch (e) {
    error.textContent = e.message;
    if (e.problem && e.problem.codeRequired) {
      document.getElementById('code-row').hidden = false;
      form.code.focus();
      return;
    }
    form.password.value = '';
    form.code.value = '';
    form.password.focus();
  }
});
