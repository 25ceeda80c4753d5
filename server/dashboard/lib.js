// Shared helpers for the dashboard: element building, the staff API, highlighting, formats.
// Everything shown here was written by strangers, so text only ever enters the page as text
// nodes; the one exception is a comment's server-sanitised `html`, which this view never uses.

export const CATEGORIES = ["toxicity", "insult", "identity_attack", "threat", "profanity"];

// h builds an element. Props: class, text, on<event>, everything else an attribute.
export function h(tag, props, ...kids) {
  const el = document.createElement(tag);
  for (const k in props || {}) {
    const v = props[k];
    if (v == null || v === false) continue;
    if (k === "class") el.className = v;
    else if (k === "text") el.textContent = v;
    else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? "" : v);
  }
  for (const kid of kids.flat()) if (kid != null && kid !== false) el.append(kid);
  return el;
}

// fill replaces el's children, skipping the nulls that conditional parts leave (the DOM's own
// replaceChildren would show them as the text "null").
export function fill(el, ...kids) {
  el.replaceChildren(...kids.flat().filter((k) => k != null && k !== false));
}

export function btn(label, onclick, props) {
  return h("button", Object.assign({ type: "button", onclick }, props), label);
}

export class ApiError extends Error {
  constructor(status, message, code) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

let unauthorized = () => {};
// onUnauthorized registers what to do when the session ends under us (expired, signed out
// elsewhere): every view would fail alike, so one handler shows the sign-in page.
export function onUnauthorized(fn) {
  unauthorized = fn;
}

// api calls the staff API. The path is resolved relative to /admin/, so a server mounted under
// a prefix still works; the session cookie goes along as a same-origin credential, and the
// browser adds Origin to writes, which the server checks.
export async function api(method, path, body) {
  const opts = { method, credentials: "same-origin", headers: { Accept: "application/json" } };
  if (body !== undefined) {
    opts.headers["Content-Type"] = "application/json";
    opts.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(new URL("../api/v1/mod" + path, location.href), opts);
  } catch (e) {
    throw new ApiError(0, "Could not reach the server. Check your connection and try again.");
  }
  if (res.status === 204) return null;
  let data = null;
  try {
    data = await res.json();
  } catch (e) { /* a proxy's error page */ }
  if (!res.ok) {
    const err = (data && data.error) || {};
    if (res.status === 401) unauthorized();
    throw new ApiError(res.status, err.message || "The server answered " + res.status + ".", err.code);
  }
  return data;
}

export function qs(params) {
  const p = new URLSearchParams();
  for (const k in params) if (params[k] !== "" && params[k] != null) p.set(k, params[k]);
  return p.toString();
}

// highlight renders text with the classifier's spans as <mark>s. Offsets are code points, so
// the text is split with Array.from, never indexed as UTF-16. Spans overlap (a phrase can be an
// insult and its last word profanity), so the text is cut at every span edge and each piece
// marked with every category covering it.
export function highlight(text, spans) {
  const cps = Array.from(text || "");
  const n = cps.length;
  const ok = (spans || [])
    .map((s) => ({ start: Math.max(0, s.start | 0), end: Math.min(n, s.end | 0), category: String(s.category || "") }))
    .filter((s) => s.end > s.start);
  const cuts = new Set([0, n]);
  for (const s of ok) cuts.add(s.start).add(s.end);
  const pts = [...cuts].sort((a, b) => a - b);
  const frag = document.createDocumentFragment();
  let cur = null, buf = "";
  const flush = () => {
    if (!buf) return;
    if (cur && cur.length) {
      frag.append(h("mark", { class: "hl hl-" + cur[0], title: cur.map(label).join(", "), "data-categories": cur.join(" ") }, buf));
    } else {
      frag.append(buf);
    }
    buf = "";
  };
  for (let i = 0; i + 1 < pts.length; i++) {
    const a = pts[i], b = pts[i + 1];
    const cats = [...new Set(ok.filter((s) => s.start <= a && s.end >= b).map((s) => s.category))].sort();
    if (!cur || cats.join() !== cur.join()) {
      flush();
      cur = cats;
    }
    buf += cps.slice(a, b).join("");
  }
  flush();
  return frag;
}

const LABELS = {
  toxicity: "toxicity", insult: "insult", identity_attack: "identity attack", threat: "threat", profanity: "profanity",
  off_topic: "off topic", banned_word: "banned word", suspect_word: "suspect word", thread_premod: "thread pre-moderated",
  shadow_ban: "shadow-banned author",
};
export function label(code) {
  return LABELS[code] || String(code).replace(/_/g, " ");
}

export function timeEl(iso) {
  if (!iso) return h("span", { text: "—" });
  const d = new Date(iso);
  return h("time", { datetime: iso, title: d.toLocaleString() }, ago(d));
}

export function ago(d) {
  const s = (Date.now() - d.getTime()) / 1000;
  if (s < 45) return "just now";
  if (s < 3600) return Math.round(s / 60) + " min ago";
  if (s < 86400) return Math.round(s / 3600) + " h ago";
  if (s < 7 * 86400) return Math.round(s / 86400) + " d ago";
  return d.toLocaleDateString();
}

// safeURL returns url only if it is http(s): thread URLs come from embedding pages, and a
// javascript: link in a moderator's browser would be the worst place for one.
export function safeURL(url) {
  return /^https?:\/\//i.test(url || "") ? url : null;
}

export function pct(x) {
  return Math.round((x || 0) * 100) + "%";
}

// dialog shows a modal form and resolves with its values, or null when cancelled. fields:
// [{name, label, type ("text"|"select"|"textarea"), options, value, required, hint}].
export function ask(title, fields, submitLabel, intro) {
  const dlg = document.getElementById("ask");
  return new Promise((resolve) => {
    const inputs = {};
    const rows = fields.map((f, i) => {
      const id = "ask-" + i;
      let input;
      if (f.type === "select") {
        input = h("select", { id, name: f.name }, f.options.map(([v, t]) => h("option", { value: v, selected: v === f.value }, t)));
      } else if (f.type === "textarea") {
        input = h("textarea", { id, name: f.name, rows: 6, required: f.required });
        input.value = f.value || "";
      } else {
        input = h("input", { id, name: f.name, type: "text", required: f.required, placeholder: f.placeholder, autocomplete: "off" });
        input.value = f.value || "";
      }
      inputs[f.name] = input;
      return h("div", { class: "field" }, h("label", { for: id }, f.label), input, f.hint ? h("p", { class: "hint", text: f.hint }) : null);
    });
    const err = h("p", { class: "error", role: "alert", hidden: true });
    let result = null;
    const form = h("form", { method: "dialog" },
      h("h2", { text: title }), intro ? h("p", { text: intro }) : null, rows, err,
      h("div", { class: "buttons" },
        h("button", { type: "submit", class: "primary", value: "ok" }, submitLabel || "OK"),
        h("button", { type: "button", onclick: () => dlg.close() }, "Cancel")));
    form.addEventListener("submit", (e) => {
      const values = {};
      for (const k in inputs) values[k] = inputs[k].value.trim();
      const missing = fields.find((f) => f.required && !values[f.name]);
      if (missing) {
        e.preventDefault();
        err.textContent = missing.label + " is required.";
        err.hidden = false;
        inputs[missing.name].focus();
        return;
      }
      result = values;
    });
    dlg.replaceChildren(form);
    dlg.addEventListener("close", () => resolve(result), { once: true });
    dlg.showModal();
    const first = form.querySelector("input, textarea, select");
    if (first) first.focus();
  });
}

let statusTimer;
// say announces an outcome in the status line (polite live region); errors stay until replaced.
export function say(msg, isError) {
  const el = document.getElementById("status");
  clearTimeout(statusTimer);
  el.textContent = msg;
  el.classList.toggle("error", !!isError);
  if (!isError) statusTimer = setTimeout(() => { el.textContent = ""; }, 6000);
}

export function fail(ex) {
  say(ex.message || String(ex), true);
}
