// Small behaviours for the server-rendered pages. Everything works without it but the
// lazy tree branches, the confirmation prompts and the statistics' bar widths.
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
      var nav = document.getElementById('nav');
      var open = nav.classList.toggle('open');
      m.setAttribute('aria-expanded', open ? 'true' : 'false');
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
  widths(document);
  document.addEventListener('htmx:afterSettle', function (e) {
    widths(e.target);
  });
  document.addEventListener('submit', function (e) {
    var msg = e.target.getAttribute('data-confirm');
    if (msg && !window.confirm(msg)) e.preventDefault();
  });
})();
