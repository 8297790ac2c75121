/* Search over the Pagefind index that hooks/portal_search.py builds: the header box on every page
   (results as you type; "/" opens it, arrows move, Enter follows, Esc closes) and the page at
   /search/ with filters. pagefind.js and the index load on the first search, not with the page.
   The index has two bundles (portal/publish/search_index.py). The header box searches the main one only,
   which leaves out the rectification items, so that its first query downloads little however many
   items the portal has; its results link to /search/ for items. /search/ searches both.
   Every string shown comes from overrides/partials/search.html. */
(() => {
  "use strict";
  const strings = JSON.parse(document.getElementById("pt-search-strings").textContent);
  const config = JSON.parse(document.getElementById("__config").textContent);
  const root = new URL(config.base.replace(/\/?$/, "/"), location.href);
  const words = "Segmenter" in Intl ? new Intl.Segmenter(document.documentElement.lang, { granularity: "word" }) : null;
  const box = document.querySelector("[data-pt-search]");
  const itemsBundles = (box?.dataset.ptItems ?? "").split(" ").filter(Boolean);  // ["pagefind-items/", …], or none
  const ranking = { pageLength: 0.3 };
  let engine = null;
  let everything = null;

  /* Pagefind's module, set up once. Its result URLs assume the site sits at the host's root; baseUrl
     puts them under the folder it is really served from. No web worker: it would be one more
     40 KB to download before the first result, to spare a thread that has little else to do. A weaker
     page-length penalty than the default (0.75) keeps a long service guide that explains 上门办理
     from ranking below a short item that mentions it once. */
  function pagefind() {
    engine ??= module().then(async (pf) => {
      await pf.options({ baseUrl: root.pathname, noWorker: true, ranking });
      await pf.init();
      return pf;
    });
    engine.catch(() => { engine = null; });  // let a later search try again after a network error
    return engine;
  }

  function module() {
    return import(new URL("pagefind/pagefind.js", root).href);
  }

  /* The /search/ page's own Pagefind instance: the main bundle with the items' merged in (Pagefind's
     mergeIndex), searched as one, with their results and filter counts added together. The header
     box keeps its main-bundle-only instance on this page too. A failed load drops the instance, so
     that a later search starts a whole one again. */
  function pagefindWithItems() {
    everything ??= module().then(async (pf) => {
      const instance = pf.createInstance({ baseUrl: root.pathname, noWorker: true, ranking });
      await instance.init();
      for (const bundle of itemsBundles) await instance.mergeIndex(new URL(bundle, root).pathname, { baseUrl: root.pathname, ranking });
      return instance;
    });
    everything.catch(() => { everything = null; });
    return everything;
  }

  /* The words citizens use (data/synonyms.yml, written by hooks/portal_search.py), fetched once with
     the first query. A failed fetch leaves the box searching the words as typed. */
  let vocabularyLoad = null;
  function vocabulary() {
    vocabularyLoad ??= fetch(new URL("assets/search-words.json", root))
      .then((response) => (response.ok ? response.json() : null))
      .catch(() => null)
      .then((found) => found ?? { groups: [], question_words: [], parts: [], traditional: {} });
    return vocabularyLoad;
  }

  /* A question as a person types it, read as the words to search: traditional characters and
     full-width letters made plain; each synonym (二孩, 第二个孩子) replaced by the first word of its
     group (二胎), which every page with any of them holds; question words and particles (怎么, 在哪里,
     吗) dropped. `part` is the part of a guide the question asks for (要带什么 → 申请材料), if any. */
  function understand(question, dict) {
    let text = [...question.normalize("NFKC").toLowerCase()].map((c) => dict.traditional[c] ?? c).join("");
    const part = dict.parts.find((p) => p.asks.some((ask) => text.includes(ask))) ?? null;
    const terms = [];
    const typed = [];  // [the word as typed, as searched], for ranking by how many a page holds
    const synonyms = dict.groups.flatMap((group) => group.map((word) => [word, group[0]]));
    for (const [word, first] of synonyms.sort((a, b) => b[0].length - a[0].length)) {
      if (!text.includes(word)) continue;
      if (!terms.includes(first)) terms.push(first);
      typed.push([word, first]);
      text = text.split(word).join(" ");
    }
    const dropped = [...(part?.asks ?? []), ...dict.question_words].filter((w) => w.length > 1);
    for (const word of dropped.sort((a, b) => b.length - a.length)) text = text.split(word).join(" ");
    for (const piece of text.split(/[\s\p{P}\p{S}]+/u).filter(Boolean)) {
      const pieces = words ? [...words.segment(piece)].filter((w) => w.isWordLike).map((w) => w.segment) : [piece];
      for (const w of pieces) if (!dict.question_words.includes(w) && !terms.includes(w)) terms.push(w), typed.push([w, w]);
    }
    if (!terms.length && question.trim()) {  // nothing but question words (办理): search them after all
      const plain = [...question.normalize("NFKC").toLowerCase()].map((c) => dict.traditional[c] ?? c).join("").trim();
      terms.push(plain);
      typed.push([plain, plain]);
    }
    return { terms, typed, part };
  }

  /* How much of the question a result's text holds: a word as typed counts two, its group's first
     word one. Pagefind's score weighs every word it matched the same, a one-character one too. */
  function coverage(r, typed) {
    return typed.reduce((sum, [word, first]) => sum + (r.text.includes(word) ? 2 : r.text.includes(first) ? 1 : 0), 0);
  }

  /* The header box's search: the pages for citizens (staff pages are left out) that hold every word
     of the question; else those that hold the most of them, ranked by how many, then by Pagefind's
     score (`partial`). null when a newer search replaced this one. */
  async function citizenSearch(pf, question) {
    const dict = await vocabulary();
    const { terms, typed: words, part } = understand(question, dict);
    const filters = { section: { none: [strings.staff_section] } };
    if (!terms.length) return { results: [], partial: false, part, words };
    if (terms.length < 2) {  // one word: broadened as typed words are (search above)
      const found = await search(pf, terms[0], filters);
      return found && { results: found.results, partial: false, part, words };
    }
    const found = await pf.debouncedSearch(terms.join(" "), { filters }, 150);
    if (!found || found.results.length) return found && { results: found.results, partial: false, part, words };
    const matched = new Map();
    for (const term of terms) {
      for (const r of (await pf.search(term, { filters })).results) {
        const m = matched.get(r.id) ?? { r, words: 0, score: 0 };
        m.words += 1;
        m.score += r.score;
        matched.set(r.id, m);
      }
    }
    const results = [...matched.values()].sort((a, b) => b.words - a.words || b.score - a.score).map((m) => m.r);
    return { results, partial: true, part, words };
  }

  /* Pagefind splits the indexed text into words with a Chinese dictionary when the site is built,
     but splits the query with the browser's own segmenter, and the two do not always agree: a
     one-character piece of the query (流转 read as 流|转) may begin no indexed word on the page
     that has the phrase. So a query that finds nothing is tried again, broader each time: without
     its one-character pieces (内部流转 → 内部), then by its first piece alone, which begins the
     indexed word the phrase starts with (王尽美 → 王). `ranked` below then puts pages that hold
     the query as typed first. */
  async function search(pf, term, filters) {
    let found = await pf.debouncedSearch(term, { filters }, 150);
    if (!found || !term || !words) return found;  // null: a newer search replaced this one
    const pieces = [...words.segment(term)].filter((w) => w.isWordLike).map((w) => w.segment);
    const broader = [pieces.filter((w) => !/^\p{Script=Han}$/u.test(w)).join(" "), pieces[0]];
    for (const query of broader) {
      if (found.results.length || !query || query === term) continue;
      found = await pf.search(query, { filters });
    }
    return found;
  }

  /* Results ready to show, pages that contain the query as typed first: in the title, then in the
     text; otherwise Pagefind's order. */
  async function ranked(results, term, part = null) {
    const shown = await Promise.all(results.map((r) => describe(r, part)));
    const query = term.toLowerCase();
    for (const r of shown) Object.assign(r, { at: query ? r.text.toLowerCase().indexOf(query) : -1, length: term.length });
    const tier = (r) => (query && r.title.toLowerCase().includes(query) ? 0 : r.at >= 0 ? 1 : 2);
    return shown.map((r, i) => [tier(r), i, r]).sort((a, b) => a[0] - b[0] || a[1] - b[1]).map((entry) => entry[2]);
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function count(n) {
    return n === 0 ? strings.none : n === 1 ? strings.one : strings.other.replace("#", n);
  }

  /* One result, ready to show. Pagefind escapes the page text in excerpts and adds <mark>; anything
     else that looks like a tag is turned back into text. */
  async function describe(result, part) {
    const data = await result.data();
    const guide = data.filters.section?.[0] === strings.guides_section;
    return {
      url: part && guide ? `${data.url}#${part.section}` : deepLink(data),
      title: data.meta.title || data.url,
      text: data.content,
      excerpt: data.excerpt.replace(/<(?!\/?mark>)/g, "&lt;"),
      section: data.filters.section?.[0],
      status: data.filters.status?.[0],
      statusClass: data.meta.status_class,
      overdue: data.meta.overdue,
      office: data.filters.office?.[0],
    };
  }

  /* Link to where the first hit is: the nearest element with an id before it (a heading, or one
     event of the timeline), as Pagefind's own sub-results do for headings. */
  function deepLink(data) {
    let anchor = null;
    for (const a of data.anchors) if (a.location <= data.locations[0]) anchor = a;
    return anchor ? `${data.url}#${anchor.id}` : data.url;
  }

  function tags(r, withOffice) {
    const p = el("p", "pt-search__tags");
    if (r.section) p.append(el("span", "pt-search__section", r.section));
    if (r.status) p.append(el("span", `pt-status pt-status--${r.statusClass}`, r.status));
    if (r.overdue) p.append(el("span", "pt-status pt-status--overdue", r.overdue));
    if (withOffice && r.office) p.append(el("span", "pt-search__office", r.office));
    return p.childElementCount ? p : "";
  }

  /* The text around the query as typed, marked; else Pagefind's excerpt, which marks the words. */
  function excerpt(r, className) {
    const p = el("p", className);
    if (r.at < 0) {
      p.innerHTML = r.excerpt;
      return p;
    }
    const start = Math.max(0, r.at - 24);
    const end = Math.min(r.text.length, r.at + r.length + 60);
    p.append(
      (start > 0 ? "…" : "") + r.text.slice(start, r.at),
      el("mark", null, r.text.slice(r.at, r.at + r.length)),
      r.text.slice(r.at + r.length, end) + (end < r.text.length ? "…" : ""),
    );
    return p;
  }

  function typing(target) {
    return target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName);
  }

  function headerBox(box) {
    const toggle = document.getElementById("__search");
    const form = box.querySelector("form");
    const input = form.elements.q;
    const meta = box.querySelector(".md-search-result__meta");
    const list = box.querySelector(".md-search-result__list");
    const all = box.querySelector(".pt-search__all");
    const items = box.querySelector(".pt-search__items");
    const links = () => [...list.querySelectorAll("a")];
    let latest = 0;

    async function run() {
      const ticket = ++latest;
      const term = input.value.trim();
      all.hidden = !term;
      all.href = `${box.dataset.ptSearchUrl}?q=${encodeURIComponent(term)}`;
      items.hidden = !term || !itemsBundles.length;  // the items are not in this box's bundle: a link to them
      const number = /^zg-?(\d{4})-?(\d{3})$/i.exec(term);  // an item's number goes straight to its page
      const id = number && `ZG-${number[1]}-${number[2]}`;
      items.href = id ? new URL(`${box.dataset.ptItemSection}${id}/`, root).href
        : `${box.dataset.ptSearchUrl}?${new URLSearchParams({ q: term, section: strings.items_section })}`;
      const arrow = el("span", null, "→");
      arrow.setAttribute("aria-hidden", "true");  // read out as the link's words only
      items.replaceChildren((id ? strings.item_number.replace("#", id) : strings.items.replace("#", () => term)), " ", arrow);  // a function: no $& patterns in a query
      if (!term) {
        list.replaceChildren();
        meta.textContent = strings.prompt;
        return;
      }
      try {
        if (!engine) meta.textContent = strings.loading;
        const found = await citizenSearch(await pagefind(), term);
        if (!found || ticket !== latest) return;
        const shown = (await ranked(found.results.slice(0, 8), term, found.part))
          .map((r, i) => [coverage(r, found.words) + (found.part && r.section === strings.guides_section ? 100 : 0), i, r])  // a part is a guide's
          .sort((a, b) => b[0] - a[0] || a[1] - b[1]).map((e) => e[2]);
        if (ticket !== latest) return;
        const dict = await vocabulary();
        // Pagefind leaves out a word no page holds: none shown holding every word is not a full match
        const whole = shown.some((r) => found.words.every(([word, first]) => r.text.includes(word) || r.text.includes(first)));
        meta.textContent = found.partial || (shown.length && !whole) ? strings.partial : count(found.results.length);
        list.dataset.query = term;
        list.dataset.partial = found.partial;
        list.replaceChildren(...shown.map((r) => {
          const li = el("li", "md-search-result__item");
          const a = el("a", "md-search-result__link");
          const article = el("article", "md-search-result__article md-typeset");
          a.href = r.url;
          article.append(el("div", "md-search-result__icon md-icon"), el("h1", null, r.title), tags(r, false), excerpt(r));
          a.append(article);
          li.append(a);
          return li;
        }));
        if (!shown.length && dict.hotline) {  // nothing fits at all: the hotline and the list of guides
          meta.textContent = strings.nothing.replace("#", () => dict.hotline);
          const li = el("li", "md-search-result__item pt-search__nothing");
          const call = el("a", "md-search-result__link", strings.call.replace("#", () => dict.hotline));
          call.href = `tel:${dict.hotline}`;
          const guides = el("a", "md-search-result__link", strings.guides);
          guides.href = new URL(dict.guides, root).href;
          li.append(call, guides);
          list.replaceChildren(li);
        }
      } catch (error) {
        meta.textContent = strings.failed;
        throw error;
      }
    }

    toggle.addEventListener("change", () => (toggle.checked ? input.focus() : input.blur()));
    input.addEventListener("focus", () => { toggle.checked = true; });
    input.addEventListener("input", (event) => { if (!event.isComposing) run(); });
    input.addEventListener("compositionend", run);  // Chinese input methods: search the characters, not the pinyin
    form.addEventListener("reset", () => setTimeout(run));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      location.href = (links()[0] ?? all).href;
    });
    list.addEventListener("click", () => { toggle.checked = false; });  // a link within this page
    document.addEventListener("keydown", (event) => {
      if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
      if (!toggle.checked) {
        if (event.key === "/" && !typing(event.target)) {
          event.preventDefault();
          toggle.checked = true;
          input.focus();
        }
        return;
      }
      const items = links();
      const at = items.indexOf(document.activeElement);
      if (event.key === "Escape") {
        event.preventDefault();
        toggle.checked = false;
        input.blur();
      } else if ((event.key === "ArrowDown" || event.key === "ArrowUp") && (at >= 0 || event.target === input)) {
        event.preventDefault();
        const next = at + (event.key === "ArrowDown" ? 1 : -1);
        (next < 0 ? input : items[Math.min(next, items.length - 1)] ?? input).focus();
      }
    });
  }

  function searchPage(page) {
    const form = page.querySelector("form");
    const input = form.elements.q;
    const groups = [...page.querySelectorAll("[data-pt-filter]")];
    const meta = page.querySelector(".pt-search-page__meta");
    const list = page.querySelector(".pt-search-page__list");
    const more = page.querySelector(".pt-search-page__more");
    const prompt = meta.textContent;
    const params = new URLSearchParams(location.search);
    let results = [];
    let shown = 0;
    let latest = 0;

    /* A group's checkboxes: the values the index holds, in the model's order where the page gives
       one (data-order), then the most frequent first. */
    function fill(group, values) {
      const key = group.dataset.ptFilter;
      const order = (group.dataset.order ?? "").split(" ");
      const rank = (v) => (order.includes(v) ? order.indexOf(v) : order.length);
      const names = Object.keys(values).sort((a, b) => rank(a) - rank(b) || values[b] - values[a] || a.localeCompare(b, "zh"));
      const written = new Map([...group.querySelectorAll("input")].map((box) => [box.value, box]));
      for (const box of written.values()) {  // the values the page was built with: counts only, so nothing moves
        box.checked = params.getAll(key).includes(box.value);
        box.parentElement.querySelector(".pt-search-page__count").textContent = String(values[box.value] ?? 0);
      }
      for (const name of names.filter((n) => !written.has(n))) {
        const label = el("label", "pt-search-page__option");
        const box = el("input");
        Object.assign(box, { type: "checkbox", name: key, value: name, checked: params.getAll(key).includes(name) });
        label.append(box, ` ${name} `, el("span", "pt-search-page__count", String(values[name])));
        group.append(label);
      }
    }

    function chosen() {
      const filters = {};
      for (const group of groups) {
        const values = [...group.querySelectorAll("input:checked")].map((box) => box.value);
        if (values.length) filters[group.dataset.ptFilter] = { any: values };
      }
      return filters;
    }

    async function showMore() {
      const ticket = latest;
      const next = await ranked(results.slice(shown, shown + 10), input.value.trim());
      if (ticket !== latest) return;
      shown += next.length;
      list.append(...next.map((r) => {
        const li = el("li", "pt-search-page__item");
        const heading = el("h2");
        const a = el("a", null, r.title);
        a.href = r.url;
        heading.append(a);
        li.append(heading, tags(r, true), excerpt(r, "pt-search-page__excerpt"));
        return li;
      }));
      more.hidden = shown >= results.length;
    }

    async function run() {
      const ticket = ++latest;
      const term = input.value.trim();
      const filters = chosen();
      const query = new URLSearchParams(term ? { q: term } : {});
      for (const [key, { any }] of Object.entries(filters)) any.forEach((v) => query.append(key, v));
      history.replaceState(null, "", query.toString() ? `?${query}` : location.pathname);  // a link to these results
      if (!term && !Object.keys(filters).length) {
        results = [];
        list.replaceChildren();
        meta.textContent = prompt;
        more.hidden = true;
        list.dataset.search = "";
        return;
      }
      const found = await search(await pagefindWithItems(), term || null, filters);
      if (!found || ticket !== latest) return;
      results = found.results;
      shown = 0;
      list.replaceChildren();
      meta.textContent = count(results.length);
      await showMore();
      list.dataset.search = query.toString();  // what the list shows results for
    }

    input.value = params.get("q") ?? "";
    meta.textContent = strings.loading;
    pagefindWithItems()
      .then(async (pf) => {
        const available = await pf.filters();
        for (const group of groups) fill(group, available[group.dataset.ptFilter] ?? {});
        await run();
      })
      .catch((error) => {
        meta.textContent = strings.failed;
        throw error;
      });
    input.addEventListener("input", (event) => { if (!event.isComposing) run(); });
    input.addEventListener("compositionend", run);
    form.addEventListener("submit", (event) => { event.preventDefault(); run(); });
    page.addEventListener("change", (event) => { if (event.target.type === "checkbox") run(); });
    more.addEventListener("click", showMore);
  }

  if (box) headerBox(box);
  const page = document.querySelector("[data-pt-search-page]");
  if (page) searchPage(page);
})();
