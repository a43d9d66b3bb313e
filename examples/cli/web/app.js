// The first-hours page of `breachclock serve` (docs/first-hours.md).
//
// One incident, edited in the page and kept in local storage; after every change it is sent
// whole, as JSON, to POST /v1/assess (the HTTP contract: docs/http.md), and the answer
// (breachclock.assessment/1, docs/json.md) is shown: the duties with their status and due
// instants, the questions in the order the engine ranks them, the SVG timeline. Unknown is
// never guessed: a fact is in the incident only once the user answers it.
//
// Stages, each a function of the one before: the schema (GET /v1/facts) builds the form once;
// the form reads back as an incident (`incident()`); the incident is written as JSON (with a
// map from line to field, to place the server's diagnostics) or TOML; the assessment renders.
// No framework, no build step, nothing fetched from outside the server; no inline script or
// style (the server's Content-Security-Policy forbids them).
'use strict';

const $ = (id) => document.getElementById(id);
const USER_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;
const DRAFT_KEY = 'breachclock.first-hours.incident';
const TOKEN_KEY = 'breachclock.token';

const state = {
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

// ---- requests -----------------------------------------------------------------------------

class Problem extends Error {
  // An RFC 9457 problem document (application/problem+json), or one made here for a network error.
  constructor(doc) { super(doc.title || 'error'); this.doc = doc; }
}

async function api(path, { body, type = 'application/json', signal } = {}) {
  const headers = {};
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) headers.Authorization = 'Bearer ' + token;
  if (body !== undefined) headers['Content-Type'] = type;
  let response;
  try {
    response = await fetch(path, { method: body === undefined ? 'GET' : 'POST', headers, body, signal });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new Problem({ title: 'The server did not answer', detail: String(e.message || e) });
  }
  if (response.ok) return response;
  const text = await response.text();
  let doc;
  try { doc = JSON.parse(text); } catch { doc = { title: `HTTP ${response.status}`, detail: text }; }
  doc.status = doc.status || response.status;
  if (response.status === 401) askToken();
  throw new Problem(doc);
}

function askToken() {
  $('token-form').hidden = false;
  $('token').focus();
}

$('token-form').addEventListener('submit', (e) => {
  e.preventDefault();
  sessionStorage.setItem(TOKEN_KEY, $('token').value);
  $('token').value = '';
  $('token-form').hidden = true;
  if (state.retry) state.retry();
});

// ---- the form, built once from the fact schema -----------------------------------------------

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'class') node.className = v;
    else if (k in node && !k.includes('-')) node[k] = v;
    else node.setAttribute(k, v);
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

