// Small behaviours for the server-rendered pages. Everything works without it but the
// lazy tree branches, the confirmation prompts, the statistics' bar widths, the folding side
// menu, the phone's menu drawer, the user menu, record lists as cards on a phone and the
// edit, move and delete dialogs, and the count of a list's ticked rows.
(function () {
  'use strict';
  var token = function () {
    var m = document.querySelector('meta[name="csrf-token"]');
    return m ? m.getAttribute('content') : '';
  };
  // htmx requests carry the CSRF token as a header.
  document.addEventListener('htmx:configRequest', function (e) {
    e.detail.headers['X-CSRF-Token'] = token();
  });
  document.addEventListener('click', function (e) {
    var t = e.target.closest('.tree-toggle');
    if (t) {
      var kids = document.getElementById('kids-' + t.dataset.id);
      if (!kids) return;
      if (kids.dataset.loaded) {
        kids.hidden = !kids.hidden;
      } else {
        window.htmx.ajax('GET', '/orgs/' + t.dataset.id + '/tree', { target: kids, swap: 'innerHTML' }).then(function () {
          kids.dataset.loaded = '1';
          kids.hidden = false;
          t.textContent = '▾';
          t.setAttribute('aria-expanded', 'true');
        });
        return;
      }
      t.textContent = kids.hidden ? '▸' : '▾';
      t.setAttribute('aria-expanded', kids.hidden ? 'false' : 'true');
      return;
    }
    var m = e.target.closest('.menu-toggle');
    if (m) {
      drawer(!document.getElementById('nav').classList.contains('open'));
      return;
    }
    if (e.target.closest('.nav-backdrop')) {
      drawer(false);
      return;
    }
    var h = e.target.closest('.nav-group-head');
    if (h) {
      fold(h.parentNode, h.getAttribute('aria-expanded') === 'true');
      remember();
      return;
    }
    var u = e.target.closest('.user-toggle');
    userMenu(u ? u.getAttribute('aria-expanded') !== 'true' : false, e.target.closest('.user-pop'));
  });
  // The side menu: a drawer on a phone, opened by the menu button.
  var drawer = function (open) {
    var nav = document.getElementById('nav');
    var btn = document.querySelector('.menu-toggle');
    var back = document.querySelector('.nav-backdrop');
    if (!nav || !btn) return;
    nav.classList.toggle('open', open);
    if (back) back.hidden = !open;
    btn.setAttribute('aria-expanded', open ? 'true' : 'false');
    if (open) {
      var first = nav.querySelector('a.active') || nav.querySelector('a');
      if (first) first.focus();
    }
  };
  // Its groups fold; which are folded is kept in the browser. The current page's group is
  // shown open whatever was kept.
  var FOLDED = 'touyan.nav.folded';
  var fold = function (group, folded) {
    var head = group.querySelector('.nav-group-head');
    var items = group.querySelector('.nav-group-items');
    head.setAttribute('aria-expanded', folded ? 'false' : 'true');
    items.hidden = folded;
  };
  var remember = function () {
    var keys = [];
    document.querySelectorAll('.nav-group').forEach(function (g) {
      if (g.querySelector('.nav-group-items').hidden) keys.push(g.getAttribute('data-group'));
    });
    try { window.localStorage.setItem(FOLDED, keys.join(',')); } catch (err) { /* private mode */ }
  };
  var kept = '';
  try { kept = window.localStorage.getItem(FOLDED) || ''; } catch (err) { /* private mode */ }
  kept.split(',').forEach(function (key) {
    var g = key && document.querySelector('.nav-group[data-group="' + key + '"]');
    if (g && !g.classList.contains('current')) fold(g, true);
  });
  // The user menu at the top right opens from the user's name and closes on a click
  // elsewhere or Escape.
  var userMenu = function (open, inside) {
    var btn = document.querySelector('.user-toggle');
    var pop = document.getElementById('user-pop');
    if (!btn || !pop || (inside && !open)) return;
    pop.hidden = !open;
    btn.setAttribute('aria-expanded', open ? 'true' : 'false');
    if (open) {
      var first = pop.querySelector('a, button');
      if (first) first.focus();
    }
  };
  document.addEventListener('keydown', function (e) {
    if (e.key !== 'Escape') return;
    var btn = document.querySelector('.user-toggle');
    if (btn && btn.getAttribute('aria-expanded') === 'true') {
      userMenu(false);
      btn.focus();
    }
    var nav = document.getElementById('nav');
    if (nav && nav.classList.contains('open')) {
      drawer(false);
      document.querySelector('.menu-toggle').focus();
    }
  });
  // Bars take their width from data-width (a percentage): the security policy allows no
  // inline style attribute, but a style set from a script file is allowed.
  var widths = function (root) {
    root.querySelectorAll('[data-width]').forEach(function (el) {
      var w = parseFloat(el.getAttribute('data-width'));
      el.style.width = (isFinite(w) ? Math.max(0, Math.min(100, w)) : 0) + '%';
    });
  };
  // Record lists read as cards on a phone (app.css): each cell is labelled with its column's
  // heading. Statistics tables (.rs) and the audit log (labelled by its template) stay as
  // they are.
  var cards = function (root) {
    root.querySelectorAll('.table-wrap > table:not(.rs):not(.audit):not(.changes)').forEach(function (table) {
      var heads = Array.prototype.map.call(table.querySelectorAll('thead th'), function (th) {
        return th.textContent.trim();
      });
      if (!heads.length) return;
      table.classList.add('cards');
      table.querySelectorAll('tbody > tr').forEach(function (tr) {
        var col = 0;
        Array.prototype.forEach.call(tr.children, function (td) {
          if (!td.hasAttribute('data-label') && td.colSpan === 1) td.setAttribute('data-label', heads[col] || '');
          col += td.colSpan || 1;
        });
      });
    });
  };
  // A table wider than the screen scrolls sideways in its box; the box takes the keyboard's
  // focus so the arrow keys can scroll it too.
  var scrollers = function (root) {
    root.querySelectorAll('.table-wrap').forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) box.setAttribute('tabindex', '0');
      else box.removeAttribute('tabindex');
    });
  };
  widths(document);
  cards(document);
  scrollers(document);
  window.addEventListener('resize', function () { scrollers(document); });
  document.addEventListener('htmx:afterSettle', function (e) {
    widths(e.target);
    cards(e.target);
    scrollers(e.target);
  });
  // A 身份证 number (GB 11643: 18 characters, the last a check character) fills the birth
  // date and gender of its form when they are blank or were filled by it before.
  var WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  var idParts = function (v) {
    v = v.trim().toUpperCase();
    if (!/^\d{17}[\dX]$/.test(v)) return null;
    var sum = 0;
    for (var i = 0; i < 17; i++) sum += Number(v[i]) * WEIGHTS[i];
    if ('10X98765432'[sum % 11] !== v[17]) return null;
    var birth = v.slice(6, 10) + '-' + v.slice(10, 12) + '-' + v.slice(12, 14);
    return { birth: birth, gender: Number(v[16]) % 2 === 1 ? 'male' : 'female' };
  };
  document.addEventListener('input', function (e) {
    var t = e.target;
    if (!t.matches || !t.matches('input[data-id-number]') || !t.form) return;
    var got = idParts(t.value);
    if (!got) return;
    [['birth_date', got.birth], ['gender', got.gender]].forEach(function (pair) {
      var f = t.form.elements[pair[0]];
      if (f && (!f.value || f.dataset.fromId)) {
        f.value = pair[1];
        f.dataset.fromId = '1';
      }
    });
  });
  // A choice that stands for its form (a list's page size) sends it at once.
  document.addEventListener('change', function (e) {
    var t = e.target;
    if (t.matches && t.matches('select[data-autosubmit]') && t.form) {
      if (t.form.requestSubmit) t.form.requestSubmit(); else t.form.submit();
    }
  });
  // A list's tick boxes belong to its selection form (their form attribute), which exports
  // the ticked rows without a script too. Here the heading's box ticks the whole page, and
  // the form's button counts the ticked rows and waits for one. The count is read again
  // when the browser brings a page back with its boxes still ticked.
  var boxesOf = function (id) {
    return document.querySelectorAll('input[type=checkbox][name=ids][form="' + id + '"]');
  };
  var recount = function (form) {
    var boxes = boxesOf(form.id);
    var n = Array.prototype.filter.call(boxes, function (b) { return b.checked; }).length;
    form.querySelectorAll('[data-selected-count]').forEach(function (el) { el.textContent = String(n); });
    var send = form.querySelector('button[type=submit]');
    if (send) send.disabled = n === 0;
    var all = document.querySelector('input[data-select-all="' + form.id + '"]');
    if (all) {
      all.hidden = boxes.length === 0;
      all.checked = n > 0 && n === boxes.length;
      all.indeterminate = n > 0 && n < boxes.length;
    }
  };
  var recountAll = function () {
    document.querySelectorAll('form[data-selection]').forEach(recount);
  };
  document.addEventListener('change', function (e) {
    var t = e.target;
    var id = t.getAttribute && (t.getAttribute('data-select-all') || (t.name === 'ids' && t.getAttribute('form')));
    var form = id && document.getElementById(id);
    if (!form || !form.hasAttribute('data-selection')) return;
    if (t.hasAttribute('data-select-all')) boxesOf(id).forEach(function (b) { b.checked = t.checked; });
    recount(form);
  });
  recountAll();
  window.addEventListener('pageshow', recountAll);
  // A form already inside a dialog was asked for on purpose: the dialog is its confirmation.
  document.addEventListener('submit', function (e) {
    var msg = e.target.getAttribute('data-confirm');
    if (!msg || e.defaultPrevented || e.target.closest('dialog')) return;
    if (!window.confirm(msg)) e.preventDefault();
  });
  // Edit, move and delete blocks (<details data-dialog>, folded at the foot of a page without
  // a script) become buttons in the page's action bar ([data-dialog-bar]) that open them as
  // modal dialogs. A block the server sent back open holds field errors: its dialog opens at
  // once with the first bad field focused.
  var closeWord = function () {
    var m = document.querySelector('meta[name="ui-close"]');
    return m ? m.getAttribute('content') : '×';
  };
  var firstBad = function (root) {
    var errs = root.querySelectorAll('.field-error');
    var field = null;
    errs.forEach(function (err) {
      var holder = err.closest('label');
      var f = holder && holder.querySelector('input:not([type=hidden]), select, textarea');
      if (f) {
        f.setAttribute('aria-invalid', 'true');
        if (!field) field = f;
      }
    });
    return field;
  };
  var dialogs = function () {
    var bar = document.querySelector('[data-dialog-bar]');
    document.querySelectorAll('details[data-dialog]').forEach(function (d, i) {
      var summary = d.querySelector(':scope > summary');
      var title = summary ? summary.textContent.trim() : '';
      var dlg = document.createElement('dialog');
      dlg.className = 'dialog' + (d.classList.contains('danger') ? ' danger' : '');
      dlg.id = d.id || ('dlg-' + i);
      dlg.setAttribute('aria-labelledby', dlg.id + '-title');
      var head = document.createElement('div');
      head.className = 'dialog-head';
      var h = document.createElement('h2');
      h.id = dlg.id + '-title';
      h.textContent = title;
      var x = document.createElement('button');
      x.type = 'button';
      x.className = 'dialog-close';
      x.setAttribute('aria-label', closeWord());
      x.textContent = '×';
      x.addEventListener('click', function () { dlg.close(); });
      head.appendChild(h);
      head.appendChild(x);
      dlg.appendChild(head);
      var body = document.createElement('div');
      body.className = 'dialog-body';
      Array.prototype.slice.call(d.childNodes).forEach(function (n) {
        if (n !== summary) body.appendChild(n);
      });
      body.querySelectorAll('form').forEach(function (f) {
        if (f.querySelectorAll(':scope > label').length >= 4) f.classList.add('grid2');
      });
      dlg.appendChild(body);
      // A click on the backdrop (the dialog box itself, outside its content) closes it.
      dlg.addEventListener('click', function (e) { if (e.target === dlg) dlg.close(); });
      var open = document.createElement('button');
      open.type = 'button';
      open.className = 'button' + (d.classList.contains('danger') ? ' danger' : '');
      open.textContent = title;
      if (d.dataset.testid) open.setAttribute('data-testid', d.dataset.testid);
      open.setAttribute('aria-haspopup', 'dialog');
      open.addEventListener('click', function () {
        dlg.showModal();
        var f = firstBad(dlg) || dlg.querySelector('.dialog-body input:not([type=hidden]), .dialog-body select, .dialog-body textarea, .dialog-body button');
        if (f) f.focus();
      });
      var wasOpen = d.open;
      if (bar) {
        bar.appendChild(open);
        d.parentNode.removeChild(d);
      } else {
        d.parentNode.replaceChild(open, d);
      }
      document.body.appendChild(dlg);
      if (wasOpen) open.click();
    });
    document.querySelectorAll('.forms').forEach(function (f) {
      if (!f.children.length) f.parentNode.removeChild(f);
    });
  };
  if (window.HTMLDialogElement) dialogs();
  // Outside dialogs, a form sent back with errors takes the focus to its first bad field.
  if (!document.querySelector('dialog[open]')) {
    var bad = firstBad(document);
    if (bad) bad.focus();
  }
})();
