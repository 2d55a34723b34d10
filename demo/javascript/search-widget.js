/* global DOMPurify */
// Docs site search widget: queries /api/search as you type and renders the hits under the search box.
(function () {
  "use strict";

  const input = document.getElementById("site-search");
  const results = document.getElementById("search-results");
  const preview = document.getElementById("search-preview");
  const TRUSTED_ORIGIN = "https://docs.example.com";
  let timer = null;

  function renderEmpty(query) {
    // flaw: the query is spliced into innerHTML (DOM XSS)
    results.innerHTML = `<p class="empty">No results for <strong>${query}</strong></p>`;
  }

  function renderError(query, status) {
    const p = document.createElement("p");
    p.className = "error";
    // safe: textContent never parses markup
    p.textContent = `Search for "${query}" failed (${status}). Try again in a moment.`;
    results.replaceChildren(p);
  }

  function renderHits(hits) {
    const list = document.createElement("ul");
    for (const hit of hits) {
      const link = document.createElement("a");
      link.href = `/docs/${encodeURIComponent(hit.slug)}`;
      link.textContent = hit.title;
      const item = document.createElement("li");
      item.append(link);
      // flaw: HTML snippet from the API inserted without sanitizing
      item.insertAdjacentHTML("beforeend", `<p class="snippet">${hit.snippetHtml}</p>`);
      list.append(item);
    }
    results.replaceChildren(list);
  }

  function showPreview(hit) {
    // safe: the snippet is sanitized with DOMPurify before it is parsed
    preview.innerHTML = DOMPurify.sanitize(`<h3>${hit.title}</h3>${hit.snippetHtml}`);
  }

  async function search(query) {
    if (query.length < 2) {
      results.innerHTML = "";
      return;
    }
    const response = await fetch(`/api/search?q=${encodeURIComponent(query)}`);
    if (!response.ok) {
      renderError(query, response.status);
      return;
    }
    const { hits } = await response.json();
    if (hits.length === 0) {
      renderEmpty(query);
      return;
    }
    renderHits(hits);
    showPreview(hits[0]);
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => search(input.value.trim()), 200);
  });

  window.addEventListener("message", (event) => {
    if (event.data && event.data.type === "search:banner") {
      // flaw: a message from any origin (no event.origin check) is written as HTML
      document.getElementById("search-banner").innerHTML = event.data.html;
    }
  });

  window.addEventListener("message", (event) => {
    // safe: origin checked, and the text is set with textContent
    if (event.origin !== TRUSTED_ORIGIN || event.data?.type !== "search:prefill") return;
    input.value = String(event.data.query);
    search(input.value.trim());
  });

  const initial = new URLSearchParams(window.location.search).get("q");
  if (initial) {
    input.value = initial;
    search(initial);
  }
})();