// A fact's widget: get() is its value as an incident file writes it, or undefined (unknown).
function factWidget(f, id, describedBy) {
  const change = () => changed();
  if (f.type === 'bool') {
    const box = el('fieldset', { class: 'choice', 'aria-describedby': describedBy }, el('legend', { class: 'q' }, f.question));
    const radios = [['', 'Unknown'], ['true', 'Yes'], ['false', 'No']].map(([v, text]) => {
      const r = el('input', { type: 'radio', name: id, value: v, checked: v === '' });
      r.addEventListener('change', change);
      box.append(el('label', {}, r, ' ' + text));
      return r;
    });
    return { node: box, focus: radios[0],
      get: () => { const v = radios.find((r) => r.checked).value; return v === '' ? undefined : v === 'true'; },
      set: (v) => { const s = v === undefined ? '' : String(v); radios.forEach((r) => { r.checked = r.value === s; }); } };
  }
  if (f.type === 'enum') {
    const select = el('select', { id, 'aria-describedby': describedBy }, el('option', { value: '' }, 'unknown'),
      ...f.values.map((v) => el('option', { value: v }, v)));
    select.addEventListener('change', change);
    return { node: el('div', {}, el('label', { class: 'q', for: id }, f.question), select), focus: select,
      get: () => select.value || undefined, set: (v) => { select.value = v || ''; } };
  }
  if (f.type === 'set') {
    // A set is unknown, known exactly, or known in part ({at_least: [...]}).
    const mode = el('select', { id, 'aria-label': 'How much is known' },
      el('option', { value: '' }, 'unknown'), el('option', { value: 'exactly' }, 'exactly these'),
      el('option', { value: 'at_least' }, 'at least these'));
    const boxes = f.values.map((v) => el('input', { type: 'checkbox', value: v }));
    mode.addEventListener('change', change);
    boxes.forEach((b) => b.addEventListener('change', () => { if (!mode.value) mode.value = 'at_least'; change(); }));
    const node = el('fieldset', { class: 'choice', 'aria-describedby': describedBy }, el('legend', { class: 'q' }, f.question),
      el('label', {}, 'Known: ', mode), ...boxes.map((b) => el('label', {}, b, ' ' + b.value)));
    return { node, focus: mode,
      get: () => {
        if (!mode.value) return undefined;
        const on = boxes.filter((b) => b.checked).map((b) => b.value);
        return mode.value === 'exactly' ? on : { at_least: on };
      },
      set: (v) => {
        const on = v === undefined ? [] : Array.isArray(v) ? v : v.at_least || [];
        mode.value = v === undefined ? '' : Array.isArray(v) ? 'exactly' : 'at_least';
        boxes.forEach((b) => { b.checked = on.includes(b.value); });
      } };
  }
  const input = el('input', { id, type: f.type === 'int' && !f.family ? 'number' : 'text', autocomplete: 'off',
    'aria-describedby': describedBy });
  if (f.type === 'int' && !f.family) {
    input.step = '1';
    if (f.min !== null && f.min !== undefined) input.min = f.min;
    if (f.max !== null && f.max !== undefined) input.max = f.max;
  }
  if (f.family) input.inputMode = 'numeric';
  input.addEventListener('input', () => changed(TYPING_MS));
  const hint = f.family ? el('span', { class: 'hint' }, ' A number, or a range such as 100-500 or 1000- (at least); empty: unknown.') : null;
  return { node: el('div', {}, el('label', { class: 'q', for: id }, f.question, hint), input), focus: input,
    get: () => {
      const t = input.value.trim();
      if (!t) return undefined;
      if (f.type === 'text') return input.value;
      if (!f.family) return Number.isInteger(input.valueAsNumber) ? input.valueAsNumber : t;
      return parseCount(t) ?? t;
    },
    set: (v) => {
      if (v === undefined) input.value = '';
      else if (typeof v === 'object') input.value = `${v.min ?? ''}-${v.max ?? ''}`;
      else input.value = String(v);
    } };
}

// "5000" -> 5000; "100-500" -> {min: 100, max: 500}; "1000-" -> {min: 1000}; else null.
function parseCount(t) {
  let m = /^\d+$/.exec(t);
  if (m) return Number(t);
  m = /^(\d*)\s*[-–]\s*(\d*)$/.exec(t);
  if (!m || (!m[1] && !m[2])) return null;
  const r = {};
  if (m[1]) r.min = Number(m[1]);
  if (m[2]) r.max = Number(m[2]);
  return r;
}

function buildForm(schema) {
  // Events: those another falls back to, or given, or asked, stay in view; the rest are folded.
  const fallbacks = new Set(schema.events.map((e) => e.fallback).filter(Boolean));
  for (const e of schema.events) {
    const id = 'ev-' + e.name;
    const input = el('input', { id, type: 'datetime-local', step: '1', 'aria-describedby': `${id}-q ${id}-at ${id}-diag` });
    const at = el('span', { class: 'offset', id: `${id}-at` });   // the UTC offset, when one is given
    const diag = el('span', { class: 'diag', id: `${id}-diag` });
    const clear = el('button', { type: 'button', class: 'clear', 'aria-label': `${e.name}: not known` }, 'Unknown');
    const event = { input, at, diag, offset: '', basic: fallbacks.has(e.name) };
    input.addEventListener('change', () => { setOffset(event, ''); changed(); });
    clear.addEventListener('click', () => { if (input.value) { input.value = ''; setOffset(event, ''); changed(); } });
    event.label = el('div', { class: 'event' }, el('label', { for: id }, e.name, ' ', input), clear, at,
      el('span', { class: 'hint', id: `${id}-q` }, e.question + (e.fallback ? ` (while unknown, deadlines count from ${e.fallback}: provisional)` : '')), diag);
    (event.basic ? $('events-main') : $('events-more')).append(event.label);
    state.events.set(e.name, event);
  }
  for (const f of schema.facts) {
    if (f.key && f.key.startsWith('most.')) continue;   // derived from the counts, never asked
    const id = 'f-' + f.name;
    const diag = el('p', { class: 'diag', id: `${id}-diag` });
    const w = factWidget(f, id, `${id}-about ${id}-diag`);
    const decides = el('p', { class: 'decides' });
    const about = el('details', { class: 'about' }, el('summary', {}, 'About ', el('code', {}, f.name)),
      el('p', { id: `${id}-about` }, f.description || ''));
    const li = el('li', { id: 'q-' + f.name, tabindex: '-1', 'data-fact': f.name }, w.node, diag, decides, about);
    state.items.set(f.name, { name: f.name, fact: f, li, decides, diag, get: w.get, set: w.set, focus: w.focus });
  }
  const zones = Intl.supportedValuesOf ? Intl.supportedValuesOf('timeZone') : [];
  $('zones').append(...zones.map((z) => el('option', { value: z })));
  for (const id of ['inc-id', 'inc-title', 'inc-zone', 'inc-scope', 'inc-notes']) $(id).addEventListener('input', () => changed(TYPING_MS));
  $('as-of').addEventListener('change', () => changed());
  $('as-of-now').addEventListener('click', () => { $('as-of').value = ''; changed(); });
}

