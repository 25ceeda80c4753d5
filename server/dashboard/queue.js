// The moderation queue: tabs, filters, paging, the items with their highlights and scores, and
// the actions a moderator takes on them, by button or by key.
import { CATEGORIES, api, ask, btn, fail, h, highlight, label, qs, safeURL, say, timeEl } from "./lib.js";
import { banUser, openContext } from "./panels.js";

const LIMIT = 50;

const Q = {
  tab: "pending",
  filters: {},
  offset: 0,
  recs: [], // {it, el} in display order
  sel: -1,
  app: null,
};

const $ = (id) => document.getElementById(id);

export function initQueue(app) {
  Q.app = app;
  const form = $("filters");
  const siteSel = form.elements.site;
  for (const s of app.sites) siteSel.append(h("option", { value: s }, s));
  if (app.sites.length === 1) siteSel.value = app.sites[0];
  Q.filters = readFilters();

  for (const tab of document.querySelectorAll("[data-queue]")) {
    tab.addEventListener("click", () => setTab(tab.dataset.queue));
  }
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    Q.filters = readFilters();
    Q.offset = 0;
    loadQueue();
  });
  form.addEventListener("reset", () => {
    // The reset event fires before the fields are cleared.
    setTimeout(() => {
      if (app.sites.length === 1) siteSel.value = app.sites[0];
      Q.filters = readFilters();
      Q.offset = 0;
      loadQueue();
    });
  });
  form.elements.text.addEventListener("input", syncBulk);
  $("bulk-text").addEventListener("click", bulkByText);
  $("prev").addEventListener("click", () => page(-1));
  $("next").addEventListener("click", () => page(1));
}

function readFilters() {
  const el = $("filters").elements;
  const f = {};
  for (const k of ["site", "thread", "user", "category", "min_score", "text", "sort"]) f[k] = el[k].value.trim();
  return f;
}

// showThread and showUser narrow the queue from elsewhere (overview, user history).
export function filterQueue(changes) {
  const el = $("filters").elements;
  for (const k in changes) el[k].value = changes[k];
  Q.filters = readFilters();
  Q.offset = 0;
  if (changes.queue) setTab(changes.queue, true);
}

function setTab(name, quiet) {
  Q.tab = name;
  Q.offset = 0;
  for (const t of document.querySelectorAll("[data-queue]")) t.setAttribute("aria-pressed", String(t.dataset.queue === name));
  if (!quiet) loadQueue();
}

function page(dir) {
  Q.offset = Math.max(0, Q.offset + dir * LIMIT);
  loadQueue();
}

function syncBulk() {
  const text = $("filters").elements.text.value.trim();
  $("bulk-text").hidden = Array.from(text).length < 3;
}

// loadQueue fetches the current tab; keepFocus puts focus on the selected item (after a key).
export async function loadQueue(keepFocus) {
  const list = $("queue-list");
  list.setAttribute("aria-busy", "true");
  const selId = Q.recs[Q.sel] && Q.recs[Q.sel].it.comment.id;
  let r;
  try {
    r = await api("GET", "/queue?" + qs(Object.assign({ queue: Q.tab, offset: Q.offset, limit: LIMIT }, Q.filters)));
  } catch (ex) {
    list.removeAttribute("aria-busy");
    return fail(ex);
  }
  list.removeAttribute("aria-busy");
  Q.recs = r.items.map((it) => ({ it, el: null }));
  for (const rec of Q.recs) rec.el = renderItem(rec);
  list.replaceChildren(...Q.recs.map((rec) => rec.el));
  if (!Q.recs.length) list.append(h("p", { class: "empty", text: emptyText() }));
  $("prev").disabled = Q.offset === 0;
  $("next").disabled = r.items.length < LIMIT;
  $("page-info").textContent = Q.recs.length ? `${Q.offset + 1}–${Q.offset + Q.recs.length}` : "";
  syncBulk();
  const keep = Q.recs.findIndex((rec) => rec.it.comment.id === selId);
  select(keep >= 0 ? keep : 0, keepFocus);
  refreshCounts();
}

