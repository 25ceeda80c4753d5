// The dashboard's other views: overview, user history, thread context, site settings, audit log.
import { CATEGORIES, api, ask, btn, fail, fill, h, highlight, label, pct, qs, safeURL, say, timeEl } from "./lib.js";

const $ = (id) => document.getElementById(id);

function threadLink(t) {
  const url = safeURL(t.url);
  const text = t.title || t.url || "thread " + t.id;
  return url ? h("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, text) : h("span", { text });
}

function heatedResponse(x) {
  if (x.premod) return "pre-moderation";
  if (x.slow_minutes > 0) return "slow mode, one comment per " + x.slow_minutes + " min";
  return "flagged only";
}

// ---- Overview ----------------------------------------------------------------------------------
export async function showOverview(goQueue) {
  const body = $("ov-body");
  let o;
  try {
    o = await api("GET", "/overview");
  } catch (ex) {
    return fail(ex);
  }
  const card = (name, n, queue) => h("div", { class: "card" },
    h("p", { class: "big", text: String(n || 0) }), h("p", { text: name }),
    btn("Open queue", () => goQueue({ queue })));
  const nd = o.nudges;
  body.replaceChildren(
    h("div", { class: "cards" },
      card("pending", o.queues.pending, "pending"),
      card("reported", o.queues.reported, "reported"),
      card("rejected", o.queues.rejected, "rejected")),
    h("h2", { text: "Nudges" }),
    h("div", { class: "card nudge" },
      h("p", { class: "big", id: "revision-rate", text: nd.revised + nd.posted_anyway ? pct(nd.revision_rate) : "—" }),
      h("p", {}, h("strong", { text: "Revision rate" }),
        " — of the authors asked to reconsider, the share who reworded instead of posting anyway. This is the measure that matters to publishers."),
      h("p", { class: "muted", text: `${nd.shown} shown · ${nd.revised} revised · ${nd.posted_anyway} posted anyway` })),
    h("h2", { text: "Heated threads" }),
    o.heated.length ? h("table", {},
      h("thead", {}, h("tr", {}, ["Thread", "Site", "Since", "Automatic response", ""].map((t) => h("th", { scope: "col", text: t })))),
      h("tbody", {}, o.heated.map((x) => h("tr", {},
        h("td", {}, threadLink(x.thread)), h("td", { text: x.site }), h("td", {}, timeEl(x.heated_at)),
        h("td", { text: heatedResponse(x) }),
        h("td", {}, btn("Review comments", () => goQueue({ queue: "all", thread: String(x.thread.id), site: x.site, sort: "new" }))))))
    ) : h("p", { class: "muted", text: "No thread is running hot." }));
}

// ---- Compact comment rows (user history, thread context) ----------------------------------------
function row(it, current) {
  const c = it.comment, d = it.decision || {};
  return h("li", { class: "row" + (current ? " current" : ""), "aria-current": current ? "true" : null, "data-id": c.id },
    h("div", { class: "item-head" },
      h("span", { class: "author", text: c.author ? c.author.name : "[deleted]" }),
      timeEl(c.created_at), h("span", { class: "badge st-" + c.status, text: c.status }),
      c.featured ? h("span", { class: "badge featured", text: "featured" }) : null,
      h("span", { class: "muted", text: "#" + c.id }),
      current ? h("strong", { class: "here", text: "← this comment" }) : null),
    h("div", { class: "text" }, highlight(c.text, d.spans)));
}

// ---- Thread context ----------------------------------------------------------------------------
export async function openContext(it) {
  const dlg = $("context");
  const opener = document.activeElement;
  let r;
  try {
    r = await api("GET", "/queue?" + qs({ queue: "all", thread: it.thread.id, site: it.site, sort: "old", limit: 100 }));
  } catch (ex) {
    return fail(ex);
  }
  const list = h("ol", { class: "rows" }, r.items.map((x) => row(x, x.comment.id === it.comment.id)));
  dlg.replaceChildren(
    h("h2", { id: "ctx-h" }, "Thread: ", threadLink(it.thread)),
    h("p", { class: "muted", text: r.items.length + " comments, oldest first" + (r.items.length >= 100 ? " (first 100)" : "") }),
    list,
    h("form", { method: "dialog" }, h("button", { class: "primary" }, "Close")));
  dlg.addEventListener("close", () => opener && opener.isConnected && opener.focus(), { once: true });
  dlg.showModal();
  const cur = list.querySelector(".current");
  if (cur) cur.scrollIntoView({ block: "center" });
}

// ---- Bans --------------------------------------------------------------------------------------
// banUser asks for the details of a ban, suspension or shadow-ban and applies it; it resolves
// true when something changed.
export async function banUser(site, userID, name, kind) {
  const fields = [];
  if (kind !== "shadow_ban") {
    fields.push({ name: "kind", label: "Kind", type: "select", value: kind, options: [["ban", "Ban"], ["suspend", "Suspend (needs a duration)"]] });
    fields.push({ name: "duration", label: "Duration", placeholder: "e.g. 72h; empty for a permanent ban", hint: "Go duration: 30m, 24h, 720h." });
  }
  fields.push({ name: "reason", label: "Reason", required: true });
  const title = kind === "shadow_ban" ? `Shadow-ban ${name}` : `Ban ${name}`;
  const intro = kind === "shadow_ban"
    ? "Their new comments will be rejected silently: they still see them, nobody else does."
    : "They will not be able to comment on " + site + ".";
  const v = await ask(title, fields, kind === "shadow_ban" ? "Shadow-ban" : "Ban", intro);
  if (!v) return false;
  const k = v.kind || kind;
  if (k === "suspend" && !v.duration) {
    fail(new Error("A suspension needs a duration."));
    return false;
  }
  try {
    await api("POST", "/bans", { site, user: userID, kind: k, duration: v.duration || "", reason: v.reason });
    say({ ban: "Banned ", suspend: "Suspended ", shadow_ban: "Shadow-banned " }[k] + name + ".");
    return true;
  } catch (ex) {
    fail(ex);
    return false;
  }
}

// ---- User history ------------------------------------------------------------------------------
export async function showUser(userID, site, sites) {
  const body = $("user-body");
  site = site || sites[0];
  let u, list;
  try {
    [u, list] = await Promise.all([
      api("GET", "/users/" + userID + "?" + qs({ site })),
      api("GET", "/queue?" + qs({ queue: "all", user: userID, site, sort: "new", limit: 100 })),
    ]);
  } catch (ex) {
    body.replaceChildren(h("p", { class: "error", text: ex.message }));
    return;
  }
  const st = u.standing, name = u.user.name;
  const ban = st.banned
    ? "banned " + (st.banned_until ? "until " + new Date(st.banned_until).toLocaleString() : "permanently") + (st.ban_reason ? " — " + st.ban_reason : "")
    : "not banned";
  const again = () => showUser(userID, site, sites);
  const act = (kind) => banUser(site, userID, name, kind).then((ok) => ok && again());
  fill(body,
    h("h2", {}, name, " ", h("span", { class: "tag", text: u.user.kind }), u.user.role && u.user.role !== "reader" ? h("span", { class: "tag", text: u.user.role }) : null),
    sites.length > 1 ? h("label", {}, "Site ", h("select", { onchange: (e) => { location.hash = "#user/" + userID + "/" + encodeURIComponent(e.target.value); } },
      sites.map((s) => h("option", { value: s, selected: s === site }, s)))) : null,
    h("dl", { class: "standing" },
      h("dt", { text: "Published" }), h("dd", { text: String(st.published) }),
      h("dt", { text: "Rejected" }), h("dd", { text: String(st.rejected) }),
      h("dt", { text: "Trust" }), h("dd", { text: ["new", "basic", "trusted"][st.trust] || String(st.trust) }),
      h("dt", { text: "Ban" }), h("dd", { class: st.banned ? "bad" : null, text: ban }),
      h("dt", { text: "Shadow-banned" }), h("dd", { class: st.shadow_banned ? "bad" : null, text: st.shadow_banned ? "yes" : "no" }),
      h("dt", { text: "Account since" }), h("dd", {}, timeEl(u.created_at))),
    h("div", { class: "buttons" },
      btn("Ban…", () => act("ban")),
      btn("Suspend…", () => act("suspend")),
      btn("Shadow-ban…", () => act("shadow_ban")),
      st.banned || st.shadow_banned ? btn("Unban", async () => {
        try {
          await api("POST", "/bans", { site, user: userID, kind: "unban", reason: "" });
          say("Unbanned " + name + ".");
          again();
        } catch (ex) {
          fail(ex);
        }
      }) : null,
      btn("Reject everything by this user…", async () => {
        const v = await ask(`Reject every comment by ${name}`, [{ name: "reason", label: "Reason (for the audit log)", required: true }],
          "Reject all", `All of ${name}'s comments on ${site} will be rejected.`);
        if (!v) return;
        try {
          const r = await api("POST", "/bulk", { site, user: userID, action: "reject", reason: v.reason });
          say("Rejected " + r.changed + " comments by " + name + ".");
          again();
        } catch (ex) {
          fail(ex);
        }
      }, { class: "danger" })),
    h("h2", { text: "Comments" + (list.items.length >= 100 ? " (latest 100)" : "") }),
    list.items.length ? h("ol", { class: "rows" }, list.items.map((x) => {
      const li = row(x, false);
      li.querySelector(".item-head").append(h("span", { class: "muted" }, "in ", threadLink(x.thread)));
      return li;
    })) : h("p", { class: "muted", text: "No comments on this site." }));
}

// ---- Site settings -----------------------------------------------------------------------------
export async function showSettings(app, site) {
  const body = $("settings-body");
  site = site || app.sites[0];
  if (!site) {
    body.replaceChildren(h("p", { class: "muted", text: "There are no sites yet." }));
    return;
  }
  let s;
  try {
    s = await api("GET", "/sites/" + encodeURIComponent(site));
  } catch (ex) {
    body.replaceChildren(h("p", { class: "error", text: ex.message }));
    return;
  }
  const m = s.moderation;
  const num = (name, value, attrs) => h("input", Object.assign({ name, type: "number", value: value == null ? "" : value }, attrs));
  const sel = (name, value, opts) => h("select", { name }, opts.map(([v, t]) => h("option", { value: v, selected: v === (value || "") }, t)));
  const words = (name, list) => {
    const ta = h("textarea", { name, rows: 6, spellcheck: "false" });
    ta.value = (list || []).join("\n");
    return ta;
  };
  const field = (text, input, hint) => h("div", { class: "field" }, h("label", {}, text, input), hint ? h("p", { class: "hint", text: hint }) : null);
  const thr = (cat) => h("tr", {},
    h("th", { scope: "row", text: label(cat) }),
    h("td", {}, num("hold_" + cat, (m.hold_at || {})[cat], { min: 0.01, max: 1, step: 0.01, placeholder: "0.50", "aria-label": label(cat) + " hold at" })),
    h("td", {}, num("reject_" + cat, (m.reject_at || {})[cat], { min: 0.01, max: 1, step: 0.01, placeholder: cat === "threat" || cat === "identity_attack" ? "0.98" : "off", "aria-label": label(cat) + " reject at" })));
  const fs = h("fieldset", { disabled: !app.isAdmin },
    h("legend", { text: "Moderation of " + site }),
    field("Mode ", sel("mode", m.mode, [["", "Post (default)"], ["post", "Post: publish unless the policy objects"], ["pre", "Pre: everything waits for review"], ["pre_new", "Pre for new users"]])),
    h("table", { class: "thresholds" }, h("caption", { text: "Score thresholds (empty = default)" }),
      h("thead", {}, h("tr", {}, h("th", { scope: "col", text: "Category" }), h("th", { scope: "col", text: "Hold at" }), h("th", { scope: "col", text: "Reject at" }))),
      h("tbody", {}, CATEGORIES.map(thr))),
    field("Banned words (one per line) ", words("banned_words", m.banned_words), "A comment with one of these is rejected."),
    field("Suspect words (one per line) ", words("suspect_words", m.suspect_words), "A comment with one of these is held for review."),
    field("Max links ", num("max_links", m.max_links || "", { min: 0, max: 100, placeholder: "2" })),
    h("div", { class: "field" }, h("label", {}, h("input", { type: "checkbox", name: "nudge", checked: !m.no_nudge }), " Nudge authors before holding (ask “are you sure?”)")),
    field("Heated threads ", sel("heated", m.heated, [["", "None (flag for moderators)"], ["slow", "Slow mode"], ["premod", "Pre-moderate the thread"]])),
    field("Slow mode minutes ", num("slow_minutes", m.slow_minutes || "", { min: 0, max: 1440, placeholder: "2" })),
    app.isAdmin ? h("div", { class: "buttons" }, h("button", { type: "submit", class: "primary" }, "Save settings")) : null);
  const form = h("form", { class: "settings" }, fs);
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const el = form.elements;
    const body = {
      mode: el.mode.value, hold_at: {}, reject_at: {},
      banned_words: lines(el.banned_words.value), suspect_words: lines(el.suspect_words.value),
      max_links: Number(el.max_links.value) || 0, no_nudge: !el.nudge.checked,
      heated: el.heated.value, slow_minutes: Number(el.slow_minutes.value) || 0,
    };
    for (const cat of CATEGORIES) {
      if (el["hold_" + cat].value) body.hold_at[cat] = Number(el["hold_" + cat].value);
      if (el["reject_" + cat].value) body.reject_at[cat] = Number(el["reject_" + cat].value);
    }
    try {
      await api("PUT", "/sites/" + encodeURIComponent(site), body);
      say("Saved the settings of " + site + ".");
    } catch (ex) {
      fail(ex);
    }
  });
  const tid = h("input", { id: "recheck-id", inputmode: "numeric", size: 8, placeholder: "thread id" });
  const recheck = h("form", { class: "recheck" },
    h("h2", { text: "Recheck a thread" }),
    h("p", { class: "muted", text: "Runs the current policy again over a thread's published and pending comments; moderators' own verdicts stay." }),
    h("label", { for: "recheck-id", text: "Thread id " }), tid, " ", h("button", { type: "submit" }, "Recheck"));
  recheck.addEventListener("submit", async (e) => {
    e.preventDefault();
    const id = parseInt(tid.value, 10);
    if (!(id > 0)) return fail(new Error("Enter a thread id (shown in the queue's thread filter and overview)."));
    try {
      const r = await api("POST", "/threads/" + id + "/recheck", {});
      say("Rechecked thread " + id + ": " + r.changed + " comments changed status.");
    } catch (ex) {
      fail(ex);
    }
  });
  fill(body,
    app.sites.length > 1 ? h("label", {}, "Site ", h("select", { onchange: (e) => showSettings(app, e.target.value) },
      app.sites.map((x) => h("option", { value: x, selected: x === site }, x)))) : null,
    app.isAdmin ? null : h("p", { class: "notice", text: "Only admins change site settings; you see them read-only." }),
    form, recheck);
}