// ---- the incident, read from the form ------------------------------------------------------

// "2024-03-21T09:00" (datetime-local without seconds) -> "2024-03-21T09:00:00"
const localTime = (v) => (v.length === 16 ? v + ':00' : v);

function incident() {
  const inc = { id: $('inc-id').value.trim() || 'incident' };
  const title = $('inc-title').value.trim();
  if (title) inc.title = title;
  inc.zone = $('inc-zone').value.trim();
  const scope = $('inc-scope').value.split(/[\s,;]+/).filter(Boolean);
  if (scope.length) inc.scope = scope;
  const notes = $('inc-notes').value.split('\n').map((s) => s.trim()).filter(Boolean);
  if (notes.length) inc.notes = notes;
  const events = {}, facts = {}, affected = {};
  for (const [name, e] of state.events) if (e.input.value) events[name] = localTime(e.input.value) + e.offset;
  for (const item of state.items.values()) {
    const v = item.get();
    if (v === undefined) continue;
    if (item.fact.family) affected[item.fact.key] = v; else facts[item.name] = v;
  }
  if (Object.keys(events).length) inc.events = events;
  if (Object.keys(facts).length) inc.facts = facts;
  if (Object.keys(affected).length) inc.affected = affected;
  return inc;
}

// JSON, one field a line, with the map from line number to field ("zone", "facts.role",
// "affected.US-TX") that places the server's diagnostics (request:LINE:COL) on the form.
function incidentJson(inc) {
  const lines = ['{'], where = new Map();
  const top = Object.entries(inc);
  top.forEach(([k, v], i) => {
    const comma = i < top.length - 1 ? ',' : '';
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      lines.push(`  ${JSON.stringify(k)}: {`);
      where.set(lines.length, k);
      const inner = Object.entries(v);
      inner.forEach(([k2, v2], j) => {
        lines.push(`    ${JSON.stringify(k2)}: ${JSON.stringify(v2)}${j < inner.length - 1 ? ',' : ''}`);
        where.set(lines.length, `${k}.${k2}`);
      });
      lines.push('  }' + comma);
    } else {
      lines.push(`  ${JSON.stringify(k)}: ${JSON.stringify(v)}${comma}`);
      where.set(lines.length, k);
    }
  });
  lines.push('}');
  return { text: lines.join('\n') + '\n', where };
}

