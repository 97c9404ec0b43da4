// <livechat-dashboard>: the supervisor's screen. The live queue with waiting times and every agent's status and load
// (read every POLL_MS); the leaderboard and the team's or one agent's figures per day over a chosen range of days,
// drawn with uPlot: first response time (median and p90), resolution and handle time (medians) and CSAT. Every table
// downloads as CSV.
import uPlot from '/webjars/uplot/1.6.30/dist/uPlot.esm.js';
import { signIn, staffApi } from '../lib/staff.js';
import { dataTable } from '../lib/tables.js';
import { el } from '../lib/timeline.js';

const POLL_MS = 5000;
const DAY_MS = 86_400_000;

/** Milliseconds as seconds (1 decimal) or minutes (1 decimal); null stays null. */
const seconds = ms => (ms == null ? null : Math.round(ms / 100) / 10);
const minutes = ms => (ms == null ? null : Math.round(ms / 6000) / 10);
const percent = score => (score == null ? null : Math.round(score * 10) / 10);

/** The per-day charts: each a title, a unit and its series drawn from a day's figures. */
const CHARTS = [
  { title: 'First response time', unit: 's', series: [
    { label: 'median', color: '#1a56b0', value: f => seconds(f.firstResponseTime.median) },
    { label: 'p90', color: '#c4001a', value: f => seconds(f.firstResponseTime.p90) }] },
  { title: 'Resolution time', unit: 'min', series: [
    { label: 'median', color: '#1a56b0', value: f => minutes(f.resolutionTime.median) }] },
  { title: 'Handle time', unit: 'min', series: [
    { label: 'median', color: '#1a56b0', value: f => minutes(f.handleTime.median) }] },
  { title: 'CSAT', unit: '%', series: [
    { label: 'satisfied', color: '#0b7a3e', value: f => percent(f.csat.score) }] },
];

class LivechatDashboard extends HTMLElement {
  #api = staffApi();
  #poller = null;
  #ui = {};
  #charts = new Map();

