// <livechat-console>: an agent signs in, sets their status, sees the conversations they hold (with unread counts)
// and the queue their skills can take, and works one conversation at a time: a live transcript with typing and
// receipts, replies, canned responses (/key), internal notes, tags, transfer and close. A new assignment raises a
// browser notification. The sign-in lives in this tab's sessionStorage.
import { LiveConversation } from '../lib/live.js';
import { Outbox } from '../lib/outbox.js';
import { hasRole, signIn, staffApi } from '../lib/staff.js';
import {
  downloadAttachment, el, reconcile, renderLog, SeenReporter, Timeline, TypingSignal,
} from '../lib/timeline.js';

/** Conversations followed live at once: a browser opens at most six connections to one server. */
const LIVE_AT_ONCE = 4;
const POLL_MS = 2000;
/** The most conversations one search answers. */
const SEARCH_LIMIT = 1000;

class LivechatConsole extends HTMLElement {
  #api = staffApi();
  #outbox = new Outbox(this.#api, sessionStorage, 'livechat:console:outbox', () => this.#renderConversation());
  /** conversationId -> {summary, timeline, live, typing, seen} */
  #conversations = new Map();
  #queue = [];
  #selected = null;
  #profile = null;
  /** The status the agent chose and the profile does not show yet: a poll in between must not undo the choice. */
  #chosenStatus = null;
  #canned = [];
  #poller = null;
  #known = null;
  #ui = {};

  connectedCallback() {
    if (this.#api.tokens.get()) {
      this.#open();
    } else {
      this.#signIn();
    }
  }

