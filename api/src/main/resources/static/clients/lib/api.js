// Calls to the livechat API through the generated TypeScript client's bundle: JSON in and out, the bearer token of the
// stored sign-in, one refresh when the server no longer takes the access token, and every refusal as a Problem
// carrying the server's rule and a human message.
import { livechatClient } from './livechat-client.js';
import { humanMessage } from './problems.js';

export class Problem extends Error {
  constructor(status, rule, detail, retryAfterMs) {
    super(humanMessage(rule, detail));
    this.status = status;
    this.rule = rule;
    this.retryAfterMs = retryAfterMs;
  }

  /** Worth sending again unchanged: the network failed, or the server was busy, stopping or restarting. */
  get retryable() {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }
}

/**
 * `base` is the server's URL ending in '/'; `tokens` keeps the sign-in: get() answers {accessToken, refreshToken, ...}
 * or null, set(value) replaces it.
 */
export class Api {
  #refreshing = null;

  constructor(base, tokens) {
    this.base = base;
    this.tokens = tokens;
  }

  url(path) {
    return new URL(path, this.base).href;
  }

  get(path) {
    return this.request('GET', path);
  }

  post(path, body = {}) {
    return this.request('POST', path, body);
  }

  put(path, body = {}) {
    return this.request('PUT', path, body);
  }

  delete(path) {
    return this.request('DELETE', path);
  }

  /** Sends `file` as the part `file` of a multipart form; answers like request(). */
  upload(path, file) {
    const form = new FormData();
    form.append('file', file);
    return this.request('POST', path, form);
  }

  /** The answer's JSON (null when it has none); a refusal or a failed network throws a Problem. */
  async request(method, path, body) {
    return read(await this.#authorized(method, path, body));
  }

  /** The answer's bytes (a file to download); a refusal or a failed network throws a Problem. */
  async blob(path) {
    const response = await this.#authorized('GET', path, undefined, 'blob');
    return response?.ok ? response.body : read(response);
  }

  async #authorized(method, path, body, parseAs = 'text') {
    const used = this.tokens.get()?.accessToken;
    const response = await this.#send(method, path, body, used, parseAs);
    if (response?.status === 401 && used && await this.#refresh(used)) {
      return this.#send(method, path, body, this.tokens.get()?.accessToken, parseAs);
    }
    return response;
  }

  /**
   * New tokens for the refresh token, once for all calls that found the access token refused at the same time: a
   * refresh token works once, and a second use would end the sign-in. Another tab may have refreshed already.
   */
  #refresh(used) {
    const current = this.tokens.get();
    if (!current?.refreshToken) {
      return Promise.resolve(false);
    }
    if (current.accessToken !== used) {
      return Promise.resolve(true);
    }
    this.#refreshing ??= this.#send('POST', 'api/auth/refresh', { refreshToken: current.refreshToken })
      .then(read)
      .then(fresh => {
        this.tokens.set({ ...current, ...fresh });
        return true;
      }, problem => {
        if (!problem.retryable) {
          this.tokens.set(null);
        }
        return false;
      })
      .finally(() => { this.#refreshing = null; });
    return this.#refreshing;
  }

  /**
   * One call through the generated client, or null when the server is unreachable. The answer is {status, ok,
   * headers, body}: a success's body as `parseAs` reads it ('text' or 'blob'), a refusal's as text.
   */
  async #send(method, path, body, accessToken, parseAs = 'text') {
    try {
      const { response, data, error } = await livechatClient(this.base, () => accessToken)
        .request(method.toLowerCase(), `/${path}`, { body, parseAs, credentials: 'omit' });
      const refusal = typeof error === 'string' || error === undefined ? error : JSON.stringify(error);
      return { status: response.status, ok: response.ok, headers: response.headers,
        body: response.ok ? data : refusal };
    } catch (unreachable) {
      return null;
    }
  }
}

async function read(response) {
  if (response === null) {
    throw new Problem(0, 'network');
  }
  const text = response.body;
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch (notJson) {
    json = null;
  }
  if (response.ok) {
    return json;
  }
  const retryAfter = Number(response.headers.get('Retry-After'));
  throw new Problem(response.status, json?.rule ?? String(response.status), json?.detail,
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined);
}

/** Waits before the next try: 250 ms doubling up to 5 s, a little less or more so clients do not come back together. */
export function backoff(attempt, floorMs = 0) {
  const delay = Math.max(floorMs, Math.min(5000, 250 * 2 ** attempt));
  return delay * (0.8 + Math.random() * 0.4);
}

/** A sign-in kept in `storage` (localStorage, sessionStorage) under `key`. */
export function storedTokens(storage, key) {
  return {
    get() {
      try {
        return JSON.parse(storage.getItem(key));
      } catch (unreadable) {
        return null;
      }
    },
    set(value) {
      if (value === null) {
        storage.removeItem(key);
      } else {
        storage.setItem(key, JSON.stringify(value));
      }
    },
  };
}

/** A random id for a message's clientMessageId (crypto.randomUUID exists only on secure pages). */
export function randomId() {
  if (crypto.randomUUID) {
    return crypto.randomUUID();
  }
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, b => b.toString(16).padStart(2, '0')).join('');
}