// TOML of the same incident. A JSON string is a valid TOML basic string once lone surrogates
// are replaced and DEL escaped; events are TOML local date-times, resolved in the zone.
function tomlString(s) {
  return JSON.stringify(s.toWellFormed ? s.toWellFormed() : s).replace(/\x7f/g, '\\u007f');
}
const tomlKey = (k) => (/^[A-Za-z0-9_-]+$/.test(k) ? k : tomlString(k));
function tomlValue(v) {
  if (typeof v === 'string') return tomlString(v);
  if (typeof v !== 'object') return String(v);
  if (Array.isArray(v)) return '[' + v.map(tomlValue).join(', ') + ']';
  return '{ ' + Object.entries(v).map(([k, x]) => `${tomlKey(k)} = ${tomlValue(x)}`).join(', ') + ' }';
}
function incidentToml(inc) {
  const out = [`# Incident file written by the breachclock first-hours page, ${new Date().toISOString()}.`,
    '# Local times are in the incident\'s zone; a fact left out is unknown.'];
  const tables = [];
  for (const [k, v] of Object.entries(inc)) {
    if (v && typeof v === 'object' && !Array.isArray(v)) tables.push([k, v]);
    else out.push(`${tomlKey(k)} = ${tomlValue(v)}`);
  }
  for (const [name, table] of tables) {
    out.push('', `[${name}]`);
    for (const [k, v] of Object.entries(table)) {
      const local = name === 'events' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d([+-]\d\d:\d\d)?$/.test(v);
      out.push(`${tomlKey(k)} = ${local ? v : tomlValue(v)}`);
    }
  }
  return out.join('\n') + '\n';
}

// The as_of query parameter: the local date-time chosen, or this computer's clock.
function asOf() {
  const v = $('as-of').value;
  return v ? localTime(v) : new Date().toISOString().replace(/\.\d+Z$/, 'Z');
}

// ---- assessing -----------------------------------------------------------------------------