function emptyText() {
  return Q.tab === "pending" ? "Nothing waiting for review. 🎉" : Q.tab === "reported" ? "No open reports." : "No comments match.";
}

export async function refreshCounts() {
  try {
    const o = await api("GET", "/overview");
    for (const t of document.querySelectorAll("[data-queue] .n")) {
      const n = o.queues[t.parentElement.dataset.queue];
      t.textContent = n == null ? "" : "(" + n + ")";
    }
  } catch (ex) { /* counts are a nicety; the list itself reports errors */ }
}

// ---- Items -------------------------------------------------------------------------------------
function renderItem(rec) {
  const it = rec.it, c = it.comment, d = it.decision || {};
  const author = c.author;
  const t = it.thread || {};
  const id = "item-" + c.id;
  const url = safeURL(t.url);
  const el = h("article", { class: "item", id, tabindex: "-1", "data-id": c.id, "data-status": c.status, "aria-labelledby": id + "-h" });
  const head = h("header", { class: "item-head", id: id + "-h" },
    author
      ? h("a", { class: "author", href: userHref(author.id, it.site), title: "User history (u)" }, author.name)
      : h("span", { class: "author", text: "[deleted]" }),
    author ? h("span", { class: "tag", text: author.kind }) : null,
    timeEl(c.created_at),
    h("span", { class: "badge st-" + c.status, text: c.status }),
    c.featured ? h("span", { class: "badge featured", text: "featured" }) : null,
    h("span", { class: "thread" }, "in ",
      url ? h("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, t.title || url) : h("span", { text: t.title || "thread " + t.id }),
      h("span", { class: "muted", text: ` · ${it.site} · thread ${t.id} · comment #${c.id}` })));
  const text = h("div", { class: "text" }, highlight(c.text, d.spans));
  const scores = d.scores ? h("div", { class: "scores", "aria-label": "Classifier scores" },
    CATEGORIES.map((cat) => {
      const v = d.scores[cat] || 0;
      return h("div", { class: "score" + (v >= 0.5 ? " high" : "") },
        h("span", { class: "cat", text: label(cat) }),
        h("meter", { min: 0, max: 1, low: 0.5, high: 0.8, optimum: 0, value: v, "aria-label": label(cat) + " score" }),
        h("span", { class: "v", text: v.toFixed(2) }));
    })) : null;
  const reasons = (d.reasons || []).length ? h("ul", { class: "reasons", "aria-label": "Why it is here" },
    d.reasons.map((r) => h("li", {}, h("strong", { text: label(r.code) }), r.detail ? " — " + r.detail : ""))) : null;
  const reports = (it.reports || []).length ? h("ul", { class: "reports", "aria-label": "Reader reports" },
    it.reports.map((r) => h("li", { class: r.open ? "open" : "resolved" },
      h("strong", { text: label(r.reason) }), r.note ? " — “" + r.note + "”" : "", " ", timeEl(r.created_at),
      r.open ? null : h("span", { class: "muted", text: " (resolved)" })))) : null;
  const openReports = (it.reports || []).some((r) => r.open);
  const actions = h("div", { class: "actions", role: "group", "aria-label": "Actions" },
    actionBtn("Approve", "a", () => decide(rec, "approve"), "approve"),
    actionBtn("Reject", "r", () => decide(rec, "reject"), "reject"),
    actionBtn(c.featured ? "Unfeature" : "Feature", "f", () => feature(rec)),
    actionBtn("Edit", "e", () => edit(rec)),
    author ? actionBtn("Ban…", "b", () => ban(rec, "ban")) : null,
    author ? actionBtn("Shadow-ban…", "s", () => ban(rec, "shadow_ban")) : null,
    author ? actionBtn("History", "u", () => { location.hash = userHref(author.id, it.site); }) : null,
    actionBtn("Thread", "t", () => openContext(it)),
    openReports ? actionBtn("Dismiss reports", "", () => decide(rec, "dismiss_reports")) : null);
  rec.slot = h("div", { class: "slot" });
  el.append(...[head, text, c.mod_note ? h("p", { class: "modnote", text: "Note: " + c.mod_note }) : null,
    scores, reasons, reports, actions, rec.slot].filter(Boolean));
  el.addEventListener("focus", () => select(Q.recs.indexOf(rec), false));
  el.addEventListener("click", (e) => {
    if (!e.target.closest("a, button, input, textarea, select")) select(Q.recs.indexOf(rec), false);
  });
  return el;
}

function actionBtn(text, key, onclick, cls) {
  return h("button", { type: "button", class: cls, onclick, "aria-keyshortcuts": key || null },
    text, key ? h("kbd", { "aria-hidden": "true", text: key }) : null);
}

export function userHref(userID, site) {
  return "#user/" + userID + "/" + encodeURIComponent(site || "");
}

// select marks item i as current; focus moves the keyboard focus to it as well.
function select(i, focus) {
  if (!Q.recs.length) {
    Q.sel = -1;
    return;
  }
  i = Math.max(0, Math.min(i, Q.recs.length - 1));
  if (Q.recs[Q.sel]) {
    Q.recs[Q.sel].el.classList.remove("selected");
    Q.recs[Q.sel].el.removeAttribute("aria-current");
  }
  Q.sel = i;
  const el = Q.recs[i].el;
  el.classList.add("selected");
  el.setAttribute("aria-current", "true");
  if (focus) {
    el.focus({ preventScroll: true });
    el.scrollIntoView({ block: "nearest" });
  }
}

function current() {
  return Q.recs[Q.sel] || null;
}

// removeRec takes an item out of the list and selects the one that took its place.
function removeRec(rec) {
  const i = Q.recs.indexOf(rec);
  if (i < 0) return;
  const hadFocus = rec.el.contains(document.activeElement) || document.activeElement === document.body;
  rec.el.remove();
  Q.recs.splice(i, 1);
  Q.sel = -1;
  if (!Q.recs.length) {
    $("queue-list").append(h("p", { class: "empty", text: emptyText() }));
    $("main").focus();
    return;
  }
  select(i, hadFocus);
}

function replaceRec(rec) {
  const old = rec.el;
  rec.el = renderItem(rec);
  old.replaceWith(rec.el);
  if (Q.recs[Q.sel] === rec) select(Q.sel, old.contains(document.activeElement));
}

// flaggedAs says why a rejection happened when the moderator gave no words: the categories the
// policy or readers flagged, so the audit log still answers "why".
function flaggedAs(it) {
  const codes = ((it.decision && it.decision.reasons) || []).map((r) => r.code).filter((c) => c !== "moderator");
  for (const r of it.reports || []) if (r.open) codes.push("reported " + r.reason);
  return codes.length ? "flagged: " + [...new Set(codes.map(label))].join(", ") : "";
}

async function decide(rec, action) {
  if (rec.busy) return;
  rec.busy = true;
  const c = rec.it.comment;
  try {
    const r = await api("POST", "/comments/" + c.id, { action, reason: action === "reject" ? flaggedAs(rec.it) : "" });
    say({ approve: "Approved", reject: "Rejected", dismiss_reports: "Reports dismissed on" }[action] + " comment #" + c.id + ".");
    Object.assign(c, r.comment);
    if (action === "dismiss_reports") for (const rep of rec.it.reports) rep.open = false;
    const stays = Q.tab === "all" || (Q.tab === "rejected" && c.status === "rejected");
    if (stays) {
      replaceRec(rec);
      select(Q.sel + 1, true);
    } else {
      removeRec(rec);
    }
    refreshCounts();
  } catch (ex) {
    fail(ex);
  } finally {
    rec.busy = false;
  }
}

async function feature(rec) {
  const c = rec.it.comment;
  try {
    const r = await api("POST", "/comments/" + c.id, { action: c.featured ? "unfeature" : "feature" });
    Object.assign(c, r.comment);
    replaceRec(rec);
    say(c.featured ? "Featured comment #" + c.id + "." : "Unfeatured comment #" + c.id + ".");
  } catch (ex) {
    fail(ex);
  }
}

// edit opens an inline form; the note is shown to readers under the comment so an edit by a
// moderator is never passed off as the author's words.
function edit(rec) {
  if (rec.slot.firstChild) return rec.slot.querySelector("textarea").focus();
  const c = rec.it.comment, id = "edit-" + c.id;
  const ta = h("textarea", { id: id + "-t", rows: 5, required: true });
  ta.value = c.text;
  const note = h("input", { id: id + "-n", type: "text", maxlength: 200, value: c.mod_note || "Edited by a moderator" });
  const close = () => {
    rec.slot.replaceChildren();
    rec.el.focus();
  };
  const form = h("form", { class: "edit" },
    h("label", { for: ta.id, text: "Text (Markdown)" }), ta,
    h("label", { for: note.id, text: "Note shown to readers" }), note,
    h("div", { class: "buttons" }, h("button", { type: "submit", class: "primary" }, "Save edit"), btn("Cancel", close)));
  form.addEventListener("keydown", (e) => {
    if (e.key === "Escape") {
      e.preventDefault();
      close();
    }
  });
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    try {
      const r = await api("POST", "/comments/" + c.id, { action: "edit", text: ta.value, note: note.value });
      Object.assign(c, r.comment);
      // The highlights belonged to the old words; keep them off the new ones.
      if (rec.it.decision) rec.it.decision.spans = [];
      replaceRec(rec);
      rec.el.focus();
      say("Saved the edit to comment #" + c.id + ".");
    } catch (ex) {
      fail(ex);
    }
  });
  rec.slot.append(form);
  ta.focus();
}

