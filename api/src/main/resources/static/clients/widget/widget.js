// <livechat-widget>: a visitor's chat with the site's support. It keeps the visitor's sign-in, the open chat and the
// messages not yet acknowledged in the page's localStorage, so a reload resumes where it stood; it follows the chat
// live, resuming after every break without losing or repeating a message.
import { Api, storedTokens } from '../lib/api.js';
import { LiveConversation } from '../lib/live.js';
import { Outbox } from '../lib/outbox.js';
import {
  downloadAttachment, el, reconcile, renderLog, SeenReporter, size, Timeline, TypingSignal, uploadAttachment,
} from '../lib/timeline.js';
import style from './style.js';

class LivechatWidget extends HTMLElement {
  #api;
  #prefix;
  #live = null;
  #timeline = null;
  #outbox;
  #typing = null;
  #seen = null;
  #files = [];
  #ui = {};

  connectedCallback() {
    if (this.#api) {
      return;
    }
    const base = this.getAttribute('api') ?? new URL('/', location.href).href;
    this.#prefix = `livechat:${base}:${this.dataset.site ?? ''}:`;
    this.#api = new Api(base, storedTokens(localStorage, `${this.#prefix}session`));
    this.#outbox = new Outbox(this.#api, localStorage, `${this.#prefix}outbox`, () => this.#render());
    this.#build();
    const chat = this.#chat();
    if (chat) {
      this.#follow(chat.conversationId);
    }
    if (localStorage.getItem(`${this.#prefix}open`)) {
      this.#toggle(true, false);
    }
    document.addEventListener('visibilitychange', () => this.#markSeen());
    addEventListener('online', () => this.#outbox.flush());
  }

  /** The chat this visitor has open here: {conversationId}, or null. */
  #chat() {
    try {
      return JSON.parse(localStorage.getItem(`${this.#prefix}chat`));
    } catch (unreadable) {
      return null;
    }
  }

  #build() {
    const root = this.attachShadow({ mode: 'open' });
    const ui = this.#ui;
    const title = this.dataset.title ?? 'Chat with us';
    ui.launcher = el('button', {
      type: 'button', class: 'launcher', 'aria-expanded': 'false', 'aria-controls': 'livechat-panel',
      onclick: () => this.#toggle(ui.panel.hidden, true),
    }, title);
    ui.state = el('p', { class: 'state', role: 'status' });
    ui.topic = el('input', { type: 'text', id: 'topic', name: 'topic', maxlength: '200', required: true,
      autocomplete: 'off' });
    ui.start = el('form', { class: 'start', onsubmit: event => this.#start(event) },
      el('label', { for: 'topic' }, 'What can we help you with?'), ui.topic,
      el('button', { type: 'submit' }, 'Start chat'));
    ui.log = el('ol', { class: 'log', role: 'log', 'aria-live': 'polite', 'aria-label': 'Messages' });
    ui.rating = this.#ratingForm();
    ui.body = el('div', { class: 'body' }, ui.start, ui.log, ui.rating);
    ui.typing = el('p', { class: 'typing', 'aria-live': 'polite' });
    ui.error = el('p', { class: 'error', role: 'alert' });
    ui.text = el('textarea', { id: 'message', name: 'message', maxlength: '4000', rows: '2',
      oninput: () => this.#typing?.keystroke(), onkeydown: event => this.#enterSends(event) });
    ui.file = el('input', { type: 'file', id: 'files', multiple: true,
      accept: 'image/png,image/jpeg,image/gif,image/webp,application/pdf,text/plain',
      onchange: () => this.#choose() });
    ui.chosen = el('ul', { class: 'chosen', 'aria-label': 'Files to send' });
    ui.composer = el('form', { class: 'composer', onsubmit: event => this.#send(event) },
      el('label', { for: 'message', class: 'visually-hidden' }, 'Message'), ui.text, ui.chosen,
      el('span', { class: 'attach' }, el('label', { for: 'files' }, 'Attach files'), ui.file),
      el('button', { type: 'submit' }, 'Send'));
    ui.end = el('button', { type: 'button', class: 'secondary', onclick: () => this.#end() }, 'End chat');
    ui.panel = el('section', { class: 'panel', id: 'livechat-panel', 'aria-label': title, hidden: true,
      onkeydown: event => event.key === 'Escape' && this.#toggle(false, true) },
      el('header', {}, el('h2', {}, title), ui.end,
        el('button', { type: 'button', 'aria-label': 'Minimise chat', onclick: () => this.#toggle(false, true) },
          '–')),
      ui.state, ui.body, ui.typing, ui.error, ui.composer);
    root.append(el('style', {}, style), ui.panel, ui.launcher);
    this.#render();
  }

  #ratingForm() {
    const stars = [1, 2, 3, 4, 5].map(score => el('label', {},
      el('input', { type: 'radio', name: 'score', value: String(score), required: true }),
      `${score}`, el('span', { class: 'visually-hidden' }, score === 1 ? ' star' : ' stars')));
    return el('form', { class: 'rating', onsubmit: event => this.#rate(event) },
      el('fieldset', {}, el('legend', {}, 'How was this chat?'), el('div', { class: 'stars' }, stars)),
      el('label', { for: 'comment' }, 'Anything to add? (optional)'),
      el('textarea', { id: 'comment', name: 'comment', maxlength: '1000', rows: '2' }),
      el('button', { type: 'submit' }, 'Send rating'),
      el('button', { type: 'button', class: 'secondary', onclick: () => this.#newChat() }, 'Start a new chat'));
  }

  #toggle(open, moveFocus) {
    const ui = this.#ui;
    ui.panel.hidden = !open;
    ui.launcher.setAttribute('aria-expanded', String(open));
    if (open) {
      localStorage.setItem(`${this.#prefix}open`, '1');
    } else {
      localStorage.removeItem(`${this.#prefix}open`);
    }
    if (moveFocus) {
      (open ? (this.#timeline ? ui.text : ui.topic) : ui.launcher).focus();
    }
    this.#markSeen();
  }

  async #start(event) {
    event.preventDefault();
    const topic = this.#ui.topic.value.trim();
    if (!topic) {
      return;
    }
    try {
      if (!this.#api.tokens.get()) {
        this.#api.tokens.set(await this.#api.post('api/visitor-sessions', this.#sessionRequest()));
      }
      const body = { topic };
      if (this.dataset.skill) {
        body.skill = this.dataset.skill;
      }
      const { conversationId } = await this.#api.post('api/conversations', body);
      localStorage.setItem(`${this.#prefix}chat`, JSON.stringify({ conversationId }));
      this.#ui.topic.value = '';
      this.#follow(conversationId);
      this.#ui.text.focus();
    } catch (problem) {
      this.#show(problem);
    }
  }

  #sessionRequest() {
    const request = {};
    if (this.dataset.site) {
      request.siteId = this.dataset.site;
    }
    if (this.dataset.customerId && this.dataset.signature) {
      request.customerId = this.dataset.customerId;
      request.signature = this.dataset.signature;
    }
    return request;
  }

  #follow(conversationId) {
    const session = this.#api.tokens.get();
    if (!session) {
      localStorage.removeItem(`${this.#prefix}chat`);
      return;
    }
    this.#timeline = new Timeline(`visitor:${session.visitorId}`);
    this.#typing = new TypingSignal(this.#api, conversationId);
    this.#seen = new SeenReporter(this.#api, conversationId);
    this.#live = new LiveConversation(this.#api, conversationId, {
      onItem: (event, data) => {
        if (event === 'message' && this.#timeline.mine(data)) {
          this.#outbox.arrived(conversationId, data);
        }
        if (this.#timeline.apply(event, data)) {
          this.#render();
          this.#markSeen();
        }
      },
      onState: (state, problem) => {
        this.#connection = state;
        if (state === 'live') {
          this.#ui.error.textContent = '';
        }
        if (state === 'failed') {
          this.#show(problem);
          if (problem.status === 404 || problem.status === 401) {
            this.#newChat();
          }
        } else {
          this.#render();
        }
      },
    }).start();
    this.#outbox.flush();
    this.#render();
  }

  #connection = 'reconnecting';

  #enterSends(event) {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      this.#ui.composer.requestSubmit();
    }
  }

  /** Uploads the chosen files one by one; each stored one waits in the list until the message is sent. */
  async #choose() {
    const chosen = [...this.#ui.file.files];
    this.#ui.file.value = '';
    for (const file of chosen) {
      if (!this.#live || this.#files.length >= 10) {
        break;
      }
      try {
        this.#files = [...this.#files, await uploadAttachment(this.#api, this.#live.conversationId, file)];
        this.#ui.error.textContent = '';
      } catch (problem) {
        this.#show(problem);
      }
      this.#render();
    }
  }

  #send(event) {
    event.preventDefault();
    const text = this.#ui.text.value.trim();
    if ((!text && this.#files.length === 0) || !this.#live) {
      return;
    }
    const body = text ? { text } : {};
    if (this.#files.length) {
      body.attachments = this.#files;
    }
    this.#outbox.add(this.#live.conversationId, body);
    this.#ui.text.value = '';
    this.#files = [];
    this.#typing.stop();
    this.#ui.text.focus();
  }

  async #end() {
    if (!this.#live) {
      return;
    }
    try {
      await this.#api.post(`api/conversations/${encodeURIComponent(this.#live.conversationId)}/close`,
        { reason: 'ended by the visitor' });
    } catch (problem) {
      this.#show(problem);
    }
  }

  async #rate(event) {
    event.preventDefault();
    const form = new FormData(this.#ui.rating);
    const body = { score: Number(form.get('score')) };
    if (form.get('comment')?.trim()) {
      body.comment = form.get('comment').trim();
    }
    try {
      await this.#api.post(`api/conversations/${encodeURIComponent(this.#live.conversationId)}/rating`, body);
      this.#rated = true;
      this.#render();
      this.#ui.state.textContent = 'Thank you for your rating!';
    } catch (problem) {
      this.#show(problem);
    }
  }

  #rated = false;

  #newChat() {
    this.#live?.stop();
    this.#typing?.stop();
    this.#live = null;
    this.#timeline = null;
    this.#rated = false;
    localStorage.removeItem(`${this.#prefix}chat`);
    this.#ui.rating.reset();
    this.#render();
    this.#ui.topic.focus();
  }

  /** Marks the chat read up to the last message of the agent while the panel is open on a visible page. */
  #markSeen() {
    if (this.#timeline && this.#seen && !this.#ui.panel.hidden && document.visibilityState === 'visible') {
      const last = this.#timeline.lastFromOthers();
      if (last >= 0) {
        this.#seen.report(last);
      }
    }
  }

  #show(problem) {
    this.#ui.error.textContent = problem.message;
  }

  #render() {
    const ui = this.#ui;
    if (!ui.panel) {
      return;
    }
    const timeline = this.#timeline;
    const closed = timeline?.status === 'CLOSED';
    ui.start.hidden = Boolean(timeline);
    ui.log.hidden = !timeline;
    ui.composer.hidden = !timeline || closed;
    ui.end.hidden = !timeline || closed;
    ui.rating.hidden = !closed || this.#rated;
    if (!timeline) {
      ui.state.textContent = 'We usually answer within a few minutes.';
      ui.typing.textContent = '';
      reconcile(ui.log, []);
      return;
    }
    ui.state.textContent = this.#connection === 'reconnecting' ? 'Reconnecting…'
      : closed ? (this.#rated ? 'Thank you for your rating!' : 'This chat has ended.')
        : timeline.agentId ? `You are chatting with ${timeline.agentId}.` : 'Waiting for an agent…';
    const names = message => (timeline.mine(message) ? 'You' : message.authorId);
    renderLog(ui.log, timeline, this.#outbox, this.#live?.conversationId, names, file =>
      downloadAttachment(this.#api, this.#live.conversationId, file).catch(problem => this.#show(problem)));
    ui.typing.textContent = timeline.typing.size ? 'The agent is typing…' : '';
    reconcile(ui.chosen, this.#files.map((file, index) => ({
      key: `f${file.sha256}${index}`,
      node: el('li', {}, `📎 ${file.name} (${size(file.sizeBytes)}) `, el('button', {
        type: 'button', class: 'link', 'aria-label': `Remove ${file.name}`,
        onclick: () => { this.#files.splice(index, 1); this.#render(); },
      }, 'Remove')),
    })));
    ui.body.scrollTop = ui.body.scrollHeight;
  }
}

customElements.define('livechat-widget', LivechatWidget);
