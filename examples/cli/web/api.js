// The first-hours page (app.js): its requests to the server (the HTTP contract: docs/http.md),
// the Problem (RFC 9457) a refused one throws, and the access token asked for on a 401.

import { $ } from './dom.js';
import { state } from './app.js';

const TOKEN_KEY = 'breachclock.token';

// ---- requests -----------------------------------------------------------------------------

export class Problem extends Error {
  // An RFC 9457 problem document (application/problem+json), or one made here for a network error.
  constructor(doc) { super(doc.title || 'error'); this.doc = doc; }
}

export async function api(path, { body, type = 'application/json', signal } = {}) {
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
