// A conversation's live stream in an EventSource. EventSource cannot send an Authorization header, so each connection
// opens with a fresh single-use stream ticket; after any break (a lost network, a server restart) a new connection
// resumes after the last sequence received, so no item is lost and none comes twice.
import { backoff } from './api.js';

const EVENTS = ['message', 'message-edited', 'message-redacted', 'seen', 'assigned', 'status', 'tagged',
  'untagged', 'typing'];

export class LiveConversation {
  #source = null;
  #timer = null;
  #attempt = 0;
  #stopped = false;

  /**
   * onItem(event, data) gets each item once, in order; onState(state, problem) hears 'live', 'reconnecting' and
   * 'failed' (a refusal that another try would not change, such as a conversation that is gone).
   */
  constructor(api, conversationId, { after = -1, onItem, onState = () => {} }) {
    this.api = api;
    this.conversationId = conversationId;
    this.last = after;
    this.onItem = onItem;
    this.onState = onState;
  }

  start() {
    this.#connect();
    return this;
  }

  stop() {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#source?.close();
  }

  async #connect() {
    if (this.#stopped) {
      return;
    }
    let ticket;
    try {
      ticket = (await this.api.post('api/stream-tickets', { conversationId: this.conversationId })).ticket;
    } catch (problem) {
      if (problem.retryable) {
        this.#retry(problem.retryAfterMs);
      } else {
        this.onState('failed', problem);
      }
      return;
    }
    if (this.#stopped) {
      return;
    }
    const source = new EventSource(this.api.url(`api/conversations/${encodeURIComponent(this.conversationId)}`
      + `/stream?after=${this.last}&ticket=${encodeURIComponent(ticket)}`));
    this.#source = source;
    for (const event of EVENTS) {
      source.addEventListener(event, message => this.#item(event, message));
    }
    source.onopen = () => {
      this.#attempt = 0;
      this.onState('live');
    };
    // The ticket is spent: the EventSource's own reconnect would be refused, so a new connection takes over.
    source.onerror = () => {
      source.close();
      if (this.#source === source) {
        this.#retry();
      }
    };
  }

  #retry(floorMs) {
    if (this.#stopped) {
      return;
    }
    this.onState('reconnecting');
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#connect(), backoff(this.#attempt++, floorMs));
  }

  #item(event, message) {
    const data = JSON.parse(message.data);
    // Typing signals carry no sequence; everything else is in order and resumes from its sequence.
    if (typeof data.sequence === 'number') {
      if (data.sequence <= this.last) {
        return;
      }
      this.last = data.sequence;
    }
    this.onItem(event, data);
  }
}
