// Shared by every page: the JSON API with the session's CSRF token, and safe DOM building.
// Text always goes in through textContent, never innerHTML, so caller-typed text stays text.

let csrfToken = null;

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail);
    this.status = status;
    this.problem = problem;
  }
}

export async function api(method, path, body) {
  const headers = { 'Accept': 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  const response = await fetch(path, {
    method, headers, credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 204) return null;
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiError(response.status, { ...data, detail: data.detail || response.statusText });
  return data;
}

/** The signed-in user, or a trip back to the sign-in page. */
export async function me() {
  try {
    const user = await api('GET', '/api/v1/me');
    csrfToken = user.csrfToken;
    return user;
  } catch (e) {
    window.location.assign('/');
    throw e;
  }
}

export async function signOut() {
  await api('DELETE', '/api/v1/session').catch(() => null);
  window.location.assign('/');
}

/** An element with text content and attributes; children may be elements or strings. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value !== undefined && value !== null && value !== false) node.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children) {
    node.append(child instanceof Node ? child : document.createTextNode(child ?? ''));
  }
  return node;
}