  get #me() {
    return this.#api.tokens.get()?.me;
  }

  get #username() {
    return this.#api.tokens.get()?.username;
  }

  #signIn(message = '') {
    signIn(this, this.#api, 'Agent console', () => this.#open(), message);
  }

  #open() {
    const ui = this.#ui;
    ui.statuses = ['ONLINE', 'AWAY', 'OFFLINE'].map(status => el('label', {},
      el('input', { type: 'radio', name: 'status', value: status, onchange: () => this.#setStatus(status) }),
      ` ${status[0]}${status.slice(1).toLowerCase()}`));
    ui.notify = el('button', { type: 'button', class: 'secondary', onclick: async () => {
      await Notification.requestPermission();
      this.#renderNav();
    } }, 'Enable notifications');
    ui.mine = el('ul', { 'aria-labelledby': 'mine-heading' });
    ui.queue = el('ul', { 'aria-labelledby': 'queue-heading' });
    ui.main = el('main', {}, el('p', { class: 'empty' }, 'Choose a conversation.'));
    ui.announce = el('p', { class: 'announce', role: 'status' });
    ui.error = el('p', { class: 'error', role: 'alert' });
    this.replaceChildren(el('div', { class: 'app' },
      el('header', {}, el('h1', {}, `Agent console · ${this.#username}`),
        el('fieldset', {}, el('legend', {}, 'Status'), ui.statuses), ui.notify,
        hasRole(this.#api, 'supervisor') ? el('a', { href: 'supervisor.html' }, "Supervisor's dashboard") : null,
        hasRole(this.#api, 'supervisor') || hasRole(this.#api, 'auditor')
          ? el('a', { href: 'audit.html' }, 'Audit desk') : null,
        el('button', { type: 'button', onclick: () => this.#signOut() }, 'Sign out')),
      el('nav', { 'aria-label': 'Conversations' }, ui.announce, ui.error,
        el('h2', { id: 'mine-heading' }, 'My conversations'), ui.mine,
        el('h2', { id: 'queue-heading' }, 'Queue'), ui.queue),
      ui.main));
    this.#api.get('api/canned-responses').then(library => { this.#canned = library ?? []; }, () => {});
    this.#poll();
  }

  async #signOut() {
    clearTimeout(this.#poller);
    this.#conversations.forEach(entry => entry.live?.stop());
    this.#conversations.clear();
    this.#selected = null;
    this.#known = null;
    this.#api.tokens.set(null);
    this.#signIn();
  }

  async #setStatus(status) {
    this.#chosenStatus = status;
    try {
      await this.#api.put(`api/agents/${encodeURIComponent(this.#username)}/status`, { status });
      this.#ui.announce.textContent = `You are ${status.toLowerCase()}.`;
      this.#ui.error.textContent = '';
    } catch (problem) {
      this.#chosenStatus = null;
      this.#fail(problem);
      this.#renderNav();
    }
  }

  /** Reads the agent's profile and the queue every POLL_MS; a conversation newly held raises a notification. */
  async #poll() {
    clearTimeout(this.#poller);
    try {
      const [profile, queue] = await Promise.all([
        this.#api.get(`api/agents/${encodeURIComponent(this.#username)}`),
        this.#api.get('api/queue')]);
      this.#profile = profile;
      this.#queue = queue.conversations;
      await this.#hold(profile.openConversations);
      this.#ui.error.textContent = '';
    } catch (problem) {
      if (!this.#api.tokens.get()) {
        this.#signIn(problem.message);
        return;
      }
      this.#fail(problem);
    }
    this.#renderNav();
    this.#poller = setTimeout(() => this.#poll(), POLL_MS);
  }

  async #hold(open) {
    const fresh = open.filter(id => !this.#conversations.has(id));
    for (const summary of await this.#summaries(fresh)) {
      const id = summary.conversationId;
      this.#conversations.set(id, { summary, timeline: new Timeline(this.#me), open: true });
      if (this.#known && !this.#known.has(id)) {
        this.#notify(summary);
      }
    }
    for (const [id, entry] of this.#conversations) {
      entry.open = open.includes(id);
      if (!entry.open && id !== this.#selected) {
        entry.live?.stop();
        this.#conversations.delete(id);
      }
    }
    this.#known = new Set(open);
    // The selected one and the most recent others are followed live; the rest wait for a free connection.
    const live = [...this.#conversations.keys()].filter(id => id === this.#selected).concat(
      [...this.#conversations.keys()].filter(id => id !== this.#selected).reverse()).slice(0, LIVE_AT_ONCE);
    for (const [id, entry] of this.#conversations) {
      if (live.includes(id) && !entry.live) {
        this.#follow(id, entry);
      } else if (!live.includes(id) && entry.live) {
        entry.live.stop();
        entry.live = null;
      }
    }
  }

  /**
   * The summaries of conversations I hold, in the order of `ids`: several (the console opening) in one search of my
   * open conversations, however many I hold; one directly. The search reads another read model than the profile, so
   * one it does not show yet is asked for directly.
   */
  async #summaries(ids) {
    const found = new Map();
    if (ids.length > 1) {
      const { conversations } = await this.#api.get(`api/transcripts?status=OPEN&limit=${SEARCH_LIMIT}`);
      conversations.forEach(summary => found.set(summary.conversationId, summary));
    }
    return Promise.all(ids.map(id => found.get(id) ?? this.#api.get(`api/conversations/${encodeURIComponent(id)}`)));
  }

  #follow(id, entry) {
    entry.live = new LiveConversation(this.#api, id, {
      after: entry.live?.last ?? -1,
      onItem: (event, data) => {
        if (event === 'message' && entry.timeline.mine(data)) {
          this.#outbox.arrived(id, data);
        }
        if (entry.timeline.apply(event, data)) {
          if (id === this.#selected) {
            this.#renderConversation();
            this.#markSeen(entry);
          }
          this.#renderNav();
        }
      },
      onState: (state, problem) => {
        entry.connection = state;
        if (state === 'failed') {
          this.#fail(problem);
        }
        if (id === this.#selected) {
          this.#renderConversation();
        }
      },
    }).start();
  }

  #notify(summary) {
    const text = `New conversation: ${summary.topic}`;
    this.#ui.announce.textContent = text;
    if ('Notification' in window && Notification.permission === 'granted') {
      const notification = new Notification('livechat', { body: text, tag: summary.conversationId });
      notification.onclick = () => {
        window.focus();
        this.#select(summary.conversationId);
      };
    }
  }

  #fail(problem) {
    this.#ui.error.textContent = problem.message;
  }

  #renderNav() {
    const ui = this.#ui;
    if (!ui.mine) {
      return;
    }
    if (this.#chosenStatus === this.#profile?.status) {
      this.#chosenStatus = null;
    }
    const status = this.#chosenStatus ?? this.#profile?.status;
    ui.statuses.forEach(label => {
      const radio = label.querySelector('input');
      radio.checked = radio.value === status;
    });
    ui.notify.hidden = !('Notification' in window) || Notification.permission !== 'default';
    reconcile(ui.mine, [...this.#conversations.values()].map(({ summary, timeline, open }) => {
      const unread = timeline.unread();
      return {
        key: summary.conversationId,
        node: el('li', {}, el('button', {
          type: 'button', 'aria-current': String(summary.conversationId === this.#selected),
          onclick: () => this.#select(summary.conversationId),
        }, el('span', {}, summary.topic, open ? '' : ' (ended)'),
        unread ? el('span', { class: 'unread', 'aria-label': `${unread} unread` }, String(unread)) : null)),
      };
    }));
    if (this.#conversations.size === 0) {
      reconcile(ui.mine, [{ key: 'none', node: el('li', {}, 'None right now.') }]);
    }
    reconcile(ui.queue, this.#queue.length === 0 ? [{ key: 'none', node: el('li', {}, 'Nobody is waiting.') }]
      : this.#queue.map(waiting => ({
        key: waiting.conversationId,
        node: el('li', { class: 'queued' }, waiting.topic,
          waiting.requiredSkill ? ` · ${waiting.requiredSkill}` : '',
          ` · waiting since ${new Date(waiting.startedAt).toLocaleTimeString()}`),
      })));
  }

  #select(id) {
    const previous = this.#selected;
    this.#selected = id;
    const entry = this.#conversations.get(id);
    if (!entry) {
      return;
    }
    if (previous !== id) {
      this.#buildConversation(entry);
    }
    if (!entry.live) {
      this.#follow(id, entry);
    }
    this.#renderConversation();
    this.#renderNav();
    this.#markSeen(entry);
    this.#ui.reply.focus();
  }

  #buildConversation(entry) {
    const ui = this.#ui;
    const id = entry.summary.conversationId;
    entry.typing ??= new TypingSignal(this.#api, id);
    entry.seen ??= new SeenReporter(this.#api, id);
    ui.title = el('h2', {});
    ui.tags = el('ul', { class: 'tags', 'aria-label': 'Tags' });
    ui.tag = el('input', { type: 'text', id: 'tag', name: 'tag', size: '12', maxlength: '40' });
    ui.colleague = el('select', { id: 'colleague', name: 'colleague', onfocus: () => this.#colleagues() });
    ui.log = el('ol', { class: 'log', role: 'log', 'aria-live': 'polite', 'aria-label': 'Transcript' });
    ui.typing = el('p', { class: 'typing', 'aria-live': 'polite' });
    ui.reply = el('textarea', { id: 'reply', name: 'reply', maxlength: '4000',
      oninput: () => { entry.typing.keystroke(); this.#suggest(); },
      onkeydown: event => {
        if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
          event.preventDefault();
          ui.composer.requestSubmit();
        }
      } });
    ui.note = el('input', { type: 'checkbox', id: 'note', name: 'note' });
    ui.suggestions = el('ul', { class: 'suggestions', id: 'suggestions', 'aria-live': 'polite' });
    ui.composer = el('form', { class: 'composer', onsubmit: event => this.#reply(event, entry) },
      el('label', { for: 'reply', class: 'visually-hidden' }, 'Reply (type /key for a canned response)'),
      ui.reply, el('label', { class: 'note-toggle' }, ui.note, ' Internal note'),
      el('button', { type: 'submit' }, 'Send'), ui.suggestions);
    ui.close = el('button', { type: 'button', class: 'secondary', onclick: () => this.#act(entry, 'close',
      { reason: 'closed by the agent' }) }, 'Close conversation');
    const tagForm = el('form', { onsubmit: event => {
      event.preventDefault();
      const tag = ui.tag.value.trim();
      if (tag) {
        this.#act(entry, 'tags', { tag }).then(done => { if (done) ui.tag.value = ''; });
      }
    } }, el('label', { for: 'tag' }, 'Tag'), ui.tag, el('button', { type: 'submit', class: 'secondary' }, 'Add'));
    const transferForm = el('form', { onsubmit: event => {
      event.preventDefault();
      if (ui.colleague.value) {
        this.#act(entry, 'transfer', { agentId: ui.colleague.value, reason: 'transferred from the console' });
      }
    } }, el('label', { for: 'colleague' }, 'Transfer to'), ui.colleague,
    el('button', { type: 'submit', class: 'secondary' }, 'Transfer'));
    ui.head = el('div', { class: 'conversation-head' }, ui.title, ui.tags, tagForm, transferForm, ui.close);
    ui.main.replaceChildren(ui.head, ui.log, ui.typing, ui.composer);
    this.#colleagues();
  }

  async #colleagues() {
    try {
      const online = await this.#api.get('api/agents?status=ONLINE');
      const current = this.#ui.colleague.value;
      this.#ui.colleague.replaceChildren(el('option', { value: '' }, 'Choose a colleague'),
        ...online.filter(agent => agent.agentId !== this.#username).map(agent =>
          el('option', { value: agent.agentId, selected: agent.agentId === current }, agent.name)));
    } catch (problem) {
      this.#fail(problem);
    }
  }

  /** Lists the canned responses whose key starts with what follows a leading '/'. */
  #suggest() {
    const typed = /^\/([a-z0-9-]*)$/.exec(this.#ui.reply.value.trim());
    const matches = typed ? this.#canned.filter(canned => canned.key.startsWith(typed[1])).slice(0, 5) : [];
    reconcile(this.#ui.suggestions, matches.map(canned => ({
      key: canned.key, node: el('li', {}, `/${canned.key} — ${canned.title}`),
    })));
  }

  #reply(event, entry) {
    event.preventDefault();
    const text = this.#ui.reply.value.trim();
    if (!text) {
      return;
    }
    const canned = /^\/([a-z0-9-]+)$/.exec(text);
    const body = canned && this.#canned.some(each => each.key === canned[1]) ? { cannedResponse: canned[1] }
      : this.#ui.note.checked ? { text, internal: true } : { text };
    this.#outbox.add(entry.summary.conversationId, body);
    this.#ui.reply.value = '';
    this.#ui.note.checked = false;
    entry.typing.stop();
    this.#suggest();
  }

  /** POSTs a conversation action; answers whether it was done. */
  async #act(entry, action, body) {
    try {
      await this.#api.post(`api/conversations/${encodeURIComponent(entry.summary.conversationId)}/${action}`, body);
      this.#ui.error.textContent = '';
      return true;
    } catch (problem) {
      this.#fail(problem);
      return false;
    }
  }

  async #untag(entry, tag) {
    try {
      await this.#api.delete(`api/conversations/${encodeURIComponent(entry.summary.conversationId)}/tags/`
        + encodeURIComponent(tag));
    } catch (problem) {
      this.#fail(problem);
    }
  }

  #markSeen(entry) {
    const last = entry.timeline.lastFromOthers();
    if (entry.open && last >= 0 && document.visibilityState === 'visible') {
      entry.seen.report(last);
    }
  }

  #renderConversation() {
    const entry = this.#conversations.get(this.#selected);
    const ui = this.#ui;
    if (!entry || !ui.log) {
      return;
    }
    const { timeline, summary } = entry;
    const closed = timeline.status === 'CLOSED' || !entry.open;
    ui.title.textContent = `${summary.topic} · visitor ${summary.visitorId}`
      + (closed ? ' · ended' : entry.connection === 'reconnecting' ? ' · reconnecting…' : '');
    reconcile(ui.tags, [...timeline.tags].map(tag => ({
      key: tag, node: el('li', {}, tag, el('button', { type: 'button', class: 'link', 'aria-label': `Remove tag ${tag}`,
        onclick: () => this.#untag(entry, tag) }, '×')),
    })));
    ui.composer.hidden = closed;
    ui.close.hidden = closed;
    const names = message => (timeline.mine(message) ? 'You' : message.role === 'visitor' ? 'Visitor'
      : message.authorId);
    renderLog(ui.log, timeline, this.#outbox, summary.conversationId, names, file =>
      downloadAttachment(this.#api, summary.conversationId, file).catch(problem => this.#fail(problem)));
    ui.log.scrollTop = ui.log.scrollHeight;
    ui.typing.textContent = timeline.typing.size ? 'The visitor is typing…' : '';
  }
}

customElements.define('livechat-console', LivechatConsole);
