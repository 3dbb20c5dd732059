/* Review report of the un-align-toolkit: renders the embedded alignment and
   glossary, lets a reviewer correct them, and downloads the corrections in
   the toolkit's TSV interchange formats.
   Rules kept throughout: data reaches the page only through text nodes
   (textContent / createTextNode, never innerHTML), and nothing is fetched. */
(function () {
  'use strict';

  var DATA = JSON.parse(document.getElementById('review-data').textContent);
  var SRC = DATA.src, TGT = DATA.tgt, META = DATA.meta, GL = DATA.glossary;
  var BEADS = DATA.beads;
  var BANDS = META.bands || { high: 0.8, medium: 0.5 };
  // Confidence from which a glossary entry is a term (toolkit/glossary.py TERM_AT, sent by
  // review.py): entries of class "term" are highlighted unless "All terms"; vocabulary and
  // candidates (below the threshold) only with it.  No machine entry has a status: it is
  // "unreviewed" until a person accepts (preferred) or rejects (deprecated) it.
  var TERM_THRESHOLD = typeof META.term_threshold === 'number' ? META.term_threshold : 0.5;
  var STORE_KEY = 'un-align-toolkit/review/v1/' + DATA.signature;
  var ENTRIES = GL.entries || [];
  var ENTRY = {};
  ENTRIES.forEach(function (e) { ENTRY[e.id] = e; });

  // ------------------------------------------------------------------ helpers
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        var v = attrs[k];
        if (v === null || v === undefined || v === false) return;
        if (k === 'text') node.textContent = v;
        else if (k === 'className') node.className = v;
        else node.setAttribute(k, v === true ? '' : String(v));
      });
    }
    (children || []).forEach(function (c) {
      if (c === null || c === undefined) return;
      node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    });
    return node;
  }
  function fmt(x) { return (x === null || x === undefined) ? '–' : Number(x).toFixed(2); }
  function sameList(a, b) {
    if (a.length !== b.length) return false;
    for (var i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  function flatten(lists) { return [].concat.apply([], lists); }
  function unique(list) {
    var seen = {}, out = [];
    list.forEach(function (x) { if (!seen[x]) { seen[x] = true; out.push(x); } });
    return out;
  }

  // -------------------------------------------------------------------- state
  // A row is what the reviewer sees: segment indices on each side, the beads
  // it comes from, its parts (the rows it was merged from, so that a split
  // undoes a merge exactly) and the reviewer's verdict: '' (nobody looked at
  // it), 'ok' (a person confirmed the link) or 'wrong'.
  function beadRow(i) {
    var b = BEADS[i];
    return { s: b.s.slice(), t: b.t.slice(), b: [i],
             parts: [{ s: b.s.slice(), t: b.t.slice(), b: [i] }], status: '' };
  }
  function initialState() {
    return { rows: BEADS.map(function (_, i) { return beadRow(i); }), gloss: {} };
  }

  function isIndexList(x, max) {
    return Array.isArray(x) && x.every(function (i) { return Number.isInteger(i) && i >= 0 && i < max; });
  }
  function validState(st) {
    if (!st || !Array.isArray(st.rows) || typeof st.gloss !== 'object' || st.gloss === null) return false;
    var ns = SRC.segments.length, nt = TGT.segments.length, nb = BEADS.length;
    var okRows = st.rows.every(function (r) {
      return r && isIndexList(r.s, ns) && isIndexList(r.t, nt) && isIndexList(r.b, nb) &&
        (r.s.length + r.t.length) > 0 && (r.status === '' || r.status === 'ok' || r.status === 'wrong') &&
        Array.isArray(r.parts) && r.parts.length > 0 &&
        r.parts.every(function (p) { return p && isIndexList(p.s, ns) && isIndexList(p.t, nt) && isIndexList(p.b, nb); });
    });
    if (!okRows) return false;
    // Every segment must still appear exactly once, or the saved state belongs to another page.
    var src = flatten(st.rows.map(function (r) { return r.s; })).sort(function (a, b) { return a - b; });
    var tgt = flatten(st.rows.map(function (r) { return r.t; })).sort(function (a, b) { return a - b; });
    var allSrc = flatten(BEADS.map(function (b) { return b.s; })).sort(function (a, b) { return a - b; });
    var allTgt = flatten(BEADS.map(function (b) { return b.t; })).sort(function (a, b) { return a - b; });
    if (!sameList(src, allSrc) || !sameList(tgt, allTgt)) return false;
    return Object.keys(st.gloss).every(function (k) {
      return st.gloss[k] === 'accepted' || st.gloss[k] === 'rejected';
    });
  }

  var state = initialState();
  var storage = null;
  var storageNote = '';
  try {
    storage = window.localStorage;
    var saved = storage.getItem(STORE_KEY);
    if (saved) {
      var parsed = null;
      try { parsed = JSON.parse(saved); } catch (err) { parsed = null; }
      if (validState(parsed)) {
        state = parsed;
        // Decisions on entries this glossary no longer has (rebuilt since) are dropped.
        Object.keys(state.gloss).forEach(function (k) { if (!ENTRY[k]) delete state.gloss[k]; });
      }
      else storageNote = 'Saved edits for this report did not match its data and were ignored.';
    }
  } catch (err) {
    storage = null;
    storageNote = 'This browser does not allow saving edits for local files: download your corrections before closing.';
  }
  function save() {
    if (!storage) return;
    try {
      if (editCount() === 0) storage.removeItem(STORE_KEY);
      else storage.setItem(STORE_KEY, JSON.stringify(state));
    } catch (err) {
      setStatus('Could not save edits in this browser: download your corrections.');
    }
  }

  // ------------------------------------------------------------- derived info
  function band(conf, isNull) {
    if (isNull) return { cls: 'none', label: 'unaligned' };
    if (conf === null || conf === undefined) return { cls: 'none', label: 'no score' };
    if (conf >= BANDS.high) return { cls: 'high', label: 'high' };
    if (conf >= BANDS.medium) return { cls: 'medium', label: 'medium' };
    return { cls: 'low', label: 'low' };
  }
  function rowInfo(row) {
    var beads = row.b.map(function (i) { return BEADS[i]; });
    var original = row.b.length === 1 && sameList(row.s, beads[0].s) && sameList(row.t, beads[0].t);
    var conf, score;
    if (original) { conf = beads[0].conf; score = beads[0].score; }
    else {
      // A reviewer's row has no score of its own: take the weakest of the
      // links it was made from (a 1-0 merged into a neighbour adds none).
      var linked = beads.filter(function (b) { return b.s.length && b.t.length; });
      var confs = linked.map(function (b) { return b.conf; }).filter(function (x) { return x !== null; });
      var scores = linked.map(function (b) { return b.score; }).filter(function (x) { return x !== null; });
      conf = confs.length ? Math.min.apply(null, confs) : null;
      score = scores.length ? scores.reduce(function (a, b) { return a + b; }, 0) / scores.length : null;
    }
    var isNull = !row.s.length || !row.t.length;
    var edit = original ? '' : (row.parts.length > 1 ? 'merged' : 'split');
    return {
      conf: conf, score: score, isNull: isNull, edit: edit,
      flagged: beads.some(function (b) { return b.flag; }),
      kind: row.s.length + '-' + row.t.length,
      band: band(conf, isNull),
    };
  }
  function fold(s) {
    // For search: case, accents and typographic variants do not matter.
    return normKey(s).normalize('NFD').replace(/\p{M}/gu, '');
  }
  function glossStatus(e) {
    var d = state.gloss[e.id];
    if (d === 'accepted') return 'preferred';
    if (d === 'rejected') return 'deprecated';
    return e.status || 'unreviewed';
  }
  function entryClass(e) { return e['class'] || 'term'; }
  // The class the download gives: an entry you accept is a term ("Accept: export as
  // preferred"; the TBX holds only terms by default), else the machine's or an earlier review's.
  function glossClass(e) { return state.gloss[e.id] === 'accepted' ? 'term' : entryClass(e); }
  function reviewLabel(e) {
    var d = state.gloss[e.id];
    if (d) return glossStatus(e) + ' (' + d + ' by you)';
    if (e.manual) return glossStatus(e) + ' (reviewed)';
    return 'unreviewed machine suggestion';
  }
  function editCount() {
    var n = Object.keys(state.gloss).length;
    state.rows.forEach(function (r) { if (r.status || rowInfo(r).edit) n++; });
    return n;
  }

  // ------------------------------------------------------- term highlighting
  // One regex per side, alternatives longest first (JS alternation takes the
  // first that matches, so this gives longest match), case-insensitive, with
  // letter/digit boundaries, tolerant to typographic apostrophes and
  // non-breaking spaces.
  function normKey(s) {
    return String(s).replace(/[\u2019\u02bc\u2018`´]/g, "'").replace(/[\s\u00a0\u202f]+/g, ' ').trim().toLowerCase();
  }
  function termPattern(term) {
    return Array.from(normKey(term)).map(function (ch) {
      if (ch === "'") return "['\u2019\u02bc\u2018`\u00b4]";
      if (ch === ' ') return '[\\s\\u00a0\\u202f]+';
      // Only syntax characters may be escaped in a /u regex ('\\-' is an error there).
      return ch.replace(/[.*+?^${}()|[\]\\\/]/g, '\\$&');
    }).join('');
  }
  function aboveThreshold(e) {
    // a term (class "term": confidence TERM_THRESHOLD or more), or an entry a person kept
    var st = glossStatus(e);
    return st === 'preferred' || st === 'admitted' || entryClass(e) === 'term';
  }
  function termShown(e) {
    if (glossStatus(e) === 'deprecated') return false;
    return allTerms.checked || aboveThreshold(e);
  }
  function buildMatcher(side) {
    var byKey = {};
    ENTRIES.forEach(function (e) {
      if (!termShown(e)) return;
      var terms = side === 'src' ? [e.src].concat(e.src_var || [], e.src_forms || [])
                                 : [e.tgt].concat(e.tgt_var || [], e.tgt_forms || []);
      terms.forEach(function (t) {
        var k = normKey(t);
        if (!k) return;
        (byKey[k] = byKey[k] || []);
        if (byKey[k].indexOf(e.id) < 0) byKey[k].push(e.id);
      });
    });
    var keys = Object.keys(byKey).sort(function (a, b) { return b.length - a.length; });
    var patterns = keys.map(termPattern).filter(function (p) {
      try { new RegExp(p, 'u'); return true; } catch (err) { return false; }
    });
    if (!patterns.length) return null;
    var re = new RegExp('(^|[^\\p{L}\\p{N}_])(' + patterns.join('|') + ')(?![\\p{L}\\p{N}_])', 'giu');
    return { re: re, byKey: byKey };
  }
  var matchers = {};
  var rowsStale = false;
  var segCache = {};   // side + index -> highlighted nodes, cloned into each render
  function rebuildMatchers() { matchers = { src: buildMatcher('src'), tgt: buildMatcher('tgt') }; segCache = {}; }
  function segmentText(doc, side, index) {
    var key = side + index;
    if (!segCache[key]) segCache[key] = highlighted(doc.segments[index].text, side);
    return segCache[key].cloneNode(true);
  }

  function highlighted(text, side) {
    var frag = document.createDocumentFragment();
    var m = matchers[side];
    if (!m) { frag.appendChild(document.createTextNode(text)); return frag; }
    var re = m.re, last = 0, hit;
    re.lastIndex = 0;
    while ((hit = re.exec(text)) !== null) {
      var start = hit.index + hit[1].length, word = hit[2];
      var ids = m.byKey[normKey(word)];
      if (!ids) continue;
      if (start > last) frag.appendChild(document.createTextNode(text.slice(last, start)));
      frag.appendChild(el('span', { className: 'term', tabindex: '0', 'data-e': ids.join(' '),
                                    'data-side': side, 'aria-describedby': 'term-tip', text: word }));
      last = start + word.length;
      re.lastIndex = last;
    }
    if (last < text.length) frag.appendChild(document.createTextNode(text.slice(last)));
    return frag;
  }

  // ------------------------------------------------------------------ layout
  var app = document.getElementById('app');
  var tip = document.getElementById('term-tip');
  var statusBox = el('span', { className: 'edits', role: 'status', 'aria-live': 'polite' });
  function setStatus(msg) { statusBox.textContent = msg; }

  var tabAlign = el('button', { role: 'tab', id: 'tab-align', 'aria-controls': 'panel-align', 'aria-selected': 'true', type: 'button', text: 'Alignment' });
  var tabGloss = el('button', { role: 'tab', id: 'tab-gloss', 'aria-controls': 'panel-gloss', 'aria-selected': 'false', tabindex: '-1', type: 'button', text: 'Glossary (' + ENTRIES.length + ')' });
  var flaggedOnly = el('input', { type: 'checkbox', id: 'flagged-only' });
  var flaggedFirst = el('input', { type: 'checkbox', id: 'flagged-first', checked: true });
  var showTerms = el('input', { type: 'checkbox', id: 'show-terms', checked: true });
  var allTerms = el('input', { type: 'checkbox', id: 'all-terms' });
  var below = ENTRIES.filter(function (e) { return glossStatus(e) !== 'deprecated' && !aboveThreshold(e); }).length;
  var flaggedLabel = el('label', { 'for': 'flagged-only' }, [flaggedOnly, ' Flagged only']);
  var firstLabel = el('label', { 'for': 'flagged-first', title: 'Unchecked: all links in document order' },
                      [flaggedFirst, ' Flagged first']);
  var termsLabel = el('label', { 'for': 'show-terms' }, [showTerms, ' Highlight terms']);
  var allLabel = el('label', { 'for': 'all-terms',
                               title: 'Only the terms (class term: confidence ' + fmt(TERM_THRESHOLD) + ' or more, exported to TBX) ' +
                                      'and entries you kept are highlighted; check to highlight the ' + below +
                                      ' vocabulary entries and candidates too' },
                    [allTerms, ' All terms (also vocabulary and candidates)']);
  var searchLinks = el('input', { type: 'search', id: 'search-links', placeholder: 'text or segment id',
                                  autocomplete: 'off', spellcheck: 'false' });
  var searchGloss = el('input', { type: 'search', id: 'search-gloss', placeholder: 'term in either language',
                                  autocomplete: 'off', spellcheck: 'false' });
  var linksCount = el('span', { className: 'count', id: 'search-links-count', 'aria-live': 'polite' });
  var glossCount = el('span', { className: 'count', id: 'search-gloss-count', 'aria-live': 'polite' });
  var linksSearchLabel = el('span', { className: 'search' }, [
    el('label', { 'for': 'search-links', text: 'Find in links' }), ' ', searchLinks, ' ', linksCount]);
  var glossSearchLabel = el('span', { className: 'search', hidden: true }, [
    el('label', { 'for': 'search-gloss', text: 'Search glossary' }), ' ', searchGloss, ' ', glossCount]);
  var dlAlign = el('button', { type: 'button', id: 'download-alignment', className: 'primary', text: 'Download alignment TSV' });
  var dlGloss = el('button', { type: 'button', id: 'download-glossary', className: 'primary', text: 'Download glossary TSV' });
  var discard = el('button', { type: 'button', id: 'discard-edits', text: 'Discard edits' });
  function kbd(k) { return el('kbd', { text: k }); }
  var hint = el('span', { className: 'hint', id: 'key-hint' }, [
    'Keys: ', kbd('j'), '/', kbd('n'), ' next flagged · ', kbd('k'), '/', kbd('p'), ' previous flagged · ',
    kbd('c'), ' confirm row · ', kbd('w'), ' mark row wrong · ', kbd('/'), ' search · ', kbd('Esc'),
    ' close tip. Click or focus a highlighted term for its translation.'
  ]);
  var toolbar = el('div', { className: 'toolbar', role: 'toolbar', 'aria-label': 'Review tools' }, [
    el('div', { className: 'tabs', role: 'tablist', 'aria-label': 'Views' }, [tabAlign, tabGloss]),
    firstLabel, flaggedLabel, termsLabel, allLabel, linksSearchLabel, glossSearchLabel,
    dlAlign, dlGloss, discard, statusBox, hint,
  ]);
  app.appendChild(toolbar);
  if (storageNote) app.appendChild(el('p', { className: 'notice', text: storageNote }));

  var panelAlign = el('section', { id: 'panel-align', role: 'tabpanel', 'aria-labelledby': 'tab-align' });
  var panelGloss = el('section', { id: 'panel-gloss', role: 'tabpanel', 'aria-labelledby': 'tab-gloss', hidden: true });
  app.appendChild(panelAlign);
  app.appendChild(panelGloss);

  var srcHead = 'Source (' + SRC.lang + ')', tgtHead = 'Target (' + TGT.lang + ')';
  var alignTable = el('table', { className: 'align', id: 'rows', 'aria-label': 'Aligned segments, one row per link' }, [
    el('colgroup', null, [el('col', { className: 'c-meta' }), el('col', { className: 'c-src' }),
                          el('col', { className: 'c-tgt' }), el('col', { className: 'c-act' })]),
    el('thead', null, [el('tr', null, [el('th', { scope: 'col', text: 'Link' }), el('th', { scope: 'col', text: srcHead }),
                                        el('th', { scope: 'col', text: tgtHead }), el('th', { scope: 'col', text: 'Correct' })])]),
  ]);
  // Two row groups: flagged links first (when "Flagged first" is on), then the
  // others; each in document order.  Row ids and numbers are document positions.
  var groupFlaggedHead = el('th', { colspan: '4', scope: 'rowgroup', id: 'group-flagged-head' });
  var groupRestHead = el('th', { colspan: '4', scope: 'rowgroup', id: 'group-rest-head' });
  var tbodyFlagged = el('tbody', { className: 'group-flagged' }, [el('tr', { className: 'group' }, [groupFlaggedHead])]);
  var tbody = el('tbody', { className: 'group-rest' }, [el('tr', { className: 'group' }, [groupRestHead])]);
  alignTable.appendChild(tbodyFlagged);
  alignTable.appendChild(tbody);
  panelAlign.appendChild(alignTable);
  function allRowEls() { return Array.prototype.slice.call(alignTable.querySelectorAll('tr.row')); }
  function rowEl(k) { return document.getElementById('row-' + k); }
  function groupFor(flagged) { return flaggedFirst.checked && flagged ? tbodyFlagged : tbody; }
  function placeRow(tr) {
    // Into its group, before the first row that comes later in the document.
    var group = groupFor(tr.classList.contains('flagged'));
    var k = Number(tr.getAttribute('data-row'));
    var next = Array.prototype.filter.call(group.rows, function (r) {
      return r.classList.contains('row') && r !== tr && Number(r.getAttribute('data-row')) > k;
    })[0];
    group.insertBefore(tr, next || null);
  }
  function updateGroups() {
    // Counts of the rows shown (filters apply); a group with none shown has no heading.
    var shown = 'tr.row:not(.hidden):not(.nomatch)';
    var nFlagged = tbodyFlagged.querySelectorAll(shown).length, nRest = tbody.querySelectorAll(shown).length;
    tbodyFlagged.hidden = !nFlagged;
    groupFlaggedHead.textContent = '⚑ Flagged links to check first (' + nFlagged + ')';
    groupRestHead.textContent = 'Other links (' + nRest + '), in document order';
    groupRestHead.parentNode.hidden = !nFlagged || !nRest;
  }

  // ------------------------------------------------------------- row render
  function segmentBlock(doc, side, index, rowIdx) {
    var seg = doc.segments[index];
    var textSpan = el('span', { className: 'text', dir: 'auto' });
    textSpan.appendChild(segmentText(doc, side, index));
    var block = el('div', { className: 'seg', 'data-seg': seg.id }, [el('span', { className: 'segid', text: seg.id }), textSpan]);
    (seg.fn || []).forEach(function (n) {
      var body = doc.footnotes[String(n)];
      var id = 'fn-' + side + '-' + index + '-' + n;   // a segment is in exactly one row
      var btn = el('button', { type: 'button', className: 'fnref', 'aria-expanded': 'false', 'aria-controls': id,
                               'data-act': 'fn', title: 'Show footnote ' + n, text: 'fn ' + n });
      block.appendChild(btn);
      block.appendChild(el('div', { className: 'fnbody', id: id, dir: 'auto', hidden: true,
                                    text: n + '. ' + (body === undefined ? '(footnote text not found)' : body) }));
    });
    return block;
  }
  function sideCell(doc, side, indices, rowIdx, label) {
    var td = el('td', { className: side, lang: doc.lang, 'data-label': label });
    if (!indices.length) {
      td.appendChild(el('span', { className: 'null', text: '— no ' + doc.lang + ' counterpart (unaligned) —' }));
    } else {
      indices.forEach(function (i) { td.appendChild(segmentBlock(doc, side, i, rowIdx)); });
    }
    return td;
  }
  function rowLabel(row, k, info) {
    info = info || rowInfo(row);
    return 'Link ' + (k + 1) + ', ' + info.kind + ', ' +
      (info.isNull ? 'unaligned' : 'confidence ' + fmt(info.conf) + ' ' + info.band.label) +
      (info.flagged ? ', flagged' : '') +
      (row.status === 'wrong' ? ', marked wrong' : row.status === 'ok' ? ', confirmed' : ', not reviewed');
  }
  function renderRow(row, k) {
    var info = rowInfo(row);
    var cls = 'row band-' + info.band.cls + (info.flagged ? ' flagged' : '') + (row.status === 'wrong' ? ' wrong' : '') +
              (row.status === 'ok' ? ' confirmed' : '') + (info.isNull ? ' unaligned' : '');
    var meta = el('td', { className: 'meta', 'data-label': 'Link' }, [
      el('span', { className: 'num', text: '#' + (k + 1) }),
      el('span', { className: 'kind', text: info.kind }), el('br'),
      el('span', { className: 'badge conf band-' + info.band.cls,
                   title: 'confidence ' + fmt(info.conf) + ', score ' + fmt(info.score),
                   text: info.isNull ? 'unaligned' : fmt(info.conf) + ' ' + info.band.label }),
      info.flagged ? el('span', { className: 'badge flag', text: '⚑ flagged' }) : null,
      row.status === 'wrong' ? el('span', { className: 'badge wrong', text: '✗ marked wrong' }) : null,
      row.status === 'ok' ? el('span', { className: 'badge confirmed', text: '✓ confirmed' }) : null,
      info.edit ? el('span', { className: 'badge edited', text: info.edit }) : null,
    ]);
    var canSplit = row.parts.length > 1 || row.s.length > 1 || row.t.length > 1;
    var actions = el('td', { className: 'actions', 'data-label': 'Correct' }, [el('div', { className: 'acts' }, [
      el('button', { type: 'button', 'data-act': 'ok', 'aria-pressed': row.status === 'ok' ? 'true' : 'false',
                     title: 'Confirm this link: it gets full confidence (key c)', text: row.status === 'ok' ? 'Confirmed ✓' : 'Confirm' }),
      el('button', { type: 'button', 'data-act': 'wrong', 'aria-pressed': row.status === 'wrong' ? 'true' : 'false',
                     title: 'Mark this link as wrong (key w)', text: row.status === 'wrong' ? 'Wrong ✗' : 'Mark wrong' }),
      el('button', { type: 'button', 'data-act': 'merge', disabled: k === state.rows.length - 1,
                     title: 'Merge this row with the next one of the document', text: 'Merge ↓' }),
      el('button', { type: 'button', 'data-act': 'split', disabled: !canSplit,
                     title: row.parts.length > 1 ? 'Undo the last merge of this row' : 'Split this row in two', text: 'Split' }),
    ])]);
    var tr = el('tr', { className: cls, id: 'row-' + k, 'data-row': k, tabindex: '-1', 'aria-label': rowLabel(row, k, info) }, [
      meta, sideCell(SRC, 'src', row.s, k, srcHead), sideCell(TGT, 'tgt', row.t, k, tgtHead), actions,
    ]);
    if (flaggedOnly.checked && !info.flagged) tr.classList.add('hidden');
    if (!rowMatches(row)) tr.classList.add('nomatch');
    return tr;
  }
  function clearRows() { allRowEls().forEach(function (tr) { tr.remove(); }); }
  function renderRows(focusRow) {
    hideTip();
    var flagged = document.createDocumentFragment(), rest = document.createDocumentFragment();
    state.rows.forEach(function (row, k) {
      var tr = renderRow(row, k);
      (groupFor(tr.classList.contains('flagged')) === tbodyFlagged ? flagged : rest).appendChild(tr);
    });
    clearRows();
    tbodyFlagged.appendChild(flagged);
    tbody.appendChild(rest);
    updateGroups();
    updateStatus();
    updateSearchCount();
    if (focusRow !== undefined && focusRow !== null) {
      var tr = rowEl(Math.min(focusRow, state.rows.length - 1));
      if (tr) tr.focus();
    }
  }
  // Edits re-render only the rows they touch (a full render of a long
  // resolution takes a second), then renumber the rows below.
  function replaceRows(k, removeCount, addCount) {
    hideTip();
    for (var i = 0; i < removeCount; i++) rowEl(k + i).remove();
    var delta = addCount - removeCount;
    allRowEls().forEach(function (tr) {
      var r = Number(tr.getAttribute('data-row'));
      if (r < k + removeCount) return;
      r += delta;
      tr.id = 'row-' + r;
      tr.setAttribute('data-row', r);
      tr.querySelector('.num').textContent = '#' + (r + 1);
      tr.setAttribute('aria-label', rowLabel(state.rows[r], r));
      tr.querySelector('button[data-act="merge"]').disabled = r === state.rows.length - 1;
    });
    for (var j = 0; j < addCount; j++) placeRow(renderRow(state.rows[k + j], k + j));
    updateGroups();
    updateStatus();
    updateSearchCount();
    rowEl(Math.min(k, state.rows.length - 1)).focus();
  }
  function reorderRows() {
    // "Flagged first" toggled: move the rows (in document order) to their groups.
    var focused = currentRow();
    allRowEls().sort(function (a, b) { return a.getAttribute('data-row') - b.getAttribute('data-row'); })
      .forEach(function (tr) { groupFor(tr.classList.contains('flagged')).appendChild(tr); });
    updateGroups();
    if (focused >= 0) rowEl(focused).focus();
  }
  // ------------------------------------------------------------ link search
  var segFold = {};   // side + index -> folded id and text, for the search
  function foldedSeg(doc, side, i) {
    var key = side + i;
    if (segFold[key] === undefined) segFold[key] = fold(doc.segments[i].id + ' ' + doc.segments[i].text);
    return segFold[key];
  }
  function linkQuery() { return fold(searchLinks.value); }
  function rowMatches(row, q) {
    q = q === undefined ? linkQuery() : q;
    if (!q) return true;
    return row.s.some(function (i) { return foldedSeg(SRC, 'src', i).indexOf(q) >= 0; }) ||
           row.t.some(function (i) { return foldedSeg(TGT, 'tgt', i).indexOf(q) >= 0; });
  }
  function updateSearchCount() {
    if (!linkQuery()) { linksCount.textContent = ''; return; }
    var shown = alignTable.querySelectorAll('tr.row:not(.nomatch):not(.hidden)').length;
    linksCount.textContent = shown + ' of ' + state.rows.length + ' links';
  }
  function applyFilter() {
    var only = flaggedOnly.checked, q = linkQuery();
    allRowEls().forEach(function (tr) {
      tr.classList.toggle('hidden', only && !tr.classList.contains('flagged'));
      tr.classList.toggle('nomatch', !rowMatches(state.rows[Number(tr.getAttribute('data-row'))], q));
    });
    updateGroups();
    updateSearchCount();
    hideTip();
  }
  function updateStatus() {
    var n = editCount();
    setStatus(n ? n + (n > 1 ? ' rows/entries' : ' row/entry') + ' changed' +
                  (storage ? ' (saved in this browser)' : ' (not saved: download them)') : 'No edits yet');
  }

  // ---------------------------------------------------------------- edits
  function toggleStatus(k, status) {
    var row = state.rows[k];
    row.status = row.status === status ? '' : status;
    save(); replaceRows(k, 1, 1);
  }
  function toggleWrong(k) { toggleStatus(k, 'wrong'); }
  // A confirmation is of one link: a merge or a split makes new links that
  // nobody confirmed yet (a "wrong" verdict carries over, as it always has).
  function carried(status) { return status === 'wrong' ? 'wrong' : ''; }
  function merge(k) {
    if (k >= state.rows.length - 1) return;
    var a = state.rows[k], b = state.rows[k + 1];
    var parts = a.parts.concat(b.parts);
    state.rows.splice(k, 2, {
      s: a.s.concat(b.s), t: a.t.concat(b.t), b: unique(a.b.concat(b.b)), parts: parts,
      status: a.status === 'wrong' && b.status === 'wrong' ? 'wrong' : '',
    });
    save(); replaceRows(k, 2, 1);
  }
  function partsRow(parts, status) {
    return {
      s: flatten(parts.map(function (p) { return p.s; })), t: flatten(parts.map(function (p) { return p.t; })),
      b: unique(flatten(parts.map(function (p) { return p.b; }))), parts: parts, status: status,
    };
  }
  function split(k) {
    var row = state.rows[k], first, second;
    if (row.parts.length > 1) {
      // Undo the last merge.
      first = partsRow(row.parts.slice(0, -1), carried(row.status));
      second = partsRow(row.parts.slice(-1), '');
    } else if (row.s.length > 1 || row.t.length > 1) {
      // Cut an m-n link in the middle of each side (a 2-1 becomes 1-1 + 1-0).
      var ks = row.s.length > 1 ? Math.ceil(row.s.length / 2) : row.s.length;
      var kt = row.t.length > 1 ? Math.ceil(row.t.length / 2) : row.t.length;
      var p1 = { s: row.s.slice(0, ks), t: row.t.slice(0, kt), b: row.b.slice() };
      var p2 = { s: row.s.slice(ks), t: row.t.slice(kt), b: row.b.slice() };
      first = partsRow([p1], carried(row.status));
      second = partsRow([p2], '');
    } else {
      return;
    }
    state.rows.splice(k, 1, first, second);
    save(); replaceRows(k, 1, 2);
  }
  function setGloss(id, decision) {
    if (!ENTRY[id]) return;
    var wasShown = termShown(ENTRY[id]);
    if (!decision || state.gloss[id] === decision) delete state.gloss[id];
    else state.gloss[id] = decision;
    save();
    if (wasShown !== termShown(ENTRY[id])) {
      // The highlighted terms change: redo the rows when the alignment is shown again.
      rebuildMatchers();
      rowsStale = true;
      if (!panelAlign.hidden) { renderRows(); rowsStale = false; }
    }
    updateStatus();
    renderGlossary();
    var btn = panelGloss.querySelector('tr[data-id="' + id + '"] button[data-gact="' + decision + '"]');
    if (btn && !panelGloss.hidden) btn.focus();
  }

  // ------------------------------------------------------------- tooltip
  var tipFor = null, tipPinned = false;
  function clearCounterparts() {
    Array.prototype.forEach.call(document.querySelectorAll('.term.counterpart, .term.active'), function (n) {
      n.classList.remove('counterpart'); n.classList.remove('active');
    });
  }
  function hideTip() {
    tip.hidden = true; tipFor = null; tipPinned = false; clearCounterparts();
  }
  function showTip(span) {
    clearCounterparts();
    tipFor = span;
    span.classList.add('active');
    var ids = span.getAttribute('data-e').split(' ');
    var side = span.getAttribute('data-side');
    var other = side === 'src' ? 'tgt' : 'src';
    var tr = span.closest('tr.row');
    var found = false;
    if (tr) {
      Array.prototype.forEach.call(tr.querySelectorAll('td.' + other + ' .term'), function (t) {
        var theirs = t.getAttribute('data-e').split(' ');
        if (theirs.some(function (x) { return ids.indexOf(x) >= 0; })) { t.classList.add('counterpart'); found = true; }
      });
    }
    tip.textContent = '';
    ids.forEach(function (id) {
      var e = ENTRY[id];
      if (!e) return;
      var mine = side === 'src' ? e.src : e.tgt, theirs = side === 'src' ? e.tgt : e.src;
      var theirLang = side === 'src' ? GL.tgt_lang : GL.src_lang;
      tip.appendChild(el('div', { className: 'tip-line' }, [
        el('span', { dir: 'auto', text: mine }), ' → ', el('strong', { lang: theirLang, dir: 'auto', text: theirs }),
      ]));
      tip.appendChild(el('div', { className: 'tip-line tip-muted',
        text: glossClass(e) + ' · confidence ' + fmt(e.conf) + ' · ' + reviewLabel(e) }));
    });
    if (tr) {
      tip.appendChild(el('div', { className: 'tip-line tip-muted',
        text: found ? 'Counterpart found in the other column.' : 'Counterpart not found in this row: check the link.' }));
    }
    tip.hidden = false;
    var r = span.getBoundingClientRect();
    var left = r.left + window.scrollX, top = r.bottom + window.scrollY + 6;
    tip.style.left = '0px'; tip.style.top = top + 'px';
    var w = tip.offsetWidth;
    left = Math.max(window.scrollX + 4, Math.min(left, window.scrollX + document.documentElement.clientWidth - w - 8));
    tip.style.left = left + 'px';
  }

  // --------------------------------------------------------------- events
  alignTable.addEventListener('click', function (ev) {
    var term = showTerms.checked && ev.target.closest('.term');
    if (term) {
      if (tipFor === term && tipPinned) { hideTip(); return; }
      showTip(term); tipPinned = true; return;
    }
    var btn = ev.target.closest('button');
    if (!btn) return;
    var act = btn.getAttribute('data-act');
    if (act === 'fn') {
      var body = document.getElementById(btn.getAttribute('aria-controls'));
      var open = btn.getAttribute('aria-expanded') === 'true';
      btn.setAttribute('aria-expanded', open ? 'false' : 'true');
      body.hidden = open;
      return;
    }
    var k = Number(btn.closest('tr.row').getAttribute('data-row'));
    if (act === 'ok') toggleStatus(k, 'ok');
    else if (act === 'wrong') toggleWrong(k);
    else if (act === 'merge') merge(k);
    else if (act === 'split') split(k);
  });
  function termEvent(ev, show) {
    var term = showTerms.checked && ev.target.closest && ev.target.closest('.term');
    if (!term) return;
    if (show) { if (!tipPinned || tipFor !== term) { tipPinned = false; showTip(term); } }
    else if (!tipPinned && tipFor === term) hideTip();
  }
  app.addEventListener('mouseover', function (ev) { termEvent(ev, true); });
  app.addEventListener('mouseout', function (ev) { termEvent(ev, false); });
  app.addEventListener('focusin', function (ev) { termEvent(ev, true); });
  app.addEventListener('focusout', function (ev) {
    var term = ev.target.closest && ev.target.closest('.term');
    if (term && tipFor === term) hideTip();
  });
  flaggedOnly.addEventListener('change', applyFilter);
  flaggedFirst.addEventListener('change', reorderRows);
  showTerms.addEventListener('change', function () {
    panelAlign.classList.toggle('hide-terms', !showTerms.checked);
    allTerms.disabled = !showTerms.checked;
    hideTip();
  });
  allTerms.addEventListener('change', function () {
    var focused = currentRow();
    rebuildMatchers(); renderRows(focused >= 0 ? focused : null);
  });
  searchLinks.addEventListener('input', applyFilter);
  searchGloss.addEventListener('input', filterGlossary);
  [searchLinks, searchGloss].forEach(function (box) {
    box.addEventListener('keydown', function (ev) {
      // Esc empties the box (and Enter jumps to the first hit).
      if (ev.key === 'Escape' && box.value) {
        box.value = ''; box.dispatchEvent(new Event('input')); ev.preventDefault(); ev.stopPropagation();
      } else if (ev.key === 'Enter') {
        var first = box === searchLinks ? alignTable.querySelector('tr.row:not(.nomatch):not(.hidden)')
                                        : panelGloss.querySelector('#glossary tbody tr:not([hidden]) button');
        if (first) { first.focus(); if (first.scrollIntoView) first.scrollIntoView({ block: 'center' }); }
        ev.preventDefault();
      }
    });
  });
  window.addEventListener('resize', function () { hideTip(); });

  function selectTab(which) {
    var gl = which === 'gloss';
    tabAlign.setAttribute('aria-selected', gl ? 'false' : 'true');
    tabGloss.setAttribute('aria-selected', gl ? 'true' : 'false');
    tabAlign.tabIndex = gl ? -1 : 0; tabGloss.tabIndex = gl ? 0 : -1;
    panelAlign.hidden = gl; panelGloss.hidden = !gl;
    flaggedLabel.hidden = gl; termsLabel.hidden = gl; firstLabel.hidden = gl; allLabel.hidden = gl;
    linksSearchLabel.hidden = gl; glossSearchLabel.hidden = !gl;
    hideTip();
    if (!gl && rowsStale) { rowsStale = false; renderRows(); }
  }
  tabAlign.addEventListener('click', function () { selectTab('align'); });
  tabGloss.addEventListener('click', function () { selectTab('gloss'); });
  [tabAlign, tabGloss].forEach(function (t) {
    t.addEventListener('keydown', function (ev) {
      if (ev.key === 'ArrowRight' || ev.key === 'ArrowLeft') {
        var next = t === tabAlign ? tabGloss : tabAlign;
        selectTab(next === tabGloss ? 'gloss' : 'align'); next.focus(); ev.preventDefault();
      }
    });
  });

  function currentRow() {
    var a = document.activeElement;
    var tr = a && a.closest ? a.closest('tr.row') : null;
    return tr ? Number(tr.getAttribute('data-row')) : -1;
  }
  function gotoFlagged(step) {
    // In the order shown (flagged first or document order).
    var all = allRowEls();
    var rows = all.filter(function (tr) {
      return tr.classList.contains('flagged') && !tr.classList.contains('hidden') && !tr.classList.contains('nomatch');
    });
    if (!rows.length) { setStatus('No flagged rows.'); return; }
    var k = currentRow(), cur = k >= 0 ? all.indexOf(rowEl(k)) : -1, target = null;
    if (step > 0) target = rows.filter(function (tr) { return all.indexOf(tr) > cur; })[0];
    else target = rows.filter(function (tr) { return cur >= 0 && all.indexOf(tr) < cur; }).pop();
    if (!target) { setStatus(step > 0 ? 'Last flagged row reached.' : 'First flagged row reached.'); return; }
    target.focus();
    target.scrollIntoView({ block: 'center' });
  }
  document.addEventListener('keydown', function (ev) {
    if (ev.key === 'Escape') { hideTip(); return; }
    if (ev.key === '/' && !ev.ctrlKey && !ev.metaKey && !ev.altKey && !isTextField(ev.target)) {
      (panelAlign.hidden ? searchGloss : searchLinks).focus();
      ev.preventDefault();
      return;
    }
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (isTextField(ev.target)) return;
    if (panelAlign.hidden) return;
    var key = ev.key;
    if (key === 'j' || key === 'n') { gotoFlagged(1); ev.preventDefault(); }
    else if (key === 'k' || key === 'p') { gotoFlagged(-1); ev.preventDefault(); }
    else if (key === 'w' || key === 'c') {
      var k = currentRow();
      if (k >= 0) { toggleStatus(k, key === 'w' ? 'wrong' : 'ok'); ev.preventDefault(); }
    }
  });
  function isTextField(t) {
    // Letters typed into a text field are not commands (a checkbox is not a text field).
    return !!t && (t.isContentEditable || /^(TEXTAREA|SELECT)$/.test(t.tagName) ||
                   (t.tagName === 'INPUT' && !/^(checkbox|radio|button|submit|reset)$/i.test(t.type)));
  }

  // ------------------------------------------------------------- glossary tab
  var COLS = [
    { key: 'src', label: GL.src_lang + ' term', type: 'text' },
    { key: 'tgt', label: GL.tgt_lang + ' term', type: 'text' },
    { key: 'pos', label: 'POS', type: 'text' },
    { key: 'freq_src', label: 'freq ' + GL.src_lang, type: 'num' },
    { key: 'freq_tgt', label: 'freq ' + GL.tgt_lang, type: 'num' },
    { key: 'conf', label: 'confidence', type: 'num' },
    { key: 'status', label: 'status', type: 'text' },
    { key: 'class', label: 'class', type: 'text' },
    { key: 'ctx_src', label: 'context ' + GL.src_lang, type: 'ctx' },
    { key: 'ctx_tgt', label: 'context ' + GL.tgt_lang, type: 'ctx' },
  ];
  var sortKey = null, sortDir = 1;
  function sortValue(e, col) {
    if (col.key === 'status') return reviewLabel(e);
    if (col.key === 'class') return glossClass(e);
    if (col.type === 'ctx') return e[col.key] ? e[col.key][0] + ' ' + e[col.key][1] : '';
    return e[col.key];
  }
  function compareEntries(a, b) {
    var col = COLS.filter(function (c) { return c.key === sortKey; })[0];
    var x = sortValue(a, col), y = sortValue(b, col);
    if (col.type === 'num') {
      x = (x === null || x === undefined) ? -Infinity : x; y = (y === null || y === undefined) ? -Infinity : y;
      return (x - y) * sortDir;
    }
    return String(x).localeCompare(String(y), undefined, { sensitivity: 'base', numeric: true }) * sortDir;
  }
  function segRow(side, segId) {
    var rows = alignTable.querySelectorAll('td.' + side + ' .seg');
    for (var i = 0; i < rows.length; i++) if (rows[i].getAttribute('data-seg') === segId) return rows[i].closest('tr.row');
    return null;
  }
  function contextCell(ctx, side, lang) {
    var td = el('td', { className: 'ctx', lang: lang, dir: 'auto' });
    if (!ctx) return td;
    td.appendChild(el('button', { type: 'button', className: 'fnref', 'data-goto': side + ' ' + ctx[0],
                                  title: 'Show the row of ' + ctx[0], text: ctx[0] }));
    td.appendChild(document.createTextNode(' '));
    td.appendChild(el('span', { dir: 'auto', text: ctx[1] }));   // its own direction: the id button is Latin
    return td;
  }
  function renderGlossary() {
    var list = ENTRIES.slice();
    if (sortKey) list.sort(compareEntries);
    var head = el('tr', null, COLS.map(function (c) {
      return el('th', { scope: 'col', 'aria-sort': sortKey === c.key ? (sortDir > 0 ? 'ascending' : 'descending') : 'none' },
                [el('button', { type: 'button', 'data-sort': c.key, text: c.label })]);
    }).concat([el('th', { scope: 'col', text: 'review' })]));
    var body = el('tbody');
    list.forEach(function (e) {
      var decision = state.gloss[e.id] || '';
      var st = glossStatus(e);
      var tr = el('tr', { 'data-id': e.id, className: 'st-' + st + (decision ? ' st-' + decision : '') +
                                                       ' cl-' + glossClass(e) }, [
        el('td', { className: 'term-cell', lang: GL.src_lang, dir: 'auto',
                   text: e.src + ((e.src_other || []).length ? ' · ' + e.src_other.join('; ') : '') }),
        el('td', { className: 'term-cell', lang: GL.tgt_lang, dir: 'auto',
                   text: e.tgt + ((e.tgt_other || []).length ? ' · ' + e.tgt_other.join('; ') : '') }),
        el('td', { text: e.pos || '' }),
        el('td', { text: String(e.freq_src) }),
        el('td', { text: String(e.freq_tgt) }),
        el('td', { text: fmt(e.conf) }),
        el('td', { className: 'st', text: reviewLabel(e) }),
        el('td', { className: 'cls', text: glossClass(e) }),
        contextCell(e.ctx_src, 'src', GL.src_lang),
        contextCell(e.ctx_tgt, 'tgt', GL.tgt_lang),
        el('td', { className: 'gacts' }, [
          el('button', { type: 'button', 'data-gact': 'accepted', 'aria-pressed': decision === 'accepted' ? 'true' : 'false',
                         title: 'Accept: export as preferred', text: 'Accept' }),
          ' ',
          el('button', { type: 'button', 'data-gact': 'rejected', 'aria-pressed': decision === 'rejected' ? 'true' : 'false',
                         title: 'Reject: export as deprecated', text: 'Reject' }),
        ]),
      ]);
      // Labels for the stacked layout of narrow windows.
      Array.prototype.forEach.call(tr.cells, function (td, i) {
        td.setAttribute('data-label', i < COLS.length ? COLS[i].label : 'review');
      });
      body.appendChild(tr);
    });
    panelGloss.textContent = '';
    if (!ENTRIES.length) { panelGloss.appendChild(el('p', { className: 'notice', text: 'No glossary entries.' })); return; }
    panelGloss.appendChild(el('div', { className: 'gloss-wrap' }, [
      el('table', { className: 'gloss', id: 'glossary' }, [el('thead', null, [head]), body]),
    ]));
    filterGlossary();
  }
  var entryFold = {};   // id -> folded terms and variants, for the search
  function filterGlossary() {
    var q = fold(searchGloss.value), shown = 0;
    Array.prototype.forEach.call(panelGloss.querySelectorAll('#glossary tbody tr'), function (tr) {
      var id = tr.getAttribute('data-id'), e = ENTRY[id];
      if (entryFold[id] === undefined) {
        entryFold[id] = fold([e.src, e.tgt].concat(e.src_var || [], e.tgt_var || []).join('\n'));
      }
      tr.hidden = !!q && entryFold[id].indexOf(q) < 0;
      if (!tr.hidden) shown++;
    });
    glossCount.textContent = q ? shown + ' of ' + ENTRIES.length + ' entries' : '';
  }
  panelGloss.addEventListener('click', function (ev) {
    var btn = ev.target.closest('button');
    if (!btn) return;
    var key = btn.getAttribute('data-sort');
    if (key) {
      if (sortKey === key) sortDir = -sortDir; else { sortKey = key; sortDir = 1; }
      renderGlossary();
      var again = panelGloss.querySelector('button[data-sort="' + key + '"]');
      if (again) again.focus();
      return;
    }
    var g = btn.getAttribute('data-gact');
    if (g) { setGloss(btn.closest('tr').getAttribute('data-id'), g); return; }
    var go = btn.getAttribute('data-goto');
    if (go) {
      var parts = go.split(' ');
      var tr = segRow(parts[0], parts.slice(1).join(' '));
      if (tr) {
        selectTab('align');
        if (flaggedOnly.checked && tr.classList.contains('hidden')) { flaggedOnly.checked = false; applyFilter(); }
        if (tr.classList.contains('nomatch')) { searchLinks.value = ''; applyFilter(); }
        tr.focus(); tr.scrollIntoView({ block: 'center' });
      }
    }
  });

  // ----------------------------------------------------------- TSV downloads
  // Same conventions as toolkit/export/tabular.py, so the toolkit reads the
  // files back exactly: cells never contain tabs or line breaks; a cell with a
  // double quote is quoted CSV-style (Python's csv module, delimiter '\t');
  // text cells that a spreadsheet would take for a formula (= + - @) get a
  // leading apostrophe, which the toolkit's readers remove again.
  function cell(v) {
    var s = (v === null || v === undefined) ? '' : String(v);
    s = s.replace(/[\t\r\n\u2028\u2029]+/g, ' ');
    if (s.indexOf('"') >= 0) s = '"' + s.replace(/"/g, '""') + '"';
    return s;
  }
  function text(v) {
    var s = (v === null || v === undefined) ? '' : String(v);
    return /^'*[=+\-@]/.test(s) ? "'" + s : s;
  }
  function tsv(rows) { return rows.map(function (r) { return r.map(cell).join('\t'); }).join('\n') + '\n'; }
  function num(x) { return (x === null || x === undefined) ? '' : String(Math.round(x * 10000) / 10000); }
  // Each row keeps its own state: status is what a person decided (ok =
  // confirmed, wrong) or "unreviewed", edit says whether a person merged or
  // split it; score, confidence and flag stay the machine's (the import in
  // toolkit/export/corrections.py raises confidence only for "ok").
  var ROW_STATUS = { '': 'unreviewed', ok: 'ok', wrong: 'wrong' };
  function alignmentTsv() {
    var out = [['bead', 'src_ids', 'tgt_ids', 'src_text', 'tgt_text', 'kind', 'score', 'confidence', 'flagged',
                'status', 'edit', 'note']];
    state.rows.forEach(function (row, k) {
      var info = rowInfo(row);
      var notes = [];
      if (info.edit === 'merged') notes.push('merged by reviewer from beads ' + row.b.join('+'));
      if (info.edit === 'split') notes.push('split by reviewer from bead ' + row.b.join('+'));
      if (row.status === 'wrong') notes.push('marked wrong by reviewer');
      if (row.status === 'ok') notes.push('confirmed by reviewer');
      out.push([
        k,
        row.s.map(function (i) { return SRC.segments[i].id; }).join(' '),
        row.t.map(function (i) { return TGT.segments[i].id; }).join(' '),
        text(row.s.map(function (i) { return SRC.segments[i].text; }).join(' ')),
        text(row.t.map(function (i) { return TGT.segments[i].text; }).join(' ')),
        info.kind, num(info.score), num(info.conf), info.flagged ? 'yes' : 'no',
        ROW_STATUS[row.status], info.edit, text(notes.join('; ')),
      ]);
    });
    return '# signature: ' + DATA.signature + '\n' + tsv(out);
  }
  // The glossary TSV of toolkit/export/tabular.py: the context sentence alone, its reference
  // (document and segment) apart; class and the concept's other terms; a machine entry stays
  // "unreviewed", an entry you accepted or rejected is yours (manual).
  function glossaryTsv() {
    var s = GL.src_lang, t = GL.tgt_lang;
    var out = [[s, t, 'pos', 'class', 'freq_' + s, 'freq_' + t, 'confidence', 'status', 'context_' + s, 'ref_' + s,
                'context_' + t, 'ref_' + t, 'source', 'other_' + s, 'other_' + t, 'note', 'src_variants',
                'tgt_variants', 'subject_field', 'manual']];
    ENTRIES.forEach(function (e) {
      var d = state.gloss[e.id];
      var note = e.note || '';
      if (d) note = (note ? note + '; ' : '') + d + ' by reviewer';
      out.push([text(e.src), text(e.tgt), e.pos, glossClass(e), e.freq_src, e.freq_tgt, num(e.conf), glossStatus(e),
                text(e.ctx_src ? e.ctx_src[1] : ''), text(e.ref_src || ''),
                text(e.ctx_tgt ? e.ctx_tgt[1] : ''), text(e.ref_tgt || ''), text(e.source),
                text((e.src_other || []).join('; ')), text((e.tgt_other || []).join('; ')), text(note),
                text((e.src_var || []).join('; ')), text((e.tgt_var || []).join('; ')), text(e.subject_field),
                (d || e.manual) ? 'yes' : '']);
    });
    return '# signature: ' + GL.signature + '\n' + tsv(out);
  }
  function baseName() {
    var sym = (META.symbol || 'alignment').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '');
    return (sym || 'alignment') + '.' + SRC.lang + '-' + TGT.lang;
  }
  function download(name, text) {
    var blob = new Blob([text], { type: 'text/tab-separated-values;charset=utf-8' });
    var url = URL.createObjectURL(blob);
    var a = el('a', { href: url, download: name, hidden: true });
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 30000);
  }
  dlAlign.addEventListener('click', function () { download(baseName() + '.alignment.reviewed.tsv', alignmentTsv()); });
  dlGloss.addEventListener('click', function () { download(baseName() + '.glossary.reviewed.tsv', glossaryTsv()); });
  discard.addEventListener('click', function () {
    if (!editCount()) return;
    if (!window.confirm('Discard all your edits of this report?')) return;
    state = initialState();
    save(); rebuildMatchers(); renderRows(); renderGlossary();
  });

  // Exposed for tests and for people who want to script the page from the console.
  window.toolkitReview = { alignmentTsv: alignmentTsv, glossaryTsv: glossaryTsv, state: function () { return state; } };

  rebuildMatchers();
  renderRows();
  renderGlossary();
  document.documentElement.setAttribute('data-ready', 'true');
})();
