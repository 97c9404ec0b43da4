// What the staff's screens share: the sign-in kept in the tab's sessionStorage (one for the console, the dashboard
// and the audit desk, so moving between them in a tab keeps it), its form, and the role a token carries.
import { Api, storedTokens } from './api.js';
import { el } from './timeline.js';

/** The API of the server that served the page, with the tab's staff sign-in. */
export function staffApi() {
  return new Api(new URL('/', location.href).href, storedTokens(sessionStorage, 'livechat:console:session'));
}

/**
 * Replaces `host`'s content with a sign-in form titled `title`; once the server gives tokens they are kept, with the
 * username and the actor they stand for (`me`), and `onSignedIn` runs.
 */
export function signIn(host, api, title, onSignedIn, message = '') {
  const error = el('p', { class: 'error', role: 'alert' }, message);
  const form = el('form', { class: 'sign-in', onsubmit: async event => {
    event.preventDefault();
    const data = new FormData(form);
    try {
      const tokens = await api.post('api/auth/token', { username: data.get('username'), password: data.get('password') });
      const roles = claims(tokens.accessToken).roles ?? [];
      const role = ['supervisor', 'agent', 'auditor'].find(r => roles.includes(r)) ?? 'agent';
      api.tokens.set({ ...tokens, username: data.get('username'), me: `${role}:${data.get('username')}` });
      onSignedIn();
    } catch (problem) {
      error.textContent = problem.message;
    }
  } },
  el('h1', {}, title),
  el('label', { for: 'username' }, 'Username'),
  el('input', { type: 'text', id: 'username', name: 'username', autocomplete: 'username', required: true }),
  el('label', { for: 'password' }, 'Password'),
  el('input', { type: 'password', id: 'password', name: 'password', autocomplete: 'current-password',
    required: true }),
  error,
  el('button', { type: 'submit' }, 'Sign in'));
  host.replaceChildren(form);
  form.querySelector('input').focus();
}

/** Whether the signed-in token carries `role` (read without verifying: the server checks every call). */
export function hasRole(api, role) {
  const token = api.tokens.get()?.accessToken;
  return Boolean(token) && (claims(token).roles ?? []).includes(role);
}

/** The claims of a JWT, read without verifying. */
function claims(token) {
  try {
    return JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
  } catch (unreadable) {
    return {};
  }
}
