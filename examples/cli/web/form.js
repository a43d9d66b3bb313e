// The first-hours page (app.js): the form, built once from the fact schema (GET /v1/facts), a
// widget for each fact and a field for each event; and the server's problem shown, each
// diagnostic next to the field it is about (a repeated local time offers its two offsets).

import { $, el } from './dom.js';
import { state, changed, TYPING_MS } from './app.js';
import { localTime, offsetIn } from './incident.js';

// ---- the form, built once from the fact schema -----------------------------------------------

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

export function buildForm(schema) {
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

// ---- the server's diagnostics, on the form ---------------------------------------------------

// The problem in the alert region, each diagnostic also next to the field it is about.
export function showProblem(doc, where) {
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

export function setOffset(event, offset) {
  event.offset = offset;
  event.at.textContent = offset ? ` at UTC${offset}` : '';
}
