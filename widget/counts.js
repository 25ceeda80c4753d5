/*! Parley comment counts for article lists. Hand-written, no build step. */
(function () {
  "use strict";

  // Reader-visible text, in one place for translation: [one, other], {n} is the count.
  const STRINGS = {
    en: ["{n} comment", "{n} comments"],
  };

  // currentScript is only set while this file first runs.
  const script = document.currentScript || document.querySelector('script[src*="counts.js"]');
  if (!script) return;
  const src = new URL(script.src, location.href);
  const API = src.origin + src.pathname.replace(/\/[^/]*$/, "") + "/api/v1";
  const SITE = script.dataset.site || "";
  const LANG = STRINGS[script.dataset.lang] ? script.dataset.lang : "en";
  const plurals = Intl.PluralRules ? new Intl.PluralRules(LANG) : null;
  const GET_MAX = 20; // longer lists go by POST so the URL stays short
  const BATCH = 100; // the server answers at most this many URLs per request

  function label(n) {
    const one = plurals ? plurals.select(n) === "one" : n === 1;
    return STRINGS[LANG][one ? 0 : 1].replace("{n}", n.toLocaleString(LANG));
  }

  async function fetchCounts(urls) {
    let res;
    if (urls.length <= GET_MAX) {
      const q = new URLSearchParams({ site: SITE });
      for (const u of urls) q.append("url", u);
      res = await fetch(API + "/counts?" + q, { credentials: "omit" });
    } else {
      res = await fetch(API + "/counts", {
        method: "POST", credentials: "omit",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ site: SITE, urls }),
      });
    }
    if (!res.ok) throw new Error("parley counts: HTTP " + res.status);
    return (await res.json()).counts || {};
  }

  async function fill() {
    // The server needs absolute http(s) URLs and ignores fragments; relative ones are resolved
    // against this page. One bad URL would fail the whole batch, so those are left out.
    const byURL = new Map();
    for (const el of document.querySelectorAll("[data-parley-count]")) {
      let u;
      try {
        const parsed = new URL(el.getAttribute("data-parley-count"), location.href);
        if (parsed.protocol !== "http:" && parsed.protocol !== "https:") continue;
        parsed.hash = "";
        u = parsed.href;
      } catch (e) { continue; }
      if (!byURL.has(u)) byURL.set(u, []);
      byURL.get(u).push(el);
    }
    const urls = Array.from(byURL.keys());
    const batches = [];
    for (let i = 0; i < urls.length; i += BATCH) batches.push(urls.slice(i, i + BATCH));
    await Promise.all(batches.map(async (batch) => {
      const counts = await fetchCounts(batch);
      for (const u of batch) {
        const n = counts[u];
        if (typeof n !== "number") continue;
        for (const el of byURL.get(u)) {
          el.textContent = label(n);
          el.setAttribute("data-parley-count-value", n);
        }
      }
    }));
  }

  const run = () => fill().catch((e) => console.warn(e)); // eslint-disable-line no-console
  // An async script may run before the list is parsed.
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
  else run();
})();
