// <livechat-audit-desk>: the auditor's screen. Find conversations by agent, tag and time range; read a conversation's
// full audit trail with the verification of its chain, and download its export bundle (what `livechat-tool audit
// check` verifies offline); the disputes with their evidence and outcome. Resolving a dispute is a supervisor's act:
// the form is offered to supervisors only, and the server refuses anyone else (supervisors-resolve-disputes).
import { hasRole, signIn, staffApi } from '../lib/staff.js';
import { dataTable } from '../lib/tables.js';
import { el } from '../lib/timeline.js';

const TITLE = 'Audit desk';
const OUTCOMES = ['upheld', 'rejected', 'settled'];
/** Disputes are read again this often: a resolution shows once the read model has it. */
const POLL_MS = 5000;
/** Conversations per page of a search; "Show more" adds the next page below. */
const PAGE = 100;

class LivechatAuditDesk extends HTMLElement {
  #api = staffApi();
  #ui = {};
  #selected = null;
  #poller = null;
  #conversations = [];

  connectedCallback() {
    if (this.#api.tokens.get()) {
      this.#open();
    } else {
      signIn(this, this.#api, TITLE, () => this.#open());
    }
  }

  #open() {
    const ui = this.#ui;
    const auditor = hasRole(this.#api, 'auditor');
    ui.error = el('p', { class: 'error', role: 'alert' });
    ui.found = dataTable('Conversations', [
      { header: 'Topic', value: c => c.topic },
      { header: 'Status', value: c => c.status },
      { header: 'Agents', value: c => c.agents.join(' ') },
      { header: 'Tags', value: c => c.tags.join(' ') },
      { header: 'Started', value: c => c.startedAt },
      { header: 'Closed', value: c => c.closedAt },
      { header: 'Conversation', value: c => c.conversationId, cell: c => (auditor
        ? el('button', { type: 'button', class: 'link', onclick: () => this.#audit(c.conversationId) },
          `Audit ${c.conversationId}`) : c.conversationId) }], 'conversations');
    ui.more = el('button', { type: 'button', class: 'secondary', hidden: true }, 'Show more');
    ui.verdict = el('p', { class: 'verdict', role: 'status' });
    ui.bundle = el('button', { type: 'button', onclick: () => this.#download() }, 'Download export bundle');
    ui.verification = el('div', { class: 'verification', hidden: true }, ui.verdict, ui.bundle);
    ui.trailHeading = el('h2', { hidden: true }, 'Audit trail');
    ui.trail = dataTable('Events', [
      { header: 'Sequence', value: r => r.sequence },
      { header: 'Event', value: r => r.type },
      { header: 'Actor', value: r => r.actor },
      { header: 'At', value: r => r.timestamp },
      { header: 'Chain hash', value: r => r.chainHash }], 'audit-trail');
    ui.trail.node.hidden = true;
    ui.trail.node.classList.add('audit-trail');
    ui.disputes = dataTable('Disputes', [
      { header: 'Conversation', value: d => d.conversationId },
      { header: 'Status', value: d => d.status },
      { header: 'Reason', value: d => d.reason },
      { header: 'Opened by', value: d => d.openedBy },
      { header: 'Opened', value: d => d.openedAt },
      { header: 'Evidence', value: d => d.evidence.map(e => `#${e.sequence}: ${e.note} (${e.addedBy})`).join('; ') },
      { header: 'Outcome', value: d => d.outcome },
      { header: 'Resolution note', value: d => d.resolutionNote },
      { header: 'Resolved by', value: d => d.resolvedBy },
      { header: 'Resolved', value: d => d.resolvedAt }], 'disputes');
    const field = (label, id, attributes = {}) => [el('label', { for: id }, label),
      el('input', { type: 'text', id, name: id, size: '14', ...attributes })];
    const search = el('form', { class: 'search', onsubmit: event => { event.preventDefault(); this.#search(search); } },
      field('Agent', 'agent'), field('Tag', 'tag'), field('From', 'from', { type: 'date' }),
      field('To', 'to', { type: 'date' }), el('button', { type: 'submit' }, 'Find'));
    this.replaceChildren(el('div', { class: 'dashboard' },
      el('header', {}, el('h1', {}, `${TITLE} · ${this.#api.tokens.get().username}`),
        el('a', { href: '/supervisor.html' }, "Supervisor's dashboard"),
        el('button', { type: 'button', onclick: () => this.#signOut() }, 'Sign out')),
      ui.error, el('h2', {}, 'Find conversations'), search, ui.found.node, ui.more,
      ui.trailHeading, ui.verification, ui.trail.node,
      ui.disputes.node,
      hasRole(this.#api, 'supervisor') ? this.#resolution() : null));
    this.#search(search);
    this.#disputes();
  }

  disconnectedCallback() {
    clearTimeout(this.#poller);
  }

  #signOut() {
    clearTimeout(this.#poller);
    this.#api.tokens.set(null);
    signIn(this, this.#api, TITLE, () => this.#open());
  }

  async #search(form) {
    const query = new URLSearchParams([...new FormData(form)].filter(([, value]) => value !== ''));
    query.set('limit', String(PAGE));
    await this.#page(query, []);
  }

  /** The page of the search `query`, shown after the conversations `before`; "Show more" reads the next. */
  async #page(query, before) {
    const ui = this.#ui;
    ui.more.hidden = true;
    await this.#try(async () => {
      const found = await this.#api.get(`api/transcripts?${query}`);
      this.#conversations = before.concat(found.conversations);
      ui.found.show(this.#conversations, c => c.conversationId);
      if (found.next) {
        const next = new URLSearchParams(query);
        next.set('after', found.next);
        ui.more.onclick = () => this.#page(next, this.#conversations);
        ui.more.hidden = false;
      }
    });
  }

  async #audit(conversationId) {
    const ui = this.#ui;
    this.#selected = conversationId;
    await this.#try(async () => {
      const id = encodeURIComponent(conversationId);
      const [audit, verification] = await Promise.all([this.#api.get(`api/audits/conversations/${id}`),
        this.#api.get(`api/audits/conversations/${id}/verify`)]);
      ui.trailHeading.textContent = `Audit trail · ${conversationId}`;
      ui.trailHeading.hidden = false;
      ui.trail.node.hidden = false;
      ui.verification.hidden = false;
      ui.trail.show(audit.events, r => r.position);
      ui.verdict.className = `verdict ${verification.ok ? 'ok' : 'broken'}`;
      ui.verdict.textContent = verification.ok
        ? `The chain holds: ${verification.checked} event(s), head ${verification.head}`
          + (verification.checkpoint ? `, anchored by checkpoint ${verification.checkpoint.checkpoint}.`
            : ', in no checkpoint yet.')
        : `The chain does not hold: ${verification.reason}`
          + (verification.sequence == null ? '.' : ` (sequence ${verification.sequence}).`);
    });
  }

  async #download() {
    const conversationId = this.#selected;
    await this.#try(async () => {
      const bundle = await this.#api.blob(`api/audits/conversations/${encodeURIComponent(conversationId)}/export`);
      const link = el('a', { href: URL.createObjectURL(bundle), download: `audit-${conversationId}.zip` });
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 0);
    });
  }

  async #disputes() {
    clearTimeout(this.#poller);
    await this.#try(async () => {
      const { disputes } = await this.#api.get('api/audits/disputes');
      this.#ui.disputes.show(disputes, d => d.disputeId);
      const open = this.#ui.openDisputes;
      if (open) {
        const chosen = open.value;
        open.replaceChildren(...disputes.filter(d => d.status === 'OPEN').map(d =>
          el('option', { value: `${d.conversationId}/${d.disputeId}` }, `${d.reason} · ${d.conversationId}`)));
        open.value = [...open.options].some(option => option.value === chosen) ? chosen : open.value;
      }
    });
    if (this.#api.tokens.get()) {
      this.#poller = setTimeout(() => this.#disputes(), POLL_MS);
    }
  }

  /** The supervisor's form: an open dispute, its outcome and a note. */
  #resolution() {
    const ui = this.#ui;
    ui.openDisputes = el('select', { id: 'dispute', name: 'dispute', required: true });
    const outcome = el('select', { id: 'outcome', name: 'outcome' },
      OUTCOMES.map(value => el('option', { value }, value)));
    const note = el('input', { type: 'text', id: 'note', name: 'note', size: '30', maxlength: '4000' });
    return el('form', { class: 'search', onsubmit: async event => {
      event.preventDefault();
      const [conversationId, disputeId] = ui.openDisputes.value.split('/');
      await this.#try(async () => {
        await this.#api.post(`api/conversations/${encodeURIComponent(conversationId)}/disputes/`
          + `${encodeURIComponent(disputeId)}/resolution`, { outcome: outcome.value, note: note.value });
        note.value = '';
      });
      this.#disputes();
    } }, el('label', { for: 'dispute' }, 'Resolve dispute'), ui.openDisputes,
    el('label', { for: 'outcome' }, 'Outcome'), outcome, el('label', { for: 'note' }, 'Note'), note,
    el('button', { type: 'submit' }, 'Resolve'));
  }

  /** Runs `work`, showing a refusal in the screen's alert; a sign-in that ended returns to the form. */
  async #try(work) {
    try {
      await work();
      this.#ui.error.textContent = '';
    } catch (problem) {
      if (!this.#api.tokens.get()) {
        signIn(this, this.#api, TITLE, () => this.#open(), problem.message);
        return;
      }
      this.#ui.error.textContent = problem.message;
    }
  }
}

customElements.define('livechat-audit-desk', LivechatAuditDesk);
