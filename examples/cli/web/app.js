// The first-hours page of `breachclock serve` (docs/first-hours.md).
//
// One incident, edited in the page and kept in local storage; after every change it is sent
// whole, as JSON, to POST /v1/assess (the HTTP contract: docs/http.md), and the answer
// (breachclock.assessment/1, docs/json.md) is shown: the duties with their status and due
// instants, the questions in the order the engine ranks them, the SVG timeline. Unknown is
// never guessed: a fact is in the incident only once the user answers it.
//
// Stages, each a function of the one before, each in its module: the schema (GET /v1/facts)
// builds the form once (form.js); the form reads back as an incident (`incident()`); the incident
// is written as JSON (with a map from line to field, to place the server's diagnostics) or TOML
// (incident.js); the assessment renders (duties.js). The requests, the Problem and the token are
// in api.js, the two DOM helpers in dom.js. This module holds the state and wires the stages: a
// change is assessed once the user pauses, the draft is kept in local storage, the page starts.
// No framework, no build step, nothing fetched from outside the server; no inline script or
// style (the server's Content-Security-Policy forbids them): ES modules, from the same origin.

import { $ } from './dom.js';
import { api, Problem } from './api.js';
import { buildForm, showProblem, setOffset } from './form.js';
import { incident, incidentJson, asOf } from './incident.js';
import { render, place, showTimeline } from './duties.js';

export const USER_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;
const DRAFT_KEY = 'breachclock.first-hours.incident';

export const state = {
  schema: null,         // GET /v1/facts
  items: new Map(),     // fact or event name -> {name, kind, li, get(), set(v), diag}
  events: new Map(),    // event name -> {input, label, diag}
  assessment: null,     // the last assessment shown (current unless `stale`)
  body: null,           // the incident JSON it assessed (what Explain sends)
  generation: 0,        // counts the changes; a response of an older one is dropped
  controller: null,     // AbortController of the request in flight
  timer: 0,             // debounce of the changes
  statuses: null,       // obligation id -> status of the last assessment, for the announcements
  expanded: new Set(),  // obligation ids whose explanation is open
  svgUrl: null,
  retry: null,          // what to do again once the user gives a token
};

// ---- assessing -----------------------------------------------------------------------------

// A change: assessed once the user pauses (longer while typing, so that a half-typed zone is not
// refused at every letter).
export const TYPING_MS = 700, CHOICE_MS = 250;
export function changed(delay = CHOICE_MS) {
  state.generation++;
  document.body.dataset.pending = '1';
  $('duties').setAttribute('aria-busy', 'true');
  $('state').textContent = 'Updating…';
  saveDraft();
  clearTimeout(state.timer);
  state.timer = setTimeout(assess, delay);
}

async function assess() {
  const generation = state.generation;
  if (state.controller) state.controller.abort();
  const controller = (state.controller = new AbortController());
  const { text, where } = incidentJson(incident());
  const query = `as_of=${encodeURIComponent(asOf())}`;
  state.retry = assess;
  try {
    const doc = await (await api(`/v1/assess?${query}&format=json`, { body: text, signal: controller.signal })).json();
    if (generation !== state.generation) return;
    showProblem(null, where);
    state.body = text;
    render(doc);
    // The timeline of the same incident and instant; its failure leaves the duties current.
    try {
      const svg = await (await api(`/v1/assess?as_of=${encodeURIComponent(doc.as_of)}&format=svg`, { body: text, signal: controller.signal })).blob();
      if (generation === state.generation) showTimeline(svg, doc);
    } catch (e) {
      if (e.name === 'AbortError' || generation !== state.generation) return;
      $('timeline-img').hidden = true;
      $('timeline-cap').textContent = `The timeline could not be drawn: ${e instanceof Problem ? e.doc.detail || e.doc.title : e}`;
    }
  } catch (e) {
    if (e.name === 'AbortError' || generation !== state.generation) return;
    showProblem(e instanceof Problem ? e.doc : { title: 'Error', detail: String(e) }, where);
    $('duties').classList.add('stale');
    $('state').textContent = 'Out of date: the last change could not be assessed (the problem is shown above). The duties below are those of the earlier answers.';
  } finally {
    if (generation === state.generation) {
      document.body.dataset.pending = '0';
      $('duties').setAttribute('aria-busy', 'false');
    }
  }
}

// With the clock as as-of, assess again each minute: what is overdue, and versions, change with time.
setInterval(() => { if (state.schema && !$('as-of').value && document.body.dataset.pending !== '1') assess(); }, 60000);

// ---- the draft in local storage -------------------------------------------------------------

function saveDraft() {
  try { localStorage.setItem(DRAFT_KEY, JSON.stringify({ incident: incident(), as_of: $('as-of').value })); } catch { /* full or off */ }
}

export function restore(draft) {
  const inc = draft?.incident || {};
  const today = new Date().toISOString().slice(0, 10);
  $('inc-id').value = inc.id || `incident-${today}`;
  $('inc-title').value = inc.title || '';
  $('inc-zone').value = inc.zone || USER_ZONE;
  $('inc-scope').value = (inc.scope || []).join(' ');
  $('inc-notes').value = (inc.notes || []).join('\n');
  $('as-of').value = draft?.as_of || '';
  for (const [name, e] of state.events) {
    const m = /^([^Z+]*?)(Z|[+-]\d\d:\d\d)?$/.exec(inc.events?.[name] || '');
    e.input.value = m[1];
    setOffset(e, m[2] === 'Z' ? '+00:00' : m[2] || '');
  }
  for (const item of state.items.values()) {
    item.set(item.fact.family ? inc.affected?.[item.fact.key] : inc.facts?.[item.name]);
  }
}

$('new-incident').addEventListener('click', () => {
  if (!confirm('Start a new incident? The answers in this page are cleared.')) return;
  localStorage.removeItem(DRAFT_KEY);
  restore(null);
  changed();
});

// ---- start -----------------------------------------------------------------------------------

async function start() {
  state.retry = start;
  try {
    state.schema = await (await api('/v1/facts')).json();
  } catch (e) {
    if (e instanceof Problem) showProblem(e.doc);
    return;
  }
  buildForm(state.schema);
  let draft = null;
  try { draft = JSON.parse(localStorage.getItem(DRAFT_KEY)); } catch { /* none */ }
  restore(draft);
  // Until the first assessment ranks them (or when it fails), the questions in schema order.
  const items = [...state.items.values()];
  place($('q-answered'), items.filter((i) => i.get() !== undefined).map((i) => i.li));
  place($('q-other'), items.filter((i) => i.get() === undefined).map((i) => i.li));
  $('q-other-n').textContent = $('q-other').children.length;
  document.body.dataset.ready = '1';
  changed();
}

start();
