// Messages the server has not acknowledged yet, kept in storage so that a reload or a lost connection loses none. Each
// keeps the clientMessageId it was first sent with: sending it again after a failure the client could not tell from
// success (a request that reached the server, an answer that did not come back) never writes it twice. They go one
// at a time, in the order they were written.
import { backoff, randomId } from './api.js';

export class Outbox {
  #timer = null;
  #attempt = 0;
  #sending = false;

  /** onChange() hears every change of items(): added, waiting, acknowledged, failed. */
  constructor(api, storage, key, onChange = () => {}) {
    this.api = api;
    this.storage = storage;
    this.key = key;
    this.onChange = onChange;
  }

  /**
   * Each: {clientMessageId, conversationId, body, state: 'sending'|'waiting'|'sent'|'failed', error?, sequence? (once
   * acknowledged), shownAs? (see arrived)}.
   */
  items() {
    try {
      return JSON.parse(this.storage.getItem(this.key)) ?? [];
    } catch (unreadable) {
      return [];
    }
  }

  /** Queues a message ({text, attachments?, internal?} or {cannedResponse}) and sends what is waiting. */
  add(conversationId, body) {
    const item = { clientMessageId: randomId(), conversationId, body, state: 'sending' };
    this.#save([...this.items(), item]);
    this.flush();
    return item;
  }

  /**
   * A message of mine came on the stream. If it is the one in flight (the first unacknowledged: its request reached
   * the server, its answer did not come back), the screen shows that message in its place. It stays queued all the
   * same: its next try is answered with that sequence, or, had a look-alike been taken for it, with its own.
   */
  arrived(conversationId, message) {
    const head = this.items().find(item => item.conversationId === conversationId && item.sequence == null
      && item.state !== 'failed');
    if (head && sameContent(head.body, message)) {
      this.#update(head, { shownAs: message.sequence });
    }
  }

  /**
   * The items of `conversationId` still to show: those the stream has not delivered (`delivered(sequence)` says
   * whether it has). Delivered ones leave the queue without a change to report: the screen already shows them.
   */
  pending(conversationId, delivered) {
    const items = this.items();
    const done = item => item.conversationId === conversationId && item.sequence != null && delivered(item.sequence);
    if (items.some(done)) {
      this.#save(items.filter(item => !done(item)), false);
    }
    const shown = item => item.sequence == null && item.shownAs != null && delivered(item.shownAs);
    return items.filter(item => item.conversationId === conversationId && !done(item) && !shown(item));
  }

  /** Drops an item that failed for good (the person saw why). */
  discard(clientMessageId) {
    this.#save(this.items().filter(item => item.clientMessageId !== clientMessageId));
  }

  /** Sends the waiting items in order; a failure worth retrying keeps them waiting and tries again later. */
  async flush() {
    if (this.#sending) {
      return;
    }
    this.#sending = true;
    clearTimeout(this.#timer);
    try {
      let next;
      while ((next = this.items().find(item => item.state === 'sending' || item.state === 'waiting'))) {
        try {
          const sent = await this.api.post(
            `api/conversations/${encodeURIComponent(next.conversationId)}/messages`,
            { clientMessageId: next.clientMessageId, ...next.body });
          this.#update(next, { state: 'sent', sequence: sent.sequence, error: undefined });
          this.#attempt = 0;
        } catch (problem) {
          if (problem.retryable) {
            this.#save(this.items().map(item => item.state === 'sending' || item.clientMessageId === next.clientMessageId
              ? { ...item, state: 'waiting', error: problem.message } : item));
            this.#timer = setTimeout(() => this.flush(), backoff(this.#attempt++, problem.retryAfterMs));
            return;
          }
          this.#update(next, { state: 'failed', error: problem.message });
        }
      }
    } finally {
      this.#sending = false;
    }
  }

  #update(item, changes) {
    this.#save(this.items().map(each => each.clientMessageId === item.clientMessageId ? { ...each, ...changes }
      : each));
  }

  #save(items, report = true) {
    if (items.length === 0) {
      this.storage.removeItem(this.key);
    } else {
      this.storage.setItem(this.key, JSON.stringify(items));
    }
    if (report) {
      this.onChange();
    }
  }
}

function sameContent(body, message) {
  if (body.cannedResponse) {
    return message.cannedResponseKey === body.cannedResponse;
  }
  const files = list => (list ?? []).map(file => file.sha256).join();
  return (body.text ?? null) === (message.text ?? null) && Boolean(body.internal) === Boolean(message.internal)
    && files(body.attachments) === files(message.attachments);
}
