/*! Parley comment widget. Hand-written, no build step: this file is what ships. */
(function () {
  "use strict";

  // ---- Strings ------------------------------------------------------------------------------
  // Every reader-visible string is here so a translation is one more object. Plural entries are
  // [one, other]; {n} and {name} are substituted.
  const STRINGS = {
    en: {
      comments: ["{n} comment", "{n} comments"],
      empty: "No comments yet. Start the conversation.",
      loading: "Loading comments…",
      sortLabel: "Sort comments",
      sort: { best: "Best", new: "Newest", old: "Oldest" },
      name: "Your name",
      comment: "Write a comment",
      replyTo: "Reply to {name}",
      editLabel: "Edit your comment",
      placeholder: "Join the discussion…",
      post: "Post comment",
      postReply: "Post reply",
      save: "Save",
      cancel: "Cancel",
      postingAs: "Posting as {name}",
      reply: "Reply",
      quote: "Quote",
      edit: "Edit",
      del: "Delete",
      confirmDel: "Really delete?",
      like: "Like",
      likes: ["{n} like", "{n} likes"],
      collapse: "Collapse comment",
      expand: "Expand comment",
      hiddenReplies: ["{n} reply hidden", "{n} replies hidden"],
      moreReplies: ["Show {n} more reply", "Show {n} more replies"],
      continueThread: ["Continue this thread ({n} reply)", "Continue this thread ({n} replies)"],
      hideThread: "Hide this thread",
      loadMore: "Load more comments",
      retry: "Try again",
      deleted: "This comment was deleted.",
      deletedAuthor: "[deleted]",
      pending: "Your comment is awaiting review.",
      rejected: "Your comment was not published.",
      edited: "edited",
      you: "you",
      closed: "Comments are closed.",
      posted: "Your comment was posted.",
      saved: "Your changes were saved.",
      removed: "Your comment was deleted.",
      needName: "Please enter your name.",
      needText: "Please write something first.",
      tooLong: "That is too long ({n} characters, at most {max}).",
      network: "Could not reach the comment server. Please try again.",
      retryAfter: "Please wait {n} seconds and try again.",
      justNow: "just now",
      shortcut: "Ctrl+Enter to post",
      by: "Comments by Parley",
      nudge: "Your comment may break this site's rules — consider rewording the highlighted parts.",
      nudgeCats: "It looks like: {list}.",
      nudgeEdit: "Edit",
      postAnyway: "Post anyway",
      postAnywayHint: "Posting anyway sends it to a moderator before anyone else sees it.",
      cats: { toxicity: "hostile language", insult: "an insult", identity_attack: "an attack on who someone is", threat: "a threat", profanity: "profanity" },
      report: "Report",
      reportTitle: "Why are you reporting this comment?",
      reasons: { spam: "Spam", abuse: "Abuse", harassment: "Harassment", hate: "Hate speech", threat: "A threat", off_topic: "Off topic", other: "Something else" },
      reportNote: "Anything a moderator should know? (optional)",
      sendReport: "Send report",
      reported: "Thanks — a moderator will look at it.",
      needReason: "Please choose a reason.",
      myData: "Download my data",
      eraseData: "Delete my data",
      confirmErase: "Really delete all your comments and likes here?",
      erased: "Your data was deleted.",
    },
  };

  // ---- Configuration from the script tag -----------------------------------------------------
  // currentScript is only set while this file first runs, so it is captured before anything async.
  const script = document.currentScript || document.querySelector('script[src*="embed.js"]');
  if (!script) return;
  const ds = script.dataset;
  const srcURL = new URL(script.src, location.href);
  const BASE = srcURL.origin + srcURL.pathname.replace(/\/[^/]*$/, "");
  const API = BASE + "/api/v1";
  const SITE = ds.site || "";
  const canonical = document.querySelector('link[rel="canonical"]');
  const PAGE_URL = ds.url || (canonical && canonical.href) || location.href.split("#")[0];
  const KEY = ds.key || "";
  const TITLE = Array.from(ds.title || document.title || "").slice(0, 300).join("");
  const LANG = STRINGS[ds.lang] ? ds.lang : "en";
  const S = Object.assign({}, STRINGS.en, STRINGS[LANG]);
  const THEME = ds.theme === "light" || ds.theme === "dark" ? ds.theme : "auto";
  const SORTS = ["best", "new", "old"];
  const MAX_TEXT = 10000;
  const MAX_DEPTH = 4; // replies below this many levels sit behind "continue this thread"

  // ---- Local storage -------------------------------------------------------------------------
  // Storage can throw (privacy modes, sandboxed frames); the widget then just forgets.
  const store = {
    get(k) {
      try { return localStorage.getItem(k); } catch (e) { return null; }
    },
    set(k, v) {
      try {
        if (v == null) localStorage.removeItem(k); else localStorage.setItem(k, v);
      } catch (e) { /* not persisted */ }
    },
  };
  // The token is per API base and site: one browser may read comments from several servers.
  const TOKEN_KEY = "parley:token:" + BASE + ":" + SITE;
  const NAME_KEY = "parley:name:" + BASE;
  const PENDING_KEY = "parley:pending:" + BASE + ":" + SITE + ":" + (KEY || PAGE_URL);

  // ---- Small helpers -------------------------------------------------------------------------
  const rtf = Intl.RelativeTimeFormat ? new Intl.RelativeTimeFormat(LANG, { numeric: "auto" }) : null;
  const plurals = Intl.PluralRules ? new Intl.PluralRules(LANG) : null;

  function fmt(str, vars) {
    return str.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? vars[k] : m));
  }
  function plural(forms, n) {
    const one = plurals ? plurals.select(n) === "one" : n === 1;
    return fmt(forms[one ? 0 : 1], { n: n.toLocaleString(LANG) });
  }
  function charCount(s) {
    // The server counts characters (code points), not UTF-16 units.
    return Array.from(s).length;
  }
  function fullDate(iso) {
    return new Date(iso).toLocaleString(LANG);
  }
  function ago(iso) {
    const s = (Date.parse(iso) - Date.now()) / 1000;
    if (s > -45 || !rtf) return s > -45 ? S.justNow : fullDate(iso);
    const steps = [["minute", 60], ["hour", 3600], ["day", 86400], ["week", 604800], ["month", 2629800], ["year", 31557600]];
    let unit = "minute", div = 60;
    for (const [u, d] of steps) if (-s >= d) { unit = u; div = d; }
    return rtf.format(Math.round(s / div), unit);
  }

  // h builds an element. Text goes in as text nodes; nothing here ever parses markup.
  function h(tag, props, ...kids) {
    const el = document.createElement(tag);
    for (const k in props || {}) {
      const v = props[k];
      if (v == null || v === false) continue;
      if (k === "class") el.className = v;
      else if (k === "text") el.textContent = v;
      else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v === true ? "" : v);
    }
    for (const kid of kids) if (kid != null && kid !== false) el.append(kid);
    return el;
  }
  function actBtn(act, label, cls) {
    return h("button", { type: "button", "data-act": act, class: cls, text: label });
  }

  // ---- API -----------------------------------------------------------------------------------
  class ApiError extends Error {
    constructor(status, body, retryAfter) {
      const e = (body && body.error) || {};
      super(e.message || S.network);
      this.status = status;
      this.code = e.code || (status ? "http" : "network");
      this.field = e.field;
      this.body = body;
      this.retryAfter = retryAfter;
    }
  }

  // api sends one request with the bearer token; cookies are deliberately omitted so identity
  // never depends on third-party cookie policy.
  async function api(method, path, body) {
    const headers = { Accept: "application/json" };
    const token = store.get(TOKEN_KEY);
    if (token) headers.Authorization = "Bearer " + token;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    let res;
    try {
      res = await fetch(API + path, {
        method, headers, credentials: "omit",
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (e) {
      throw new ApiError(0, null);
    }
    if (res.status === 204) return null;
    let data = null;
    try { data = await res.json(); } catch (e) { /* a proxy's error page */ }
    if (!res.ok) {
      // A token the server no longer accepts would fail every write; start over as a new guest.
      if (res.status === 401 && token) forgetIdentity();
      throw new ApiError(res.status, data, res.headers.get("Retry-After"));
    }
    return data;
  }

  function threadParams(extra) {
    const p = new URLSearchParams({ site: SITE, url: PAGE_URL });
    if (KEY) p.set("key", KEY);
    for (const k in extra || {}) if (extra[k] != null) p.set(k, extra[k]);
    return p;
  }

  // ---- State ---------------------------------------------------------------------------------
  const state = {
    sort: SORTS.includes(ds.sort) ? ds.sort : "best",
    next: null,
    count: 0,
    closed: false,
    user: null,
    liked: new Set(),
    own: null, // the reader's held comments in this thread, from /me
    editWindow: 900,
    byId: new Map(), // comment id -> record {c, depth, el, body, replies, act, …}
  };
  const ui = {};

  // ---- Styles --------------------------------------------------------------------------------
  // Everything lives in the shadow root; the host page's rules cannot reach in, and inherited
  // properties are reset on .root. Publishers theme through --parley-* custom properties, which
  // (unlike everything else) do cross the shadow boundary.
  const CSS = `
:host{all:initial;display:block}
[hidden]{display:none!important}
.root{all:initial;display:block;position:relative;box-sizing:border-box;text-align:left;
 --bg:var(--parley-bg,#fff);--fg:var(--parley-fg,#1c1d21);--muted:#5b6270;--line:#dcdfe5;--soft:#f2f3f6;
 --accent:var(--parley-accent,#1f5fd6);--on-accent:#fff;--err:#b42318;--ok:#067647;--focus:var(--parley-focus,#e8890c);
 background:var(--bg);color:var(--fg);padding:16px;border-radius:8px;
 font:15px/1.5 var(--parley-font,system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif)}
.root.dark{--bg:var(--parley-bg,#16181d);--fg:var(--parley-fg,#e6e8ec);--muted:#9aa3b2;--line:#30353f;--soft:#21252d;
 --accent:var(--parley-accent,#86afff);--on-accent:#0b1220;--err:#ff8a80;--ok:#6ee7a8}
*,*::before,*::after{box-sizing:border-box}
:focus-visible{outline:2px solid var(--focus);outline-offset:2px}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
button{font:inherit;color:inherit;background:none;border:1px solid transparent;border-radius:6px;
 padding:2px 8px;margin:0;cursor:pointer;line-height:1.4}
button:hover{background:var(--soft)}
button:disabled{opacity:.6;cursor:default;background:none}
.primary,.primary:hover{background:var(--accent);border-color:var(--accent);color:var(--on-accent);padding:6px 14px;font-weight:600}
.primary:disabled{background:var(--accent)}
input,textarea{font:inherit;color:inherit;background:var(--bg);border:1px solid var(--line);border-radius:6px;
 padding:8px 10px;margin:0;width:100%;display:block}
textarea{resize:vertical;min-height:4.8em}
label{display:block;font-size:.85em;font-weight:600;margin:0 0 3px}
h2{font-size:1.15em;font-weight:700;margin:0}
p{margin:0}
.top{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:8px;margin-bottom:10px}
.sort{display:flex;gap:2px}
.sort [aria-pressed=true]{background:var(--soft);border-color:var(--line);font-weight:600}
.status{min-height:1.3em;font-size:.87em;color:var(--ok)}
.form{margin:8px 0 12px}
.f-name{margin-bottom:8px;max-width:20em}
.f-as{font-size:.85em;color:var(--muted);margin-bottom:4px}
.f-bar{display:flex;flex-wrap:wrap;align-items:center;gap:8px;margin-top:6px}
.f-bar .grow{flex:1}
.chars,.hint{font-size:.8em;color:var(--muted)}
.chars.over{color:var(--err);font-weight:600}
.err{color:var(--err);font-size:.9em;margin:4px 0}
.note{font-size:.87em;color:var(--muted);font-style:italic;margin:2px 0}
.empty,.closed{color:var(--muted);margin:12px 0}
.c{padding-top:10px}
.c:focus{outline:none}
.c.new>.main{animation:flash 2.5s ease-out}
@keyframes flash{from{background:var(--soft)}}
@media (prefers-reduced-motion:reduce){.c.new>.main{animation:none}}
.head{display:flex;flex-wrap:wrap;align-items:center;gap:6px;font-size:.87em;color:var(--muted)}
.meta{display:flex;flex-wrap:wrap;align-items:center;gap:6px}
.head .tog{padding:0 5px;min-width:1.8em;font-family:ui-monospace,Menlo,Consolas,monospace}
.author{font-weight:600;color:var(--fg)}
.tag{font-size:.82em;border:1px solid var(--line);border-radius:99px;padding:0 6px}
.body{margin:3px 0 2px;overflow-wrap:anywhere}
.body p{margin:0 0 .6em}
.body>:last-child{margin-bottom:0}
.body a{color:var(--accent)}
.body blockquote{margin:.3em 0 .6em;padding-left:10px;border-left:3px solid var(--line);color:var(--muted)}
.body pre{overflow:auto;background:var(--soft);padding:8px;border-radius:6px}
.body code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.92em}
.body img{max-width:100%;height:auto}
.body ul,.body ol{margin:0 0 .6em;padding-left:1.4em}
.gone>.main>.body{color:var(--muted);font-style:italic}
.actions{display:flex;flex-wrap:wrap;gap:2px;margin-left:-8px;font-size:.87em;color:var(--muted)}
.like[aria-pressed=true]{color:var(--accent);font-weight:600}
.replies{margin-left:6px;padding-left:14px;border-left:2px solid var(--line)}
.replies:empty{display:none}
.cont,.more-replies{font-size:.87em;color:var(--accent);margin:4px 0 0 -8px;display:block}
.collapsed>.main,.collapsed>.replies,.collapsed>.cont,.collapsed>.more-replies{display:none}
.load-more{margin:14px 0 0}
.nudge{border:1px solid var(--line);border-left:4px solid var(--focus);border-radius:6px;padding:8px 10px;margin:0 0 8px;background:var(--soft)}
.nudge p{margin:0 0 4px}
.nudge button{border-color:var(--line)}
.nudge .pv{white-space:pre-wrap;overflow-wrap:anywhere;background:var(--bg);border-radius:4px;padding:6px 8px;margin:6px 0}
mark{background:#ffe08a;color:#1c1d21;border-radius:2px}
.rep{border:1px solid var(--line);border-radius:6px;padding:8px 10px;margin:6px 0}
.rep fieldset{border:0;padding:0;margin:0 0 6px}
.rep legend{font-weight:600;font-size:.9em;margin-bottom:4px}
.rep .opt{display:inline-flex;align-items:center;gap:4px;font-weight:400;margin:0 10px 2px 0}
.rep .opt input{width:auto;display:inline}
.thanks{font-size:.87em;color:var(--ok);margin:2px 0}
.foot{margin-top:14px;font-size:.75em;color:var(--muted)}.mine{margin-top:14px;font-size:.8em}
`;

  // ---- Rendering comments --------------------------------------------------------------------
  const isMine = (c) => !!(state.user && c.author && c.author.id === state.user.id);
  const inWindow = (c) => Date.now() - Date.parse(c.created_at) < state.editWindow * 1000;
  // Deep replies sit behind a toggle every MAX_DEPTH levels so narrow screens stay readable.
  const isDeep = (rec) => rec.depth > 0 && rec.depth % MAX_DEPTH === 0;

  function timeEl(iso) {
    return h("time", { datetime: iso, title: fullDate(iso), text: ago(iso) });
  }

  // buildComment makes the element for one comment (without its replies) and registers it.
  // Buttons are made once and only shown or hidden later, so focus survives live updates.
  function buildComment(c, depth) {
    const rec = { c, depth, act: {} };
    const A = rec.act;
    rec.tog = h("button", { type: "button", class: "tog", "data-act": "collapse", "aria-expanded": "true", "aria-label": S.collapse, text: "−" });
    rec.meta = h("span", { class: "meta" });
    rec.hid = h("span", { class: "hid" });
    rec.body = h("div", { class: "body" });
    rec.note = h("p", { class: "note", hidden: true, text: S.pending });
    rec.err = h("p", { class: "err", role: "alert", hidden: true });
    rec.slot = h("div", { class: "slot" });
    rec.replies = h("div", { class: "replies" });
    A.like = h("button", { type: "button", class: "like", "data-act": "like", "aria-pressed": "false" },
      h("span", { "aria-hidden": "true", text: "♥" }), " ", h("span", { class: "n" }));
    A.reply = actBtn("reply", S.reply);
    A.quote = actBtn("quote", S.quote);
    A.edit = actBtn("edit", S.edit);
    A.del = actBtn("del", S.del);
    A.report = actBtn("report", S.report);
    rec.el = h("article", { class: "c", id: "parley-c-" + c.id, "data-id": c.id, tabindex: "-1" },
      h("div", { class: "head" }, rec.tog, rec.meta, rec.hid),
      h("div", { class: "main" }, rec.body, rec.note,
        h("div", { class: "actions" }, A.like, A.reply, A.quote, A.edit, A.del, A.report), rec.err, rec.slot));
    if (isDeep(rec)) {
      rec.cont = actBtn("continue", "", "cont");
      rec.cont.setAttribute("aria-expanded", "false");
      rec.replies.hidden = true;
      rec.el.append(rec.cont);
    }
    rec.el.append(rec.replies);
    state.byId.set(c.id, rec);
    fillComment(rec);
    return rec;
  }

  // fillComment shows a comment's current data: author, time, body and which actions apply.
  function fillComment(rec) {
    const c = rec.c, gone = c.status === "deleted";
    rec.el.classList.toggle("gone", gone);
    rec.meta.replaceChildren(...[
      h("span", { class: "author", text: gone || !c.author ? S.deletedAuthor : c.author.name }),
      !gone && isMine(c) ? h("span", { class: "tag", text: S.you }) : null,
      h("span", { "aria-hidden": "true", text: "·" }),
      timeEl(c.created_at),
      c.edited_at && !gone ? h("span", { class: "edited", title: fullDate(c.edited_at), text: "(" + S.edited + ")" }) : null,
    ].filter(Boolean));
    if (gone) rec.body.textContent = S.deleted;
    // The one place API data becomes markup: `html` is sanitised by the server for exactly this.
    else rec.body.innerHTML = c.html || "";
    // Statuses beyond the contract's three (a moderator's "rejected") are shown to the author only.
    const note = c.status === "pending" ? S.pending : gone || c.status === "published" ? "" : S.rejected;
    rec.note.textContent = note;
    rec.note.hidden = !note;
    refreshActions(rec);
  }

  function refreshActions(rec) {
    const c = rec.c, A = rec.act;
    const gone = c.status === "deleted", published = c.status === "published", mine = isMine(c);
    const open = !state.closed && published;
    A.like.hidden = !published;
    A.like.disabled = mine; // the server refuses likes of your own comment
    A.reply.hidden = A.quote.hidden = !open;
    A.edit.hidden = A.del.hidden = !(mine && !gone && inWindow(c));
    A.report.hidden = !published || mine || !!rec.reported;
    updateLike(rec);
  }

  function updateLike(rec) {
    const b = rec.act.like, n = rec.c.likes || 0;
    b.setAttribute("aria-pressed", String(state.liked.has(rec.c.id)));
    b.setAttribute("aria-label", S.like + " (" + plural(S.likes, n) + ")");
    b.lastChild.textContent = n ? n.toLocaleString(LANG) : S.like;
  }

  function updateContinue(rec) {
    if (!rec.cont) return;
    const n = rec.replies.querySelectorAll(".c").length;
    rec.cont.hidden = n === 0;
    rec.cont.textContent = rec.replies.hidden ? plural(S.continueThread, n) : S.hideThread;
    rec.cont.setAttribute("aria-expanded", String(!rec.replies.hidden));
  }
  function updateContinueUp(rec) {
    for (let a = rec; a; a = state.byId.get(a.c.parent)) updateContinue(a);
  }

  function updateMoreReplies(rec) {
    if (!rec.moreBtn) {
      rec.moreBtn = actBtn("replies", "", "more-replies");
      rec.el.append(rec.moreBtn);
    }
    if (rec.more > 0 && rec.after != null) rec.moreBtn.textContent = plural(S.moreReplies, rec.more);
    else rec.moreBtn.remove();
  }

  // buildTree renders a comment with its nested replies, detached, for one fragment insert.
  function buildTree(c, depth) {
    const rec = buildComment(c, depth);
    let maxId = c.id;
    for (const r of c.replies || []) {
      if (state.byId.has(r.id)) continue;
      const sub = buildTree(r, depth + 1);
      rec.replies.append(sub.rec.el);
      maxId = Math.max(maxId, sub.maxId);
    }
    updateContinue(rec);
    if (depth === 0 && c.more_replies > 0) {
      rec.more = c.more_replies;
      rec.after = maxId;
      updateMoreReplies(rec);
    }
    return { rec, maxId };
  }

  function renderPage(page) {
    const frag = document.createDocumentFragment();
    for (const c of page.comments || []) {
      if (!state.byId.has(c.id)) frag.append(buildTree(c, 0).rec.el);
    }
    ui.list.append(frag);
  }

  function removeRec(rec) {
    for (const el of rec.el.querySelectorAll(".c")) state.byId.delete(Number(el.dataset.id));
    state.byId.delete(rec.c.id);
    rec.el.remove();
  }

  // upsert merges a comment from any source (own post, edit, live event, later page) into the
  // view. Every path goes through here, so a live echo of the reader's own post, arriving before
  // or after the POST answer, updates the same element instead of adding a second one.
  // mode: "own" (just written here), "live" (someone else, via the stream), "load" (history).
  function upsert(c, mode) {
    const old = state.byId.get(c.id);
    if (old) {
      const was = old.c.status === "published";
      old.c = Object.assign({}, old.c, c);
      if (c.status === "deleted") Object.assign(old.c, { author: null, html: "", edited_at: null });
      const now = old.c.status === "published";
      if (was !== now) setCount(state.count + (now ? 1 : -1));
      if (now) dropPending(c.id);
      if (old.c.status === "deleted" && !old.replies.querySelector(".c")) removeRec(old);
      else fillComment(old);
      return old;
    }
    // Held comments reach only their author's browser, via the POST answer, never by the stream.
    if (c.status === "deleted" || (mode === "live" && c.status !== "published")) return null;
    let parent = null;
    if (c.parent) {
      parent = state.byId.get(c.parent);
      // Its parent is on a page or behind a "more replies" not loaded yet; it comes with those.
      if (!parent) return null;
    } else if (mode === "live" && state.sort === "old" && state.next) {
      return null; // oldest-first: it belongs after pages the reader has not loaded
    }
    const rec = buildTree(c, parent ? parent.depth + 1 : 0).rec;
    if (parent) {
      parent.replies.append(rec.el);
      updateContinueUp(parent);
    } else if (mode === "load" || (mode === "live" && state.sort === "old")) {
      ui.list.append(rec.el);
    } else {
      ui.list.prepend(rec.el);
    }
    if (mode !== "load" && c.status === "published") setCount(state.count + 1);
    if (mode === "live") rec.el.classList.add("new");
    ui.empty.hidden = true;
    return rec;
  }

  function setCount(n) {
    state.count = Math.max(0, n);
    ui.count.textContent = plural(S.comments, state.count);
  }

  // ---- Comments awaiting review ---------------------------------------------------------------
  // A held comment is not in the public thread, so its author's browser keeps it to show it.
  function loadPending() {
    try { return JSON.parse(store.get(PENDING_KEY)) || []; } catch (e) { return []; }
  }
  function savePending(list) {
    const fresh = list.filter((c) => Date.now() - Date.parse(c.created_at) < 14 * 86400e3).slice(-20);
    store.set(PENDING_KEY, fresh.length ? JSON.stringify(fresh) : null);
  }
  function keepPending(c) {
    savePending(loadPending().filter((p) => p.id !== c.id).concat([c]));
  }
  function dropPending(id) {
    const list = loadPending();
    if (list.some((p) => p.id === id)) savePending(list.filter((p) => p.id !== id));
  }
  function showPending() {
    // The server's list of the reader's held comments is the truth when we have it: it survives
    // cleared storage and other devices, and drops what a moderator rejected.
    if (state.own) savePending(state.own.filter((c) => c.status === "pending"));
    for (const c of state.own || []) if (!state.byId.has(c.id)) upsert(c, "own");
    for (const c of loadPending()) {
      if (state.byId.has(c.id)) dropPending(c.id); // approved and now public
      else upsert(c, "own");
    }
  }

  // ---- Forms ---------------------------------------------------------------------------------
  let uid = 0;

  // makeForm builds a comment form. opts: kind ("new"|"reply"|"edit"), label, submitLabel, text,
  // onSubmit(fields, form) returning a promise, onCancel.
  function makeForm(opts) {
    const id = "parley-f" + ++uid;
    const ta = h("textarea", { id: id + "t", name: "text", rows: 3, placeholder: opts.kind === "edit" ? null : S.placeholder });
    ta.value = opts.text || "";
    const name = h("input", { id: id + "n", name: "name", type: "text", maxlength: 50, autocomplete: "nickname", value: store.get(NAME_KEY) || "" });
    const chars = h("span", { class: "chars", "aria-live": "off" });
    const err = h("p", { class: "err", role: "alert", hidden: true });
    const nudgeBox = h("div", { class: "nudge", hidden: true });
    const submit = h("button", { type: "submit", class: "primary", text: opts.submitLabel });
    const form = h("form", { class: "form f-" + opts.kind, novalidate: true },
      opts.kind === "edit" ? null : h("div", { class: "f-name" }, h("label", { for: id + "n", text: S.name }), name),
      opts.kind === "edit" ? null : h("p", { class: "f-as", hidden: true }),
      h("label", { for: id + "t", class: opts.kind === "new" ? null : "sr", text: opts.label }),
      nudgeBox, ta, err,
      h("div", { class: "f-bar" }, chars, h("span", { class: "hint", text: S.shortcut }), h("span", { class: "grow" }),
        opts.onCancel ? h("button", { type: "button", text: S.cancel, onclick: opts.onCancel }) : null, submit));

    const count = () => {
      const n = charCount(ta.value);
      chars.textContent = n.toLocaleString(LANG) + " / " + MAX_TEXT.toLocaleString(LANG);
      chars.classList.toggle("over", n > MAX_TEXT);
    };
    ta.addEventListener("input", count);
    ta.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        form.requestSubmit ? form.requestSubmit() : submit.click();
      } else if (e.key === "Escape" && opts.onCancel) {
        opts.onCancel();
      }
    });
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      if (form.busy) return;
      const fields = { text: ta.value, name: name.value.trim() };
      const n = charCount(fields.text);
      const needName = opts.kind !== "edit" && !store.get(TOKEN_KEY) && !fields.name;
      const problem = !fields.text.trim() ? S.needText : n > MAX_TEXT ? fmt(S.tooLong, { n, max: MAX_TEXT }) : needName ? S.needName : "";
      if (problem) return showFormError(form, { message: problem, field: needName && fields.text.trim() ? "name" : "text" });
      form.busy = submit.disabled = true;
      err.hidden = true;
      try {
        await opts.onSubmit(fields, form);
      } catch (ex) {
        if (!ex.nudged) showFormError(form, ex);
      } finally {
        form.busy = submit.disabled = false;
      }
    });
    form.parley = {
      ta, name, err, nudgeBox,
      setText(v) { ta.value = v; count(); },
    };
    count();
    return form;
  }

  function showFormError(form, ex) {
    const f = form.parley;
    let msg = ex.message;
    if (ex.code === "rate_limited" && ex.retryAfter) msg += " " + fmt(S.retryAfter, { n: ex.retryAfter });
    f.err.textContent = msg;
    f.err.hidden = false;
    (ex.field === "name" && f.name.isConnected ? f.name : f.ta).focus();
  }

  function focusEnd(ta) {
    ta.focus();
    ta.setSelectionRange(ta.value.length, ta.value.length);
  }

  // submitText is the single path by which a reader's words reach the server (posts and edits).
  // A new comment the policy would hold is answered 422 "nudge" first: the form then shows what
  // was flagged and lets the author reword it (the next post carries nudge_id, so the site learns
  // the nudge worked) or post anyway (confirm), which sends it to the moderators' queue.
  async function submitText(method, path, payload, form) {
    const f = form && form.parley;
    if (f && f.nudge && method === "POST") {
      payload.nudge_id = f.nudge.id;
      if (f.confirm) payload.confirm = true;
    }
    if (f) f.confirm = false;
    try {
      const r = await api(method, path, payload);
      if (f) showNudge(form, null);
      return r;
    } catch (ex) {
      if (f && ex.status === 422 && ex.code === "nudge" && ex.body.error.nudge) {
        showNudge(form, ex.body.error.nudge, payload.text);
        ex.nudged = true;
      }
      throw ex;
    }
  }

  // showNudge shows (or, with n null, clears) the "are you sure?" notice above the text box.
  function showNudge(form, n, text) {
    const f = form.parley, box = f.nudgeBox;
    f.nudge = n;
    box.hidden = !n;
    if (!n) return box.replaceChildren();
    const cats = (n.categories || []).map((c) => S.cats[c] || c.replace(/_/g, " "));
    box.replaceChildren(
      h("p", { role: "alert" }, h("strong", { text: S.nudge }), cats.length ? " " + fmt(S.nudgeCats, { list: cats.join(", ") }) : ""),
      h("div", { class: "pv", "aria-hidden": "true" }, highlight(text, n.spans)),
      h("div", { class: "f-bar" },
        h("button", { type: "button", "data-nudge": "edit", text: S.nudgeEdit, onclick: () => focusEnd(f.ta) }),
        h("button", {
          type: "button", "data-nudge": "post", text: S.postAnyway, title: S.postAnywayHint,
          onclick: () => {
            f.confirm = true;
            form.requestSubmit ? form.requestSubmit() : form.querySelector("[type=submit]").click();
          },
        })));
  }

  // highlight marks the flagged spans of text. Offsets are code points, hence Array.from; spans
  // may overlap, so the text is cut at every span edge and each piece marked if any covers it.
  function highlight(text, spans) {
    const cps = Array.from(text || ""), n = cps.length;
    const ok = (spans || []).map((x) => [Math.max(0, x.start | 0), Math.min(n, x.end | 0), x.category]).filter((x) => x[1] > x[0]);
    const cuts = [...new Set([0, n].concat(...ok.map((x) => [x[0], x[1]])))].sort((a, b) => a - b);
    const frag = document.createDocumentFragment();
    for (let i = 0; i + 1 < cuts.length; i++) {
      const a = cuts[i], b = cuts[i + 1], piece = cps.slice(a, b).join("");
      const cats = [...new Set(ok.filter((x) => x[0] <= a && x[1] >= b).map((x) => S.cats[x[2]] || x[2]))];
      frag.append(cats.length ? h("mark", { title: cats.join(", "), text: piece }) : piece);
    }
    return frag;
  }

  // postComment creates a top-level comment (parentRec null) or a reply.
  async function postComment(parentRec, fields, form) {
    const payload = { site: SITE, url: PAGE_URL, title: TITLE, parent: parentRec ? parentRec.c.id : 0, text: fields.text };
    if (KEY) payload.key = KEY;
    if (!store.get(TOKEN_KEY)) {
      payload.name = fields.name;
      store.set(NAME_KEY, fields.name);
    }
    const res = await submitText("POST", "/comments", payload, form);
    if (res.token) store.set(TOKEN_KEY, res.token);
    if (res.user && (!state.user || res.token)) {
      state.user = res.user;
      loadMe().then(refreshAll, () => {}); // learn the edit window and likes for this identity
    }
    syncIdentity();
    const pending = res.comment.status === "pending";
    if (pending) keepPending(res.comment);
    // It may already have arrived by the stream; upsert then refreshes it, now known to be ours.
    const rec = upsert(res.comment, "own");
    announce(pending ? S.pending : S.posted);
    if (parentRec) {
      closeReply(parentRec);
      if (rec) rec.el.focus();
    } else {
      form.parley.setText("");
    }
  }

  // syncIdentity hides the name field once the reader has a named identity (a reader who only
  // reported has a token but no name yet: their first comment names them).
  function syncIdentity() {
    const known = !!store.get(TOKEN_KEY) && !(state.user && !state.user.name);
    for (const el of ui.root.querySelectorAll(".f-name")) el.hidden = known;
    for (const el of ui.root.querySelectorAll(".f-as")) {
      el.textContent = known && state.user ? fmt(S.postingAs, { name: state.user.name }) : "";
      el.hidden = !el.textContent;
    }
    if (ui.mine) ui.mine.hidden = !store.get(TOKEN_KEY);
  }

  function forgetIdentity() {
    store.set(TOKEN_KEY, null);
    state.user = null;
    state.liked.clear();
    state.own = null;
    if (ui.root) {
      syncIdentity();
      refreshAll();
    }
  }

  function refreshAll() {
    for (const rec of state.byId.values()) fillComment(rec);
  }

  let announced;
  function announce(msg) {
    ui.status.textContent = "";
    clearTimeout(announced);
    // A fresh text node after a tick makes screen readers repeat an identical message; it is
    // cleared later so a stale confirmation does not sit above newer comments.
    announced = setTimeout(() => {
      ui.status.textContent = msg;
      announced = setTimeout(() => { ui.status.textContent = ""; }, 8000);
    }, 50);
  }

  function showRecError(rec, ex) {
    rec.err.textContent = ex.message;
    rec.err.hidden = false;
  }

  // ---- Actions on comments -------------------------------------------------------------------
  function openReply(rec) {
    if (!rec.replyForm) {
      const name = rec.c.author ? rec.c.author.name : S.deletedAuthor;
      rec.replyForm = makeForm({
        kind: "reply", label: fmt(S.replyTo, { name }), submitLabel: S.postReply,
        onSubmit: (f, form) => postComment(rec, f, form),
        onCancel: () => { closeReply(rec); rec.act.reply.focus(); },
      });
      rec.slot.append(rec.replyForm);
      syncIdentity();
    }
    return rec.replyForm;
  }
  function closeReply(rec) {
    if (rec.replyForm) rec.replyForm.remove();
    rec.replyForm = null;
  }
  function closeEdit(rec) {
    if (rec.editForm) rec.editForm.remove();
    rec.editForm = null;
    rec.body.hidden = false;
  }

  // selectedIn returns the text the reader selected inside node, if any.
  function selectedIn(node) {
    const sel = ui.shadow.getSelection ? ui.shadow.getSelection() : document.getSelection();
    if (!sel || sel.isCollapsed || !sel.rangeCount) return "";
    return node.contains(sel.getRangeAt(0).commonAncestorContainer) ? sel.toString().trim() : "";
  }

  const ACTIONS = {
    collapse(rec) {
      const col = rec.el.classList.toggle("collapsed");
      rec.tog.textContent = col ? "+" : "−";
      rec.tog.setAttribute("aria-expanded", String(!col));
      rec.tog.setAttribute("aria-label", col ? S.expand : S.collapse);
      const n = rec.replies.querySelectorAll(".c").length;
      rec.hid.textContent = col && n ? plural(S.hiddenReplies, n) : "";
    },
    continue(rec) {
      rec.replies.hidden = !rec.replies.hidden;
      updateContinue(rec);
    },
    async like(rec, btn) {
      const id = rec.c.id, liked = state.liked.has(id);
      btn.disabled = true;
      try {
        const r = await api(liked ? "DELETE" : "PUT", "/comments/" + id + "/like");
        if (r.liked) state.liked.add(id); else state.liked.delete(id);
        rec.c.likes = r.likes;
        rec.err.hidden = true;
        updateLike(rec);
      } catch (ex) {
        showRecError(rec, ex);
      } finally {
        btn.disabled = isMine(rec.c);
      }
    },
    reply(rec) {
      if (rec.replyForm) {
        closeReply(rec);
        return;
      }
      focusEnd(openReply(rec).parley.ta);
    },
    quote(rec) {
      // The selection was taken on pointerdown, before the click could clear it.
      let text = rec.quoteSel || selectedIn(rec.body);
      rec.quoteSel = "";
      if (!text) {
        text = rec.body.innerText.trim();
        if (text.length > 400) text = text.slice(0, 400) + "…";
      }
      const quoted = text.split(/\n+/).map((l) => "> " + l).join("\n") + "\n\n";
      const f = openReply(rec).parley;
      f.setText(f.ta.value.trim() ? f.ta.value.replace(/\s*$/, "\n\n") + quoted : quoted);
      focusEnd(f.ta);
    },
    async edit(rec, btn) {
      if (rec.editForm) return focusEnd(rec.editForm.parley.ta);
      btn.disabled = true;
      let full;
      try {
        full = (await api("GET", "/comments/" + rec.c.id)).comment;
      } catch (ex) {
        return showRecError(rec, ex);
      } finally {
        btn.disabled = false;
      }
      rec.err.hidden = true;
      rec.editForm = makeForm({
        kind: "edit", label: S.editLabel, submitLabel: S.save, text: full.text || "",
        onSubmit: async (f, form) => {
          const r = await submitText("PATCH", "/comments/" + rec.c.id, { text: f.text }, form);
          closeEdit(rec);
          upsert(r.comment, "own");
          announce(S.saved);
          rec.act.edit.focus();
        },
        onCancel: () => { closeEdit(rec); rec.act.edit.focus(); },
      });
      rec.body.hidden = true;
      rec.body.after(rec.editForm);
      focusEnd(rec.editForm.parley.ta);
    },
    // Personal data: a reader can take everything this site holds about them, or erase it.
    async mydata(rec, btn) {
      btn.disabled = true;
      try {
        const data = await api("GET", "/me/data?" + new URLSearchParams({ site: SITE }));
        const a = h("a", { href: URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: "application/json" })), download: "parley-" + SITE + "-my-data.json" });
        ui.root.append(a);
        a.click();
        a.remove();
      } catch (ex) {
        announce(ex.message);
      } finally {
        btn.disabled = false;
      }
    },
    async erase(rec, btn) {
      if (!btn.dataset.armed) {
        btn.dataset.armed = "1";
        btn.textContent = S.confirmErase;
        setTimeout(() => { delete btn.dataset.armed; btn.textContent = S.eraseData; }, 6000);
        return;
      }
      btn.disabled = true;
      try {
        await api("DELETE", "/me/data?" + new URLSearchParams({ site: SITE }));
        savePending([]);
        forgetIdentity();
        announce(S.erased);
        await load();
      } catch (ex) {
        announce(ex.message);
      } finally {
        btn.disabled = false;
        delete btn.dataset.armed;
        btn.textContent = S.eraseData;
      }
    },
    async del(rec, btn) {
      // Two presses instead of confirm(): a modal would block the host page too.
      if (!btn.dataset.armed) {
        btn.dataset.armed = "1";
        btn.textContent = S.confirmDel;
        setTimeout(() => { delete btn.dataset.armed; btn.textContent = S.del; }, 4000);
        return;
      }
      btn.disabled = true;
      try {
        await api("DELETE", "/comments/" + rec.c.id);
        dropPending(rec.c.id);
        closeEdit(rec);
        upsert({ id: rec.c.id, status: "deleted" }, "own");
        announce(S.removed);
      } catch (ex) {
        showRecError(rec, ex);
      } finally {
        btn.disabled = false;
      }
    },
    report(rec) {
      if (rec.reportForm) return rec.reportForm.querySelector("input").focus();
      const id = "parley-r" + rec.c.id;
      const note = h("input", { id: id + "n", type: "text", maxlength: 500 });
      const err = h("p", { class: "err", role: "alert", hidden: true });
      const close = () => {
        rec.reportForm.remove();
        rec.reportForm = null;
      };
      const form = (rec.reportForm = h("form", { class: "rep", novalidate: true },
        h("fieldset", {}, h("legend", { text: S.reportTitle }),
          ...Object.keys(S.reasons).map((r) => h("label", { class: "opt" }, h("input", { type: "radio", name: "reason", value: r }), S.reasons[r]))),
        h("label", { for: id + "n", text: S.reportNote }), note, err,
        h("div", { class: "f-bar" }, h("span", { class: "grow" }),
          h("button", { type: "button", text: S.cancel, onclick: () => { close(); rec.act.report.focus(); } }),
          h("button", { type: "submit", class: "primary", text: S.sendReport }))));
      form.addEventListener("keydown", (e) => {
        if (e.key === "Escape") {
          close();
          rec.act.report.focus();
        }
      });
      form.addEventListener("submit", async (e) => {
        e.preventDefault();
        const picked = form.querySelector("input[name=reason]:checked");
        if (!picked) {
          err.textContent = S.needReason;
          err.hidden = false;
          return form.querySelector("input").focus();
        }
        const sendBtn = form.querySelector("[type=submit]");
        sendBtn.disabled = true;
        try {
          const r = await api("POST", "/comments/" + rec.c.id + "/report", { reason: picked.value, note: note.value.trim() });
          // A reader with no identity was given a guest one; keep it like a poster's token.
          if (r.token && !store.get(TOKEN_KEY)) {
            store.set(TOKEN_KEY, r.token);
            loadMe().then(() => { syncIdentity(); refreshAll(); }, () => {});
          }
          close();
          rec.reported = true;
          refreshActions(rec);
          const thanks = h("p", { class: "thanks", role: "status", tabindex: "-1", text: S.reported });
          rec.slot.append(thanks);
          thanks.focus();
        } catch (ex) {
          err.textContent = ex.message;
          err.hidden = false;
          sendBtn.disabled = false;
        }
      });
      rec.slot.append(form);
      form.querySelector("input").focus();
    },
    async replies(rec, btn) {
      btn.disabled = true;
      try {
        const r = await api("GET", "/comments/" + rec.c.id + "/replies?" + new URLSearchParams({ after: rec.after, limit: 50 }));
        for (const c of r.comments || []) upsert(c, "load");
        rec.more -= (r.comments || []).length;
        rec.after = r.next;
        updateMoreReplies(rec);
      } catch (ex) {
        showRecError(rec, ex);
      } finally {
        btn.disabled = false;
      }
    },
    sort(rec, btn) {
      const s = btn.dataset.sort;
      if (s === state.sort) return;
      state.sort = s;
      for (const b of ui.sort.children) b.setAttribute("aria-pressed", String(b.dataset.sort === s));
      load();
    },
    async more(rec, btn) {
      btn.disabled = true;
      try {
        const page = await api("GET", "/comments?" + threadParams({ sort: state.sort, cursor: state.next }));
        renderPage(page);
        state.next = page.next;
        ui.more.hidden = !state.next;
      } catch (ex) {
        showLoadError(ex);
      } finally {
        btn.disabled = false;
      }
    },
    retry() {
      load();
    },
  };

  // ---- Loading -------------------------------------------------------------------------------
  async function loadMe() {
    const r = await api("GET", "/me?" + threadParams());
    if (r.token && r.user) store.set(TOKEN_KEY, r.token); // renewed: the old one ages out
    state.user = r.user;
    state.liked = new Set(r.liked || []);
    state.own = r.own || null;
    if (r.edit_window_seconds != null) state.editWindow = r.edit_window_seconds;
    if (!r.user && store.get(TOKEN_KEY)) forgetIdentity();
  }

  function showLoadError(ex) {
    ui.loadErr.replaceChildren(h("span", { text: ex.message + " " }), actBtn("retry", S.retry));
    ui.loadErr.hidden = false;
  }

  // load renders the first page of the thread; /me goes out in parallel so it costs no extra
  // round trip before the first paint.
  async function load() {
    ui.loadErr.hidden = true;
    ui.status.textContent = S.loading;
    const me = store.get(TOKEN_KEY) ? loadMe().catch(() => {}) : null;
    let page;
    try {
      page = await api("GET", "/comments?" + threadParams({ sort: state.sort }));
      await me;
    } catch (ex) {
      ui.status.textContent = "";
      return showLoadError(ex);
    }
    ui.status.textContent = "";
    state.byId.clear();
    ui.list.replaceChildren();
    state.closed = !!(page.thread && page.thread.closed);
    state.next = page.next;
    setCount(page.count || 0);
    renderPage(page);
    showPending();
    ui.composer.hidden = state.closed;
    ui.closedNote.hidden = !state.closed;
    ui.more.hidden = !state.next;
    ui.empty.hidden = ui.list.children.length > 0;
    syncIdentity();
  }

  // resync merges the first page after the stream reconnected, since events were missed; it
  // does not rebuild, so open forms and expanded threads survive.
  async function resync() {
    try {
      const page = await api("GET", "/comments?" + threadParams({ sort: state.sort }));
      const walk = (list) => {
        for (const c of list || []) {
          upsert(c, "live");
          walk(c.replies);
        }
      };
      walk(page.comments);
      setCount(page.count || 0);
    } catch (e) { /* the next event or reconnect will try again */ }
  }

  // ---- Live updates --------------------------------------------------------------------------
  let retryMs = 2000;
  function connect(reconnecting) {
    if (!window.EventSource) return;
    const es = new EventSource(API + "/stream?" + threadParams());
    let broken = !!reconnecting;
    es.addEventListener("open", () => {
      if (broken) resync();
      broken = false;
      retryMs = 2000;
    });
    es.addEventListener("error", () => {
      broken = true;
      // EventSource retries by itself unless the server refused the stream outright.
      if (es.readyState === EventSource.CLOSED) {
        es.close();
        setTimeout(() => connect(true), retryMs);
        retryMs = Math.min(retryMs * 2, 60000);
      }
    });
    es.addEventListener("comment", (e) => {
      const d = parse(e.data);
      if (d && d.comment) upsert(d.comment, "live");
    });
    es.addEventListener("like", (e) => {
      const d = parse(e.data);
      const rec = d && state.byId.get(d.id);
      if (rec) {
        rec.c.likes = d.likes;
        updateLike(rec);
      }
    });
  }
  function parse(s) {
    try { return JSON.parse(s); } catch (e) { return null; }
  }

  // ---- Mounting ------------------------------------------------------------------------------
  function findHost() {
    try { return document.querySelector(ds.target || "#parley-comments"); } catch (e) { return null; }
  }

  function mount() {
    let host = findHost();
    if (!host) {
      host = h("div", { id: ds.target ? null : "parley-comments" });
      if (script.parentNode && script.parentNode !== document.head) script.after(host);
      else document.body.append(host);
    }
    if (host.shadowRoot) return; // already mounted by a second copy of the snippet
    const shadow = (ui.shadow = host.attachShadow({ mode: "open" }));
    ui.root = h("div", { class: "root", lang: LANG });
    const mq = window.matchMedia ? matchMedia("(prefers-color-scheme: dark)") : null;
    const theme = () => ui.root.classList.toggle("dark", THEME === "dark" || (THEME === "auto" && !!mq && mq.matches));
    theme();
    if (mq && THEME === "auto" && mq.addEventListener) mq.addEventListener("change", theme);

    ui.count = h("h2", { class: "count", text: plural(S.comments, 0) });
    ui.sort = h("div", { class: "sort", role: "group", "aria-label": S.sortLabel },
      ...SORTS.map((s) => h("button", { type: "button", "data-act": "sort", "data-sort": s, "aria-pressed": String(s === state.sort), text: S.sort[s] })));
    ui.status = h("p", { class: "status", role: "status", "aria-live": "polite" });
    ui.composer = makeForm({ kind: "new", label: S.comment, submitLabel: S.post, onSubmit: (f, form) => postComment(null, f, form) });
    ui.closedNote = h("p", { class: "closed", hidden: true, text: S.closed });
    ui.loadErr = h("p", { class: "err", role: "alert", hidden: true });
    ui.list = h("div", { class: "list" });
    ui.empty = h("p", { class: "empty", hidden: true, text: S.empty });
    ui.more = actBtn("more", S.loadMore, "load-more");
    ui.more.hidden = true;
    ui.mine = h("p", { class: "mine", hidden: !store.get(TOKEN_KEY) }, actBtn("mydata", S.myData, "link"), " · ", actBtn("erase", S.eraseData, "link"));
    ui.root.append(
      h("div", { class: "top" }, ui.count, ui.sort),
      ui.composer, ui.closedNote, ui.status, ui.loadErr, ui.empty, ui.list, ui.more,
      ui.mine, h("p", { class: "foot", text: S.by }));

    // One delegated listener serves every button in the thread, however large.
    ui.root.addEventListener("click", (e) => {
      const btn = e.target.closest("[data-act]");
      if (!btn || btn.disabled) return;
      const art = btn.closest(".c");
      const rec = art ? state.byId.get(Number(art.dataset.id)) : null;
      if (art && !rec) return;
      ACTIONS[btn.dataset.act](rec, btn, e);
    });
    // Pressing a button can collapse the selection; remember what was selected to quote it.
    ui.root.addEventListener("pointerdown", (e) => {
      const btn = e.target.closest('[data-act="quote"]');
      const rec = btn && state.byId.get(Number(btn.closest(".c").dataset.id));
      if (rec) rec.quoteSel = selectedIn(rec.body);
    });

    shadow.append(h("style", { text: CSS }), ui.root);

    // Relative times age, and the edit window closes, without any request.
    setInterval(() => {
      for (const t of ui.root.querySelectorAll("time")) t.textContent = ago(t.getAttribute("datetime"));
      for (const rec of state.byId.values()) if (isMine(rec.c)) refreshActions(rec);
    }, 60000);

    load().then(() => connect(false));
  }

  // An async script may run before the parser reaches the container; wait for it then.
  if (!findHost() && document.readyState === "loading") document.addEventListener("DOMContentLoaded", mount);
  else mount();
})();
