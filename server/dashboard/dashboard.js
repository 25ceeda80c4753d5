// Parley's moderator dashboard: boot, sign-in state, views by URL fragment, global shortcuts.
// No framework and no build step: these files are what the server embeds and serves.
import { api, fail, onUnauthorized, say } from "./lib.js";
import { filterQueue, initQueue, loadQueue, queueKey } from "./queue.js";
import { showAudit, showOverview, showSettings, showUser } from "./panels.js";

const $ = (id) => document.getElementById(id);
const VIEWS = ["overview", "queue", "user", "settings", "audit"];
const app = { user: null, sites: [], isAdmin: false, view: "" };

function showSignIn() {
  for (const v of VIEWS) $("view-" + v).hidden = true;
  $("loading").hidden = true;
  $("topbar").hidden = true;
  $("signin").hidden = false;
  $("status").textContent = "";
  document.title = "Sign in — Parley moderation";
}

async function boot() {
  onUnauthorized(showSignIn);
  let me;
  try {
    me = await api("GET", "/me");
  } catch (ex) {
    if (ex.status === 401 || ex.status === 403) {
      showSignIn();
      if (ex.status === 403) say(ex.message, true);
      return;
    }
    $("loading").textContent = ex.message;
    return;
  }
  app.user = me.user;
  app.sites = me.sites || [];
  app.isAdmin = me.user.role === "admin";
  $("loading").hidden = true;
  $("topbar").hidden = false;
  $("who").textContent = me.user.name + " (" + me.user.role + ")";
  initQueue(app);
  $("signout").addEventListener("click", signOut);
  $("help-btn").addEventListener("click", help);
  window.addEventListener("hashchange", route);
  document.addEventListener("keydown", onKey);
  route();
}

// route shows the view the fragment names: #queue, #overview, #settings, #audit, #user/ID/SITE.
function route() {
  const parts = location.hash.replace(/^#\/?/, "").split("/");
  const view = VIEWS.includes(parts[0]) ? parts[0] : "queue";
  const first = app.view !== view;
  app.view = view;
  for (const v of VIEWS) $("view-" + v).hidden = v !== view;
  for (const a of document.querySelectorAll("nav [data-view]")) {
    if (a.dataset.view === view) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
  document.title = { overview: "Overview", queue: "Queue", user: "User", settings: "Settings", audit: "Audit log" }[view] + " — Parley moderation";
  switch (view) {
    case "overview":
      showOverview(goQueue);
      break;
    case "queue":
      // Coming back from another view keeps the list and the selection; the data is refreshed.
      loadQueue(true);
      break;
    case "user":
      showUser(parseInt(parts[1], 10), decodeURIComponent(parts[2] || ""), app.sites);
      break;
    case "settings":
      showSettings(app);
      break;
    case "audit":
      showAudit();
      break;
  }
  if (first && view !== "queue") $("main").focus({ preventScroll: true });
}

function goQueue(changes) {
  filterQueue(changes);
  if (location.hash === "#queue") loadQueue(true);
  else location.hash = "#queue";
}

async function signOut() {
  try {
    const res = await fetch(new URL("signout", location.href), { method: "POST", credentials: "same-origin" });
    if (!res.ok) throw new Error("Sign-out failed (" + res.status + ").");
    showSignIn();
    say("Signed out.");
  } catch (ex) {
    fail(ex);
  }
}

function help() {
  const dlg = $("help");
  if (!dlg.open) dlg.showModal();
}

// onKey dispatches single-key shortcuts. They never fire while typing in a field, with a
// modifier held (browser shortcuts stay the browser's), or under an open dialog.
function onKey(e) {
  if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
  const t = e.target;
  if (t.closest && t.closest("input, textarea, select, [contenteditable]")) return;
  if (document.querySelector("dialog[open]") || !$("signin").hidden) return;
  if (e.key === "?") {
    e.preventDefault();
    help();
    return;
  }
  if (app.view !== "queue" || e.key.length !== 1) return;
  if (queueKey(e.key.toLowerCase() === e.key ? e.key : "")) e.preventDefault();
}

boot();
