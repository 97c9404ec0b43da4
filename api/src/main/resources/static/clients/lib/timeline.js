// One conversation as a screen shows it, built from its stream's items: the messages in sequence order, how far each
// reader has seen, who is typing, who holds it, its status and tags. Rendering uses textContent only: nothing a
// participant wrote is ever read as HTML.

export class Timeline {
  constructor(me) {
    this.me = me;
    this.messages = new Map();
    this.seen = new Map();
    this.typing = new Set();
    this.tags = new Set();
    this.status = 'OPEN';
    this.agentId = null;
  }

  /** Applies one stream item; answers whether the screen changes. */
  apply(event, data) {
    switch (event) {
      case 'message':
        this.messages.set(data.sequence, data);
        this.typing.delete(`${data.role}:${data.authorId}`);
        return true;
      case 'message-edited': {
        const message = [...this.messages.values()].find(m => m.messageId === data.messageId);
        if (message && data.text != null) {
          message.text = data.text;
          message.edited = true;
        }
        return Boolean(message);
      }
      case 'message-redacted': {
        const message = [...this.messages.values()].find(m => m.messageId === data.messageId);
        if (message) {
          message.text = null;
          message.redaction = data;
        }
        return Boolean(message);
      }
      case 'seen':
        this.seen.set(data.reader, Math.max(this.seen.get(data.reader) ?? -1, data.upToSequence));
        return true;
      case 'typing':
        if (data.actor === this.me) {
          return false;
        }
        if (data.typing) {
          this.typing.add(data.actor);
        } else {
          this.typing.delete(data.actor);
        }
        return true;
      case 'assigned':
        this.agentId = data.agentId;
        return true;
      case 'status':
        this.status = data.status === 'CLOSED' ? 'CLOSED' : 'OPEN';
        if (data.status === 'CLOSED') {
          this.agentId = null;
        }
        return true;
      case 'tagged':
        this.tags.add(data.tag);
        return true;
      case 'untagged':
        this.tags.delete(data.tag);
        return true;
      default:
        return false;
    }
  }

  /** role:id of a message's author. */
  static author(message) {
    return `${message.role}:${message.authorId}`;
  }

  mine(message) {
    return Timeline.author(message) === this.me;
  }

  /** Whether someone other than me has seen `sequence`. */
  seenByOthers(sequence) {
    for (const [reader, upTo] of this.seen) {
      if (reader !== this.me && upTo >= sequence) {
        return true;
      }
    }
    return false;
  }

  /** The last message by someone else, which a receipt of mine would cover; -1 when there is none. */
  lastFromOthers() {
    let last = -1;
    for (const message of this.messages.values()) {
      if (!this.mine(message) && message.sequence > last) {
        last = message.sequence;
      }
    }
    return last;
  }

  /** Messages by others that I have not seen. */
  unread() {
    const upTo = this.seen.get(this.me) ?? -1;
    let count = 0;
    for (const message of this.messages.values()) {
      if (!this.mine(message) && !message.internal && message.sequence > upTo) {
        count++;
      }
    }
    return count;
  }

  ordered() {
    return [...this.messages.values()].sort((a, b) => a.sequence - b.sequence);
  }
}

/** A small DOM builder: el('li', {class: 'x', 'aria-label': '...'}, child, 'text', ...). */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value == null) {
      continue;
    }
    if (name.startsWith('on')) {
      node.addEventListener(name.slice(2), value);
    } else if (name === 'class') {
      node.className = value;
    } else {
      node.setAttribute(name, value === true ? '' : value);
    }
  }
  node.append(...children.flat().filter(child => child != null && child !== false));
  return node;
}

const TIME = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

/**
 * A message as a list item. `names(message)` says who wrote it; a message of mine shows whether the other side has
 * seen it; an internal note is marked as one; `download(file)`, when given, makes each attached file a link.
 */
function messageItem(timeline, message, names, download) {
  const mine = timeline.mine(message);
  const classes = ['message', mine ? 'mine' : 'theirs', message.internal ? 'note' : ''].join(' ').trim();
  const text = message.redaction ? el('p', { class: 'removed' }, 'This message was removed.')
    : message.text ? el('p', { class: 'text' }, message.text) : null;
  const files = message.attachments?.length
    ? el('ul', { class: 'files', 'aria-label': 'Attached files' }, message.attachments.map(file =>
      el('li', {}, download ? el('button', { type: 'button', class: 'link file', onclick: () => download(file) },
        `📎 ${file.name}`) : `📎 ${file.name}`, ` (${size(file.sizeBytes)})`)))
    : null;
  const receipt = mine ? el('span', { class: 'receipt' }, timeline.seenByOthers(message.sequence) ? 'Seen' : 'Sent')
    : null;
  return el('li', { class: classes, 'data-sequence': message.sequence },
    el('span', { class: 'who' }, message.internal ? `Internal note · ${names(message)}` : names(message)),
    text, files,
    el('span', { class: 'meta' }, el('time', { datetime: message.sentAt }, TIME.format(new Date(message.sentAt))),
      message.edited ? ' · edited' : null, receipt ? ' · ' : null, receipt));
}