  connectedCallback() {
    if (this.#api.tokens.get()) {
      this.#open();
    } else {
      signIn(this, this.#api, "Supervisor's dashboard", () => this.#open());
    }
  }

  disconnectedCallback() {
    clearTimeout(this.#poller);
  }

  #open() {
    const ui = this.#ui;
    const today = new Date();
    ui.from = el('input', { type: 'date', id: 'from', name: 'from', required: true,
      value: isoDay(new Date(today.getTime() - 6 * DAY_MS)) });
    ui.to = el('input', { type: 'date', id: 'to', name: 'to', required: true, value: isoDay(today) });
    ui.agent = el('select', { id: 'agent', name: 'agent', onchange: () => this.#refresh() });
    ui.error = el('p', { class: 'error', role: 'alert' });
    ui.queue = dataTable('Queue', [
      { header: 'Topic', value: c => c.topic },
      { header: 'Skill', value: c => c.requiredSkill },
      { header: 'Waiting since', value: c => c.startedAt },
      { header: 'Waiting (min)', value: c => minutes(Date.now() - Date.parse(c.startedAt)) },
      { header: 'Conversation', value: c => c.conversationId }], 'queue');
    ui.agents = dataTable('Agents', [
      { header: 'Agent', value: a => a.agentId },
      { header: 'Name', value: a => a.name },
      { header: 'Status', value: a => a.status },
      { header: 'Load', value: a => a.load },
      { header: 'Capacity', value: a => a.capacity },
      { header: 'Skills', value: a => a.skills.join(' ') }], 'agents');
    ui.leaderboard = dataTable('Leaderboard', [
      { header: 'Agent', value: r => r.agentId },
      { header: 'Name', value: r => r.name },
      { header: 'Closed', value: r => r.figures.conversationsClosed },
      { header: 'First response median (s)', value: r => seconds(r.figures.firstResponseTime.median) },
      { header: 'First response p90 (s)', value: r => seconds(r.figures.firstResponseTime.p90) },
      { header: 'Resolution median (min)', value: r => minutes(r.figures.resolutionTime.median) },
      { header: 'Handle median (min)', value: r => minutes(r.figures.handleTime.median) },
      { header: 'CSAT (%)', value: r => percent(r.figures.csat.score) },
      { header: 'Ratings', value: r => r.figures.csat.responses },
      { header: 'Open now', value: r => r.openLoad }], 'leaderboard');
    ui.days = dataTable('Per day', [
      { header: 'Day', value: d => d.day },
      ...CHARTS.flatMap(chart => chart.series.map(series => ({
        header: `${chart.title} ${series.label} (${chart.unit})`, value: d => series.value(d.figures) }))),
      { header: 'Ratings', value: d => d.figures.csat.responses },
      { header: 'Closed', value: d => d.figures.conversationsClosed }], 'per-day');
    ui.figures = el('div', { class: 'charts' }, CHARTS.map(chart => {
      const figure = el('figure', { 'aria-label': chart.title }, el('figcaption', {}, `${chart.title} (${chart.unit})`));
      this.#charts.set(chart, { figure, plot: null, drawn: null });
      return figure;
    }));
    ui.perAgent = el('h2', {}, 'Per day');
    this.replaceChildren(el('div', { class: 'dashboard' },
      el('header', {}, el('h1', {}, `Supervisor's dashboard · ${this.#api.tokens.get().username}`),
        el('a', { href: '/' }, 'Agent console'), el('a', { href: '/audit.html' }, 'Audit desk'),
        el('button', { type: 'button', onclick: () => this.#signOut() }, 'Sign out')),
      ui.error,
      el('div', { class: 'live' }, ui.queue.node, ui.agents.node),
      el('form', { class: 'range', onsubmit: event => { event.preventDefault(); this.#refresh(); } },
        el('label', { for: 'from' }, 'From'), ui.from, el('label', { for: 'to' }, 'To'), ui.to,
        el('label', { for: 'agent' }, 'Figures of'), ui.agent, el('button', { type: 'submit' }, 'Show')),
      ui.leaderboard.node, ui.perAgent, ui.figures, ui.days.node));
    this.#refresh();
  }

  #signOut() {
    clearTimeout(this.#poller);
    this.#api.tokens.set(null);
    this.#charts.forEach(chart => chart.plot?.destroy());
    this.#charts.clear();
    signIn(this, this.#api, "Supervisor's dashboard", () => this.#open());
  }

  /** Reads everything the screen shows, then again after POLL_MS. */
  async #refresh() {
    clearTimeout(this.#poller);
    const ui = this.#ui;
    const range = `from=${ui.from.value}&to=${ui.to.value}`;
    try {
      const [queue, agents, leaderboard] = await Promise.all([this.#api.get('api/queue'),
        this.#api.get('api/agents'), this.#api.get(`api/metrics/agents?${range}`)]);
      ui.queue.show(queue.conversations, c => c.conversationId);
      ui.agents.show(agents, a => a.agentId);
      ui.leaderboard.show(leaderboard.agents, r => r.agentId);
      this.#agents(leaderboard.agents);
      const agent = ui.agent.value;
      const metrics = await this.#api.get(agent ? `api/agents/${encodeURIComponent(agent)}/metrics?${range}`
        : `api/metrics/team?${range}`);
      ui.perAgent.textContent = `Per day · ${agent ? metrics.name ?? agent : 'the whole team'} · ${metrics.zone}`;
      ui.days.show(metrics.days, d => d.day);
      this.#draw(metrics);
      ui.error.textContent = '';
    } catch (problem) {
      if (!this.#api.tokens.get()) {
        signIn(this, this.#api, "Supervisor's dashboard", () => this.#open(), problem.message);
        return;
      }
      ui.error.textContent = problem.message;
    }
    this.#poller = setTimeout(() => this.#refresh(), POLL_MS);
  }

  /** Whose figures to chart: the whole team (''), or an agent in the leaderboard's order; a choice stays while listed. */
  #agents(rows) {
    const select = this.#ui.agent;
    const chosen = select.value;
    const ids = ['', ...rows.map(row => row.agentId)];
    if (ids.join('\n') !== [...select.options].map(option => option.value).join('\n')) {
      select.replaceChildren(el('option', { value: '' }, 'Whole team'),
        ...rows.map(row => el('option', { value: row.agentId }, row.name || row.agentId)));
    }
    select.value = ids.includes(chosen) ? chosen : '';
  }

  /** One chart per CHARTS entry, with every day of the range on its x axis (a day without figures is a gap). */
  #draw(metrics) {
    const days = [];
    for (let day = Date.parse(metrics.from); day <= Date.parse(metrics.to); day += DAY_MS) {
      days.push(day);
    }
    const byDay = new Map(metrics.days.map(d => [Date.parse(d.day), d.figures]));
    for (const [chart, state] of this.#charts) {
      const data = [days.map(day => day / 1000),
        ...chart.series.map(series => days.map(day => (byDay.has(day) ? series.value(byDay.get(day)) : null)))];
      const drawn = JSON.stringify(data);
      if (drawn === state.drawn) {
        continue;
      }
      state.drawn = drawn;
      state.figure.dataset.values = JSON.stringify(data.slice(1));
      state.plot?.destroy();
      state.plot = new uPlot({
        width: 480, height: 200, tzDate: ts => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
        scales: { x: { time: true }, y: { range: (plot, min, max) => [0, Math.max(1, max ?? 1)] } },
        series: [{}, ...chart.series.map(series => ({ label: series.label, stroke: series.color, width: 2,
          points: { show: true, size: 6 }, spanGaps: false }))],
        axes: [{}, { label: chart.unit }],
      }, data, state.figure);
    }
  }
}

/** A date as YYYY-MM-DD in the browser's time zone. */
function isoDay(date) {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

customElements.define('livechat-dashboard', LivechatDashboard);