// A change: assessed once the user pauses (longer while typing, so that a half-typed zone is not
// refused at every letter).
const TYPING_MS = 700, CHOICE_MS = 250;
function changed(delay = CHOICE_MS) {
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

// The problem in the alert region, each diagnostic also next to the field it is about.
function showProblem(doc, where) {
  for (const node of document.querySelectorAll('.diag')) node.textContent = '';
  for (const node of document.querySelectorAll('[aria-invalid]')) node.removeAttribute('aria-invalid');
  const box = $('problem');
  box.replaceChildren();
  box.hidden = !doc;
  if (!doc) return;
  box.append(el('h2', {}, doc.title || 'Error'));
  if (doc.detail) box.append(el('p', {}, doc.detail));
  const list = el('ul');
  for (const d of doc.diagnostics || []) {
    const at = [d.file, d.line, d.col].filter((x) => x !== null && x !== undefined).join(':');
    const line = `${at ? at + ': ' : ''}${d.severity}${d.code ? `[${d.code}]` : ''}: ${d.message}`;
    list.append(el('li', {}, line));
    const field = d.file === 'request' && where ? where.get(d.line) : null;
    if (field) placeDiagnostic(field, d.message, d.code);
  }
  if (list.children.length) box.append(list);
}

function placeDiagnostic(field, message, code) {
  const [table, name] = field.split(/\.(.*)/s);
  let input, diag;
  if (['id', 'title', 'zone', 'scope', 'notes'].includes(field)) {
    input = $('inc-' + field);
    diag = $(`inc-${field}-diag`);
  } else if (table === 'events' && state.events.has(name)) {
    ({ input, diag } = state.events.get(name));
    if (code === 'time.repeated') offerOffsets(state.events.get(name), message);
  } else {
    const item = state.items.get(table === 'affected' ? `affected.${name}` : name);
    if (item) { input = item.focus; diag = item.diag; }
  }
  if (input) input.setAttribute('aria-invalid', 'true');
  if (diag) diag.prepend(message);
}

// A local time that a clock change repeats: the user says which of the two it was, and the
// event is written with that UTC offset ("2024-10-27T01:30:00+01:00"). Never guessed.
function offerOffsets(event, message) {
  const local = localTime(event.input.value);
  const utc = Date.parse(local + 'Z');
  const offsets = [...new Set([offsetIn(utc - 86400000, $('inc-zone').value.trim()), offsetIn(utc + 86400000, $('inc-zone').value.trim())])];
  if (offsets.length !== 2) return;
  offsets.forEach((o, i) => {
    const b = el('button', { type: 'button', class: 'clear' }, `${i ? 'The second' : 'The first'} ${local.slice(11, 16)} (UTC${o})`);
    b.addEventListener('click', () => { setOffset(event, o); changed(); event.input.focus(); });
    event.diag.append(' ', b);
  });
}

function setOffset(event, offset) {
  event.offset = offset;
  event.at.textContent = offset ? ` at UTC${offset}` : '';
}

// The UTC offset of a zone at an instant: "+01:00".
function offsetIn(instant, zone) {
  try {
    const name = new Intl.DateTimeFormat('en-GB', { timeZone: zone, timeZoneName: 'longOffset' })
      .formatToParts(new Date(instant)).find((p) => p.type === 'timeZoneName').value;
    return name === 'GMT' ? '+00:00' : name.replace('GMT', '').replace('\u2212', '-');
  } catch {
    return null;
  }
}

// ---- rendering an assessment -----------------------------------------------------------------

const STATUS = { required: 'required', undetermined: 'undetermined', not_required: 'not required' };

function fmt(instant, zone) {
  const d = new Date(instant);
  const opts = { timeZone: zone, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric',
    hour: '2-digit', minute: '2-digit', timeZoneName: 'short', hourCycle: 'h23' };
  if (d.getUTCSeconds()) opts.second = '2-digit';
  return new Intl.DateTimeFormat('en-GB', opts).format(d);
}

function span(seconds) {
  const s = Math.abs(Math.round(seconds));
  const d = Math.floor(s / 86400), h = Math.floor((s % 86400) / 3600), m = Math.floor((s % 3600) / 60);
  const two = (n) => String(n).padStart(2, '0');
  return `${d ? d + 'd ' : ''}${two(h)}h ${two(m)}m ${two(s % 60)}s`;
}

function render(doc) {
  state.assessment = doc;
  $('duties').classList.remove('stale');
  const kept = document.activeElement;
  const keptDuty = kept?.closest('[data-obligation]') && kept.matches('.explain-button') ? kept.closest('[data-obligation]').dataset.obligation : null;
  orderQuestions(doc);
  const obligations = doc.obligations;
  const open = obligations.filter((o) => o.status !== 'not_required');
  const lists = { open: $('d-open'), no: $('d-no'), out: $('d-out') };
  for (const list of Object.values(lists)) list.replaceChildren();
  for (const o of obligations) {
    const list = o.status !== 'not_required' ? lists.open : o.out_of_scope ? lists.out : lists.no;
    list.append(duty(o, doc));
  }
  if (!open.length) lists.open.append(el('li', { class: 'none' }, 'No duty applies or may apply on these answers.'));
  $('d-no-n').textContent = lists.no.children.length;
  $('d-out-n').textContent = lists.out.children.length;
  $('warnings').replaceChildren(...doc.warnings.map((w) => el('li', {}, el('strong', {}, 'Warning: '), w)));
  const count = (s) => obligations.filter((o) => o.status === s).length;
  $('state').textContent = `As of ${fmt(doc.as_of, doc.incident.zone)}: ${count('required')} required, ` +
    `${count('undetermined')} undetermined, ${count('not_required')} not required.` +
    ($('as-of').value ? ' The countdowns show the time left at that instant.' : ' The countdowns tick on this computer\'s clock.');
  $('rules-line').textContent = `Rules ${doc.rules.digest.slice(0, 19)}, ${doc.rules.packs.length} packs. Your zone: ${USER_ZONE}.`;
  announce(obligations);
  // The focus stays where it was: on a question (moved, not rebuilt) or on a duty's Explain (rebuilt).
  if (kept && kept !== document.activeElement && document.contains(kept)) kept.focus({ preventScroll: true });
  else if (keptDuty) document.getElementById('d-' + keptDuty)?.querySelector('.explain-button')?.focus({ preventScroll: true });
  for (const id of state.expanded) explain(id, false);
  tick();
}

// Questions: the assessment's (most decisive first), then those answered, then the rest folded.
function orderQuestions(doc) {
  const asked = [];
  const decides = new Map();
  for (const q of doc.questions) {
    decides.set(q.fact, q.decides);
    asked.push(q.kind === 'fact' && state.items.has(q.fact) ? state.items.get(q.fact).li : pointer(q));
  }
  const answered = [], other = [];
  for (const item of state.items.values()) {
    const ids = decides.get(item.name);
    item.decides.replaceChildren();
    if (ids) {
      item.decides.append(`Decides ${ids.length} ${ids.length === 1 ? 'duty' : 'duties'}: `,
        ...ids.flatMap((id, i) => [i ? ', ' : '', el('a', { href: '#d-' + id }, id)]));
      continue;
    }
    (item.get() !== undefined ? answered : other).push(item.li);
  }
  place($('q-open'), asked.filter(Boolean));
  place($('q-answered'), answered);
  place($('q-other'), other);
  $('q-answered-h').hidden = !answered.length;
  $('q-other-n').textContent = other.length;
  // Events given or asked come into view.
  for (const [name, e] of state.events) {
    const target = e.basic || e.input.value || decides.has(name) ? $('events-main') : $('events-more');
    if (e.label.parentNode !== target) target.append(e.label);
  }
}

// An event or the scope asked points to its field in the incident's header; a derived count
// (most.) is answered by the counts it is worked out from. Kept from one assessment to the next.
const pointers = new Map();
function pointer(q) {
  const key = `${q.kind}:${q.fact}`;
  let p = pointers.get(key);
  if (!p) {
    const target = q.kind === 'scope' ? $('inc-scope') : state.events.get(q.fact)?.input;
    const button = target ? el('button', { type: 'button' }, q.kind === 'scope' ? 'Give the scope' : `Give the time of ${q.fact}`) : null;
    button?.addEventListener('click', () => {
      const box = target.closest('details');
      if (box) box.open = true;
      target.focus();
    });
    p = { decides: el('p', { class: 'decides' }) };
    p.li = el('li', { class: 'pointer', 'data-fact': q.fact }, el('p', { class: 'q' }, q.question), p.decides, button);
    pointers.set(key, p);
  }
  p.decides.textContent = `Decides ${q.decides.length} ${q.decides.length === 1 ? 'duty' : 'duties'}.`;
  return p.li;
}

// Puts the nodes into the list in order, moving only those out of place (a move loses focus).
function place(list, nodes) {
  nodes.forEach((node, i) => { if (list.children[i] !== node) list.insertBefore(node, list.children[i] || null); });
  while (list.children.length > nodes.length) list.lastElementChild.remove();
}

function duty(o, doc) {
  const d = o.deadline;
  const li = el('li', { class: `duty st-${o.status}`, id: 'd-' + o.id, 'data-obligation': o.id, 'data-status': o.status });
  li.append(el('h3', {}, el('span', { class: 'badge' }, STATUS[o.status]), ' ', o.title));
  const to = o.recipient.name || `not known until ${o.recipient.undetermined_by} is answered`;
  li.append(el('p', { class: 'meta' }, el('code', {}, o.id), ` · to ${to}`));
  const when = el('dl', { class: 'when' });
  const row = (term, ...value) => when.append(el('dt', {}, term), el('dd', {}, ...value));
  const live = o.status !== 'not_required' && !o.filed;
  if (d.due) {
    row(`Due (${o.recipient.name ? 'the recipient\'s zone, ' : ''}${d.zone})`,
      el('time', { datetime: d.due, 'data-role': 'due-regulator' }, fmt(d.due, d.zone)));
    row(`Due (your zone, ${USER_ZONE})`, el('time', { datetime: d.due, 'data-role': 'due-user' }, fmt(d.due, USER_ZONE)));
    if (live) row('Time left', el('span', { role: 'timer', class: 'countdown', 'data-due': d.due }));
  } else if (d.due_date) {
    row('Due by the end of', d.due_date);
  }
  if (d.target_due) {
    row('Internal target', el('time', { datetime: d.target_due }, `${fmt(d.target_due, d.zone)} · ${fmt(d.target_due, USER_ZONE)}`));
    if (live) row('Time to the target', el('span', { role: 'timer', class: 'countdown', 'data-due': d.target_due }));
  }
  if (d.text) row(d.kind === 'soft' ? 'Deadline (no fixed instant)' : 'The law says', `“${d.text}”`);
  if (d.kind === 'none') row('Deadline', 'none');
  if (d.anchor && d.from) row('Counted from', `${d.anchor_event || d.from}, ${fmt(d.anchor, doc.incident.zone)}${d.period ? ` (${d.period})` : ''}`);
  else if (d.from && !d.due && d.kind === 'fixed') row('Counted from', `${d.from}: not known yet, so no due instant`);
  if (d.provisional) row('Provisional', `counted from ${d.anchor_event} while ${d.from} is unknown; the due instant moves when ${d.from} is given`);
  if (d.not_started) row('Not started', `counts from ${d.from} (${d.from_kind}), not recorded yet`);
  if (o.filed) row('Filed', `${fmt(o.filed.at, d.zone || doc.incident.zone)}${o.filed.on_time === false ? ', late' : ''}`);
  if (when.children.length) li.append(when);
  if (o.status === 'undetermined' && o.depends_on.length) {
    li.append(el('p', { class: 'depends' }, 'Decided by: ',
      ...o.depends_on.flatMap((f, i) => [i ? ', ' : '', state.items.has(f) ? el('a', { href: '#q-' + f }, f)
        : state.events.has(f) ? el('a', { href: '#ev-' + f }, f) : el('code', {}, f)])));
  }
  if (o.displaced_by) li.append(el('p', {}, `Displaced by ${o.displaced_by.pack}: ${o.displaced_by.because}`));
  if (o.citations.length) li.append(el('p', { class: 'cite' }, ...o.citations.flatMap((c, i) => [i ? '; ' : '',
    c.url ? el('a', { href: c.url, rel: 'noreferrer noopener', target: '_blank' }, c.ref) : c.ref])));
  const pre = el('pre', { id: 'x-' + o.id, class: 'explain', hidden: true, tabindex: '0', 'aria-label': `Explanation of ${o.id}` });
  const button = el('button', { type: 'button', class: 'explain-button', 'aria-expanded': 'false', 'aria-controls': pre.id }, 'Explain');
  button.addEventListener('click', () => explain(o.id, true));
  li.append(button, pre);
  return li;
}

// Opens (or, when `toggle` and open, closes) the explanation of one obligation.
async function explain(id, toggle) {
  const pre = document.getElementById('x-' + id);
  if (!pre) { state.expanded.delete(id); return; }
  const button = pre.previousElementSibling;
  if (toggle && state.expanded.has(id)) {
    state.expanded.delete(id);
    pre.hidden = true;
    button.setAttribute('aria-expanded', 'false');
    return;
  }
  state.expanded.add(id);
  pre.hidden = false;
  button.setAttribute('aria-expanded', 'true');
  pre.textContent = 'Loading the explanation…';
  const generation = state.generation;
  try {
    const q = `obligation=${encodeURIComponent(id)}&as_of=${encodeURIComponent(state.assessment.as_of)}&format=text`;
    const text = await (await api('/v1/explain?' + q, { body: state.body })).text();
    if (generation === state.generation) pre.textContent = text;
  } catch (e) {
    pre.textContent = e instanceof Problem ? `${e.doc.title}: ${e.doc.detail || ''}` : String(e);
  }
}

// Tells a screen reader which duties changed status (the first assessment: a summary).
function announce(obligations) {
  const now = new Map(obligations.map((o) => [o.id, o.status]));
  const lines = [];
  if (!state.statuses) {
    const n = (s) => obligations.filter((o) => o.status === s).length;
    lines.push(`${n('required')} duties required, ${n('undetermined')} undetermined.`);
  } else {
    for (const o of obligations) {
      const was = state.statuses.get(o.id);
      if (was && was !== o.status) lines.push(`${o.title} (${o.id}): now ${STATUS[o.status]}, was ${STATUS[was]}.`);
    }
  }
  state.statuses = now;
  if (lines.length > 6) lines.splice(5, lines.length, `And ${lines.length - 5} more changes.`);
  if (lines.length) $('announce').textContent = lines.join(' ');
}

// The countdowns: against the as-of instant when one is chosen, else this computer's clock.
function tick() {
  if (!state.assessment) return;
  const fixed = $('as-of').value ? Date.parse(state.assessment.as_of) : null;
  const now = fixed ?? Date.now();
  for (const node of document.querySelectorAll('[data-due]')) {
    const left = (Date.parse(node.dataset.due) - now) / 1000;
    node.textContent = left >= 0 ? `${span(left)} left` : `OVERDUE by ${span(left)}`;
    node.classList.toggle('overdue', left < 0);
  }
}
setInterval(tick, 1000);
// With the clock as as-of, assess again each minute: what is overdue, and versions, change with time.
setInterval(() => { if (state.schema && !$('as-of').value && document.body.dataset.pending !== '1') assess(); }, 60000);

function showTimeline(svg, doc) {
  if (state.svgUrl) URL.revokeObjectURL(state.svgUrl);
  state.svgUrl = URL.createObjectURL(svg);
  const img = $('timeline-img');
  const timed = doc.obligations.filter((o) => o.status !== 'not_required' && o.deadline.due);
  const said = timed.slice(0, 10).map((o) => `${o.title}, ${STATUS[o.status]}, due ${fmt(o.deadline.due, o.deadline.zone)}`);
  if (timed.length > 10) said.push(`and ${timed.length - 10} more (listed under Duties)`);
  img.alt = timed.length ? `Timeline of the deadlines, soonest first: ${said.join('; ')}.`
    : 'Timeline: no duty that applies or may apply has a due instant yet.';
  img.src = state.svgUrl;
  img.hidden = false;
  $('timeline-cap').textContent = `The incident's events and the duties' deadlines, as of ${fmt(doc.as_of, doc.incident.zone)}.`;
}

// ---- files -----------------------------------------------------------------------------------

function download(name, type, data) {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = el('a', { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

const fileName = (ext) => `${(incident().id || 'incident').replace(/[^A-Za-z0-9._-]+/g, '_')}.${ext}`;

async function report(format, ext, type) {
  const { text, where } = incidentJson(incident());
  try {
    const r = await api(`/v1/assess?as_of=${encodeURIComponent(asOf())}&format=${format}`, { body: text });
    download(fileName(ext), type, await r.blob());
  } catch (e) {
    showProblem(e instanceof Problem ? e.doc : { title: 'Error', detail: String(e) }, where);
  }
}

$('dl-json').addEventListener('click', () => download(fileName('json'), 'application/json', incidentJson(incident()).text));
$('dl-toml').addEventListener('click', () => download(fileName('toml'), 'application/toml', incidentToml(incident())));
$('dl-ics').addEventListener('click', () => report('ics', 'ics', 'text/calendar'));
$('dl-md').addEventListener('click', () => report('md', 'md', 'text/markdown'));
$('new-incident').addEventListener('click', () => {
  if (!confirm('Start a new incident? The answers in this page are cleared.')) return;
  localStorage.removeItem(DRAFT_KEY);
  restore(null);
  changed();
});

// Opens an incident file: the server reads it (TOML or JSON, as `assess` does) and the
// assessment's `incident` gives its premises back; event instants become local times in its zone.
$('open-file').addEventListener('change', async () => {
  const file = $('open-file').files[0];
  if (!file) return;
  const text = await file.text();
  const json = /\.json$/i.test(file.name) || text.trimStart().startsWith('{');
  try {
    const r = await api(`/v1/assess?as_of=${encodeURIComponent(asOf())}&format=json`,
      { body: text, type: json ? 'application/json' : 'application/toml' });
    const inc = (await r.json()).incident;
    const events = {};
    // Each event keeps its instant exactly: the local time and the offset in force then.
    for (const [name, instant] of Object.entries(inc.events || {})) events[name] = localIn(instant, inc.zone) + offsetIn(Date.parse(instant), inc.zone);
    restore({ incident: { ...inc, events, title: inc.title || '' }, as_of: $('as-of').value });
    changed();
    const journal = /^\s*\[\[(learned|filed|requested|delayed)\]\]/m.test(text) || /"(learned|filed|requested|delayed)"\s*:/.test(text);
    $('announce').textContent = `Opened ${file.name}.` + (journal ? ' Its journal (learned, filed, requested, delayed) is not kept by this page.' : '');
    if (journal) alert(`${file.name} has a journal ([[learned]], [[filed]], ...): the page keeps only the incident's own facts and events; keep the file as the record.`);
  } catch (e) {
    showProblem(e instanceof Problem ? e.doc : { title: 'Error', detail: String(e) });
  } finally {
    $('open-file').value = '';
  }
});

// An instant as a local date-time in a zone: "2024-03-21T09:00:00".
function localIn(instant, zone) {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit',
    day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
    .formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}`;
}

// ---- the draft in local storage -------------------------------------------------------------

function saveDraft() {
  try { localStorage.setItem(DRAFT_KEY, JSON.stringify({ incident: incident(), as_of: $('as-of').value })); } catch { /* full or off */ }
}

function restore(draft) {
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