/**
 * Shows in `list` the conversation's messages, then those of `outbox` still on their way; `names(message)` says who
 * wrote each, `download(file)` fetches an attached file.
 */
export function renderLog(list, timeline, outbox, conversationId, names, download) {
  const pending = outbox.pending(conversationId, sequence => timeline.messages.has(sequence));
  reconcile(list, [
    ...timeline.ordered().map(message => ({
      key: `m${message.sequence}`, node: messageItem(timeline, message, names, download),
    })),
    ...pending.map(item => ({ key: `p${item.clientMessageId}`,
      node: pendingItem(item, discarded => outbox.discard(discarded.clientMessageId)) })),
  ]);
}

/** A message still on its way, as a list item. */
function pendingItem(item, onDiscard) {
  const label = item.state === 'failed' ? `Not sent: ${item.error}`
    : item.state === 'waiting' ? `Waiting to send. ${item.error ?? ''}` : 'Sending…';
  const body = item.body.cannedResponse ? `/${item.body.cannedResponse}` : item.body.text;
  return el('li', { class: `message mine pending${item.body.internal ? ' note' : ''}`, 'data-client-id': item.clientMessageId },
    body ? el('p', { class: 'text' }, body) : null,
    item.body.attachments?.length ? el('p', { class: 'files' }, item.body.attachments.map(f => `📎 ${f.name}`).join(' '))
      : null,
    el('span', { class: 'meta' }, label,
      item.state === 'failed' ? el('button', { type: 'button', class: 'link', onclick: () => onDiscard(item) },
        'Dismiss') : null));
}

export function size(bytes) {
  return bytes < 1024 ? `${bytes} B` : bytes < 1048576 ? `${Math.round(bytes / 1024)} KB`
    : `${(bytes / 1048576).toFixed(1)} MB`;
}

/** Uploads `file` to the conversation; answers the reference a message carries: name, type, size and SHA-256. */
export function uploadAttachment(api, conversationId, file) {
  return api.upload(`api/conversations/${encodeURIComponent(conversationId)}/attachments`, file);
}

/** Fetches a file a message of the conversation carries (with the sign-in) and saves it under its name. */
export async function downloadAttachment(api, conversationId, file) {
  const blob = await api.blob(`api/conversations/${encodeURIComponent(conversationId)}/attachments/${file.sha256}`);
  const link = el('a', { href: URL.createObjectURL(blob), download: file.name });
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 0);
}

/**
 * Tells the server I am typing while keys are pressed, at most every 3 s, and that I stopped after 4 s without one
 * or when the message is sent. Failures are ignored: typing is a courtesy, never worth an error on screen.
 */
export class TypingSignal {
  #since = 0;
  #idle = null;
  #sent = Promise.resolve();

  constructor(api, conversationId) {
    this.api = api;
    this.conversationId = conversationId;
  }

  keystroke() {
    const now = Date.now();
    if (now - this.#since > 3000) {
      this.#since = now;
      this.#send(true);
    }
    clearTimeout(this.#idle);
    this.#idle = setTimeout(() => this.stop(), 4000);
  }

  stop() {
    clearTimeout(this.#idle);
    if (this.#since) {
      this.#since = 0;
      this.#send(false);
    }
  }

  /** One at a time, in order: a stop must never overtake the start before it and leave the server's state stale. */
  #send(typing) {
    this.#sent = this.#sent.then(() => this.api.post(
      `api/conversations/${encodeURIComponent(this.conversationId)}/typing`, { typing })).catch(() => {});
  }
}

/**
 * Makes `list`'s children the nodes of `entries` ([{key, node}]) in that order, keeping each child whose key and
 * content are unchanged: a live region then announces only what is new.
 */
export function reconcile(list, entries) {
  const existing = new Map([...list.children].map(child => [child.dataset.key, child]));
  let position = list.firstElementChild;
  for (const { key, node } of entries) {
    node.dataset.key = key;
    const old = existing.get(key);
    existing.delete(key);
    const wanted = old && old.isEqualNode(node) ? old : node;
    if (old && old !== wanted) {
      if (position === old) {
        position = wanted;
      }
      old.replaceWith(wanted);
    }
    if (position === wanted) {
      position = position.nextElementSibling;
    } else {
      list.insertBefore(wanted, position);
    }
  }
  existing.forEach(child => child.remove());
}

/** Tells the server how far I have read, once for each new message by someone else. */
export class SeenReporter {
  #reported = -1;

  constructor(api, conversationId) {
    this.api = api;
    this.conversationId = conversationId;
  }

  report(upToSequence) {
    if (upToSequence <= this.#reported) {
      return;
    }
    this.#reported = upToSequence;
    this.api.post(`api/conversations/${encodeURIComponent(this.conversationId)}/seen`, { upToSequence })
      .catch(() => { this.#reported = -1; });
  }
}