function lines(s) {
  return s.split("\n").map((x) => x.trim()).filter(Boolean);
}

// ---- Audit log ---------------------------------------------------------------------------------
export async function showAudit() {
  const body = $("audit-body");
  const tbody = h("tbody", {});
  const more = btn("Older entries", () => page());
  body.replaceChildren(
    h("table", { class: "audit" },
      h("thead", {}, h("tr", {}, ["When", "Who", "What", "Target", "Why", "Detail"].map((t) => h("th", { scope: "col", text: t })))),
      tbody),
    more);
  let before = 0;
  async function page() {
    more.disabled = true;
    let r;
    try {
      r = await api("GET", "/audit?" + qs({ before: before || "" }));
    } catch (ex) {
      more.disabled = false;
      return fail(ex);
    }
    for (const e of r.entries) {
      tbody.append(h("tr", { "data-id": e.id, "data-action": e.action },
        h("td", {}, timeEl(e.created_at)),
        h("td", { text: e.actor || "automatic" }),
        h("td", { text: label(e.action) }),
        h("td", { text: e.target_type + (e.target_id ? " #" + e.target_id : "") + (e.site ? " · " + e.site : "") }),
        h("td", { text: e.reason || "" }),
        h("td", { text: e.detail || "" })));
      before = e.id;
    }
    if (!tbody.children.length) tbody.append(h("tr", {}, h("td", { colspan: 6, class: "muted", text: "Nothing recorded yet." })));
    more.hidden = r.entries.length < 50;
    more.disabled = false;
  }
  await page();
}