function ban(rec, kind) {
  const a = rec.it.comment.author;
  banUser(rec.it.site, a.id, a.name, kind).then((done) => {
    if (done) loadQueue(true);
    else if (rec.el.isConnected) rec.el.focus();
  });
}

async function bulkByText() {
  const text = $("filters").elements.text.value.trim();
  let site = $("filters").elements.site.value;
  const v = await ask("Reject every comment containing this text", [
    { name: "site", label: "Site", type: "select", options: Q.app.sites.map((s) => [s, s]), value: site || Q.app.sites[0] },
    { name: "reason", label: "Reason (for the audit log)", required: true },
  ], "Reject all", `Every comment on the site whose text contains “${text}” will be rejected.`);
  if (!v) return;
  try {
    const r = await api("POST", "/bulk", { site: v.site, text, action: "reject", reason: v.reason });
    say("Rejected " + r.changed + " comments.");
    loadQueue();
  } catch (ex) {
    fail(ex);
  }
}

// ---- Keys --------------------------------------------------------------------------------------
const KEYS = {
  j: () => select(Q.sel + 1, true),
  k: () => select(Q.sel - 1, true),
  a: (rec) => decide(rec, "approve"),
  r: (rec) => decide(rec, "reject"),
  f: (rec) => feature(rec),
  e: (rec) => edit(rec),
  b: (rec) => rec.it.comment.author && ban(rec, "ban"),
  s: (rec) => rec.it.comment.author && ban(rec, "shadow_ban"),
  u: (rec) => {
    const a = rec.it.comment.author;
    if (a) location.hash = userHref(a.id, rec.it.site);
  },
  t: (rec) => openContext(rec.it),
};

// queueKey handles a shortcut while the queue is shown; it reports whether it used the key.
export function queueKey(key) {
  const fn = KEYS[key];
  if (!fn) return false;
  const rec = current();
  if (!rec && key !== "j" && key !== "k") return true;
  if (rec && !rec.el.contains(document.activeElement) && key !== "j" && key !== "k") rec.el.focus({ preventScroll: true });
  fn(rec);
  return true;
}
